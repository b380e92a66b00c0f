#!/usr/bin/env bash
# The README's commands: set up the pinned toolchain, then run one task.
# Needs only Node.js 20 or newer with npm on the machine: Node 24 and pnpm come from the npm registry into tools/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The machine's own Node (the supported older line, 20) stays reachable for the compatibility run.
# Skip the pinned one, should tools/ already be on PATH.
COMPAT_SYSTEM_NODE=""
while read -r candidate; do
  case "$candidate" in
    "$root"/tools/*) ;;
    *) COMPAT_SYSTEM_NODE=$candidate; break ;;
  esac
done < <(type -a -p node)
export COMPAT_SYSTEM_NODE

want_node=$(node -p "require('./tools/package.json').dependencies.node")
have_node=$(tools/node_modules/.bin/node --version 2>/dev/null || true)
if [ "$have_node" != "v$want_node" ] || [ ! -x tools/node_modules/.bin/pnpm ]; then
  echo "setting up Node $want_node and pnpm in tools/ ..."
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi
export PATH="$root/tools/node_modules/.bin:$PATH"

pnpm install --frozen-lockfile --reporter=append-only

case "${1:-}" in
  demo) pnpm run build && pnpm --filter ./examples/multi-service run start ;;
  test) pnpm run test:all ;;
  bench) pnpm run build && pnpm --filter otel-jwt run bench ;;
  bench-http) pnpm run build && pnpm --filter ./bench run bench:http ;;
  *) echo "usage: scripts/run.sh demo|test|bench|bench-http" >&2; exit 2 ;;
esac
