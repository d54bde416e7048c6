#!/usr/bin/env bash
# Builds the package, packs it, installs the tarball in a scratch project and imports the
# three public entry points (dfsweo, dfsweo/sim, dfsweo/properties) and runs a tiny system.
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
