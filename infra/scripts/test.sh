#!/usr/bin/env bash
# `npm test`: install what the tests need (Debian packages through apt where available), build, run every test:
# unit, embedded end-to-end, and distributed integration against the librdkafka mock cluster and clickhouse-server.
# Integration tests start those themselves and fail with a clear message when they cannot; they never skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTENV_CONFIG_QUIET=true
PNPM=(npx -y pnpm@10.34.8)

bash infra/scripts/install-system-deps.sh

"${PNPM[@]}" install --frozen-lockfile --reporter=silent
# turbo runs package scripts through pnpm: both must be on PATH as absolute paths (npx gives a relative one).
export PATH="$PWD/node_modules/.bin:$PATH"
status=0
# Static checks: ESLint, knip (unused files, exports, dependencies), Prettier. A finding
# fails the run at the end, like a failed test; the tests still run.
pnpm run -s lint || status=$?
pnpm run -s knip || status=$?
pnpm run -s format:check || status=$?
turbo run build --output-logs=errors-only
find . -name .vitest-result.json -not -path '*/node_modules/*' -delete
turbo run test --concurrency=2 --continue --output-logs=new-only || status=$?
node infra/scripts/summarise-tests.mjs || status=$?
exit "$status"
