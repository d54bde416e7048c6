#!/usr/bin/env bash
# Builds the package, packs it, installs the tarball in a scratch project and imports the
# three public entry points (dfsweo, dfsweo/sim, dfsweo/properties) and runs a tiny system;
# then runs the installed `dfsweo` command: a sweep on two worker processes that passes, one
# that fails (exit code 1, a replay line), and the replay of the failure's token.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm run -s build
tarball=$(npm pack --silent --pack-destination "$scratch" | tail -n 1)
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund "$scratch/$tarball" >/dev/null
cat > check.mjs <<'JS'
import { spawn, send, self, receive } from 'dfsweo';
import { Simulation } from 'dfsweo/sim';
import * as props from 'dfsweo/properties';
const r = Simulation.create({ seed: 3 }).run(function* () {
  const pid = spawn(function* () { const [from, n] = yield* receive(); send(from, n + 1); });
  send(pid, [self(), 41]);
  return yield* receive();
});
if (r.outcome !== 'ok' || r.value !== 42) { console.error('unexpected result', r.outcome, r.value); process.exit(1); }
if (typeof props !== 'object') process.exit(1);
console.log('pack-check ok:', r.outcome, r.value, r.token.slice(0, 24) + '…');
JS
node check.mjs
cat > scenarios.mjs <<'JS'
import { spawn, send, self, receive } from 'dfsweo';
import { defineScenario } from 'dfsweo/properties';
export const echo = defineScenario({
  name: 'echo',
  main: function* () {
    const pid = spawn(function* () { const [from, n] = yield* receive(); send(from, n + 1); });
    send(pid, [self(), 41]);
    return yield* receive();
  },
});
JS
cat > racy.mjs <<'JS'
import { spawn, send, self, receive } from 'dfsweo';
import { defineScenario } from 'dfsweo/properties';
export const racy = defineScenario({
  name: 'racy',
  faults: false,
  main: function* () {
    const me = self();
    spawn(function* () { send(me, 'a'); });
    spawn(function* () { send(me, 'b'); });
    if ((yield* receive()) !== 'a') throw new Error('b came first');
  },
});
JS
npx dfsweo check scenarios.mjs --runs 100 --workers 2 | grep -q '^ok *echo: 100 run(s)'
set +e
out=$(npx dfsweo check scenarios.mjs racy.mjs --runs 40 --workers 2 2>&1)
code=$?
set -e
if [ "$code" != 1 ] || ! grep -q '^replay: npx dfsweo replay ' <<<"$out" || ! grep -q '^ok *echo (scenarios.mjs): 40 run(s)' <<<"$out"; then echo "pack-check: a failing sweep should exit 1 with a replay line (exit $code)"; echo "$out"; exit 1; fi
token=$(grep -m1 '^token: ' <<<"$out" | cut -d' ' -f2)
npx dfsweo replay "$token" | grep -q 'replayed outcome: crashed'
echo 'pack-check ok: dfsweo check (2 workers; one module passing, then two on one pool with a failure) and replay'
