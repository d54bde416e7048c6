/**
 * Command sequences for model-based tests, as data: `[name, args]` pairs that a process in
 * the simulation interprets and a model checks. Being data, a sequence prints, goes into a
 * token's `extra`, and shrinks (fewer commands, simpler arguments).
 */
import fc from 'fast-check';
import { formatTerm, termEquals } from '../../src/index.js';

/** One command: its name and its generated arguments. */
export type Command<Defs extends Record<string, fc.Arbitrary<unknown>>> = {
  [K in keyof Defs & string]: [K, Defs[K] extends fc.Arbitrary<infer A> ? A : never];
}[keyof Defs & string];

/**
 * An arbitrary of command sequences from a table of argument arbitraries.
 *
 * @example
 * ```ts
 * const cmds = commandSequence({ put: fc.tuple(fc.nat(9), fc.string()), get: fc.nat(9), del: fc.nat(9) }, { maxLength: 20 });
 * // each value: [['put', [3, 'a']], ['get', 3], ['del', 3], …]
 * ```
 */
export function commandSequence<Defs extends Record<string, fc.Arbitrary<unknown>>>(
  defs: Defs,
  options: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<Command<Defs>[]> {
  const names = Object.keys(defs);
  if (names.length === 0) throw new TypeError('commandSequence: defs must name at least one command');
  const one = fc.oneof(...names.map((n) => defs[n]!.map((args) => [n, args] as [string, unknown])));
  return fc.array(one, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 10 }) as unknown as fc.Arbitrary<Command<Defs>[]>;
}

/**
 * Runs a sequence against a pure model and the real system side by side, step by step; the
 * first disagreement is returned as text (undefined when they agree throughout).
 *
 * @example `const diff = yield* runAgainstModel(cmds, new Map(), modelStep, realStep)`
 */
export function* runAgainstModel<C extends [string, unknown], M>(
  commands: readonly C[],
  model: M,
  modelStep: (model: M, command: C) => unknown,
  realStep: (command: C) => Generator<unknown, unknown, unknown>,
  equals: (a: unknown, b: unknown) => boolean = termEquals,
): Generator<unknown, string | undefined, unknown> {
  for (let i = 0; i < commands.length; i++) {
    const expected = modelStep(model, commands[i]!);
    const actual = yield* realStep(commands[i]!);
    if (!equals(expected, actual)) {
      return `command ${i + 1} ${formatTerm(commands[i])}: model says ${formatTerm(expected)}, system says ${formatTerm(actual)}`;
    }
  }
  return undefined;
}
