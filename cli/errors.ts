/** A typed error for the command's users: printed without a stack. */
export class CliError extends Error {
  override name = 'CliError';
}
