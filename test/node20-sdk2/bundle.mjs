// Bundles the integration harness (TypeScript in test/integration, shared with the Node 24 vitest run)
// into dist/ for Node 20, which cannot run TypeScript. Every package stays external, so bare imports in
// dist/ resolve here: to SDK 2.x, api 1.9 and the injected, built otel-jwt.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

await build({
  absWorkingDir: dirname(fileURLToPath(import.meta.url)),
  entryPoints: {
    chain: '../integration/src/chain.ts',
    scenarios: '../integration/src/scenarios.ts',
    service: '../integration/src/service.ts',
  },
  outdir: 'dist',
  bundle: true,
  // Shared modules land in one chunk instead of a copy per entry.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
