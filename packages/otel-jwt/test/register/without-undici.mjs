// `node --import ./without-undici.mjs --import otel-jwt/register ...`: an installation without
// @opentelemetry/instrumentation-undici, whose resolution fails as for a package that is not installed.
import { registerHooks } from 'node:module';

const HIDDEN = '@opentelemetry/instrumentation-undici';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === HIDDEN || specifier.startsWith(`${HIDDEN}/`)) {
      throw Object.assign(new Error(`Cannot find module '${HIDDEN}'`), { code: 'MODULE_NOT_FOUND' });
    }
    return nextResolve(specifier, context);
  },
});
