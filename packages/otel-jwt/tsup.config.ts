import { defineConfig } from 'tsup';

/** `otel-jwt/register`: loaded with `node --import`, so ESM only (it also awaits the first key fetch at top level). */
const REGISTER_ENTRY = 'src/register.ts';

// Dependencies and peer dependencies stay external (tsup's default). The register entry requires the
// optional instrumentation-undici at run time, so an installation without it starts, with fetch uninstrumented.
export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts', REGISTER_ENTRY],
  format: ['esm', 'cjs'],
  // The register entry exports nothing, so it has no types (attw skips it: see .attw.json).
  dts: { entry: ['src/index.ts', 'src/testing.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  esbuildOptions(options, { format }) {
    if (format === 'cjs' && Array.isArray(options.entryPoints)) {
      options.entryPoints = (options.entryPoints as string[]).filter((entry) => entry !== REGISTER_ENTRY);
    }
  },
});
