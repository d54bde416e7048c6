// Runs before `npm test` and `npm run demo`: on a fresh clone, installs the dependencies from
// the committed lockfile first, so both commands work with nothing else done.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync(new URL('../node_modules/.package-lock.json', import.meta.url))) {
  process.stderr.write('dfsweo: installing dependencies (npm ci) …\n');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
