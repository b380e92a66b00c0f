#!/usr/bin/env bash
# Runs the compatibility checks with the machine's own Node (Node 20, the oldest supported line), not the
# pinned Node 24 the rest of the suite uses. scripts/run.sh exports COMPAT_SYSTEM_NODE.
set -euo pipefail
cd "$(dirname "$0")"
node_bin=${COMPAT_SYSTEM_NODE:-node}
echo "compatibility run on $("$node_bin" --version) with @opentelemetry/api $("$node_bin" -p "require('./node_modules/@opentelemetry/api/package.json').version")"
exec "$node_bin" --test --test-reporter=spec ./*.test.mjs ./*.test.cjs
