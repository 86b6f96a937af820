#!/usr/bin/env bash
# `npm start`: install (pnpm pinned, no corepack), build, and run the embedded pipeline with the demo feed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTENV_CONFIG_QUIET=true
PNPM=(npx -y pnpm@10.34.8)
echo "vakt: installing dependencies (pnpm 10.34.8)…" >&2
"${PNPM[@]}" install --frozen-lockfile --reporter=silent
# turbo runs package scripts through pnpm: both must be on PATH as absolute paths (npx gives a relative one).
export PATH="$PWD/node_modules/.bin:$PATH"
echo "vakt: building…" >&2
turbo run build --output-logs=errors-only >&2
exec node apps/cli/dist/main.js up "$@"
