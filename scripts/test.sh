#!/usr/bin/env bash
# `npm test`: works on a fresh clone. Installs dependencies and generates the Prisma
# client when they are missing or stale, makes PostgreSQL and Redis available, runs
# the tap suite (.taprc), then prints "N passed, N failed[, N skipped]" from tap's own
# totals. Extra arguments go to tap (e.g. `npm test -- test/auth.test.ts`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm writes node_modules/.package-lock.json after package-lock.json, so a newer
# package-lock.json means the lock file changed since the last install.
installed=
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # npm ci refuses a lock file that lacks optional packages the registry doesn't serve
  # (seen: @msgpackr-extract/*-darwin-*@3.0.7); npm install then installs the same
  # locked versions. Its own error is shown either way.
  mkdir -p .tap
  if ! npm ci --no-audit --no-fund 2>.tap/npm-ci.log; then
    grep -E '^npm error (code|Missing|Invalid|[^ ]+ from lock)|^npm error `npm ci`' .tap/npm-ci.log || cat .tap/npm-ci.log
    echo "npm ci failed; installing from the lock file with npm install instead"
    npm install --no-audit --no-fund
  fi
  installed=1
fi

# The generated client is not committed. The schema-engine variable keeps prisma from
# fetching an engine binary, which generate does not need (no network here).
if [[ -n $installed || ! -f src/generated/prisma/client.ts || prisma/schema.prisma -nt src/generated/prisma/client.ts ]]; then
  PRISMA_SCHEMA_ENGINE_BINARY=/dev/null node_modules/.bin/prisma generate
fi

SHORTLIST_NEEDS_BROWSER=1 bash scripts/services.sh

# tap rebuilds its Test class when the plugin set changes, but that run still loads the
# plugins it started with (so ts-node next to tsx). Build first when the installed
# build still has the typescript plugin that .taprc turns off.
if grep -q '@tapjs/typescript' node_modules/@tapjs/test/test-built/dist/esm/index.js 2>/dev/null; then
  node_modules/.bin/tap build
fi

# Keep the raw TAP to read the totals from. On a terminal: tap's default reporter, raw
# TAP into a file. Otherwise raw TAP to stdout and a copy through tee (tap's own
# --output-file prints every line twice when the reporter is raw TAP).
raw=.tap/last-run.tap
mkdir -p .tap && rm -f "$raw"
set +e
if [[ -t 1 ]]; then
  node_modules/.bin/tap --output-file="$raw" "$@"
  rc=$?
else
  node_modules/.bin/tap --reporter=tap "$@" | tee "$raw"
  rc=${PIPESTATUS[0]}
fi
set -e

# The runner's last top-level comment is its totals over all files, counting every
# assertion (a test file that crashes counts as a failed one):
#   # { total: 8, pass: 5, fail: 2, skip: 1 }     (keys that are 0 are left out)
totals=$(grep -E '^# \{ total: ' "$raw" 2>/dev/null | tail -n 1 || true)
count() { [[ $totals =~ $1:\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
passed=$(count pass) failed=$(count fail) skipped=$(($(count skip) + $(count todo)))
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # e.g. the `before` script failed, or tap itself broke: the run counts as one failure.
  echo "tap exited with status $rc$([[ -n $totals ]] || echo ' before reporting totals')"
  failed=1
fi
line="$passed passed, $failed failed"
((skipped == 0)) || line+=", $skipped skipped"
echo "$line"
((failed == 0)) || exit "$(( rc ? rc : 1 ))"
