// Real SDK spans and log records with values planted in every place telemetry can hold text, for the
// leak scanner's tests: the same telemetry carries a token's material or, for the clean case, harmless
// look-alikes (another issuer's token, long base64, hex, percent-encoded URLs).
import { createHash, createSecretKey } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { signClaims, signJson } from './forge.js';
import type { TestKey } from './test-keys.js';

/**
 * Fixed keys and claims, so every run plants the very same tokens: the exact-report tests then cannot
 * meet a chance coincidence one run in ten (a random signature sometimes holds, say, 16 characters with no
 * lower-case letter, which its upper-cased copy matches). HS256 because its signature is deterministic.
 */
function fixedKey(kid: string, seed: string): TestKey {
  const secret = createHash('sha256').update(seed).digest();
  return {
    alg: 'HS256',
    kid,
    signingKey: createSecretKey(secret),
    publicJwk: { kty: 'oct', kid, alg: 'HS256' },
  };
}

const ISSUER_KEY = fixedKey('hs-leak', 'otel-jwt leak scanner tests: issuer');
const OTHER_KEY = fixedKey('other-issuer', 'otel-jwt leak scanner tests: another issuer');
/** A fixed instant, and counters where the claims must differ from token to token. */
const ISSUED_AT = 1_790_000_000;
let issued = 0;
let lookAlikes = 0;

/** A signed token of the test issuer; each call in a run differs (its `jti`), every run is the same. */
export function leakToken(claims: Record<string, unknown> = {}): string {
  issued++;
  return signClaims(ISSUER_KEY, {
    iss: 'https://idp.test',
    aud: 'orders',
    sub: 'alice',
    iat: ISSUED_AT,
    exp: ISSUED_AT + 3600,
    jti: createHash('sha256').update(`jti ${issued}`).digest('hex').slice(0, 16),
    ...claims,
  });
}

/**
 * A real token of another issuer, shaped differently from {@link leakToken} (header members in another
 * order, other claims), so it shares no token material with it in any form: harmless for the scanner.
 * Tokens of one issuer share their header segment (and JWTs starting `{"alg":"E` share 12 characters,
 * as many as a base64 window covers), which the scanner rightly reports.
 */
export function lookAlikeToken(): string {
  const payload = JSON.stringify({
    client_id: 'svc-b',
    scope: 'read write',
    n: createHash('sha256').update(`look-alike ${++lookAlikes}`).digest('hex').slice(0, 12),
  });
  return signJson('{"kid":"look-alike-1","alg":"EdDSA"}', payload, OTHER_KEY);
}

/** A token's segments and a 16-character piece from the middle of its signature. */
export function partsOf(token: string): {
  header: string;
  payload: string;
  signature: string;
  piece: string;
} {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header, payload, signature, piece: signature.slice(20, 36) };
}

const b64 = (text: string, encoding: 'base64' | 'base64url' = 'base64'): string =>
  Buffer.from(text).toString(encoding);

/** A resource of the SDK's default attributes plus `extra`, made with the real resource's `merge`. */
function resourceWith(extra: Record<string, string>): ReadableSpan['resource'] {
  const probe = new TracerProvider().getTracer('probe').startSpan('probe') as unknown as ReadableSpan;
  const other = { getRawAttributes: () => Object.entries(extra), schemaUrl: undefined };
  return probe.resource.merge(other as unknown as ReadableSpan['resource']);
}

/**
 * One span and two log records from the real SDK with `token`'s material planted as listed by
 * `expectedPlants` (leak-plants.ts). With a token not in the scanned list, the same telemetry is clean.
 */
export async function recordTelemetry(
  token: string,
): Promise<{ spans: ReadableSpan[]; logs: ReadableLogRecord[] }> {
  const { header, payload, signature, piece } = partsOf(token);
  const resource = resourceWith({ 'deployment.secret': token });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const span = tracerProvider
    .getTracer(`scope-${piece}`, '1.0.0')
    .startSpan(`GET /orders?access_token=${token}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.header.authorization': `Bearer ${token}`,
        'jwt.header': header,
        'jwt.payload': payload,
        'jwt.signature': signature,
        'debug.fragment': `sig=${piece};`,
        'url.full': `https://api.test/callback?token=${token.replaceAll('.', '%2E')}&x=1`,
        blob: new Uint8Array(Buffer.from(token)),
        'blob.base64': new Uint8Array(Buffer.from(b64(token))),
        encoded: `data:${b64(`xx${token}`)}`,
        hexdump: `hex:${Buffer.from(token).toString('hex').toUpperCase()}`,
        nested: { deeper: { list: ['safe', `token ${token}`] } },
      },
      links: [
        {
          context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
          attributes: { 'link.token': b64(token, 'base64url') },
        },
      ],
    });
  span.addEvent('exception', { 'exception.message': `invalid token ${token}` });
  span.setStatus({ code: SpanStatusCode.ERROR, message: `token rejected: ${token}` });
  span.end();
  await tracerProvider.forceFlush();

  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  const logger = loggerProvider.getLogger('leak-test');
  logger.emit({
    body: {
      request: { headers: { authorization: `Bearer ${token}` } },
      raw: new Uint8Array(Buffer.from(`\u0000\u0001${token}`)),
    },
    attributes: {
      'log.base64': `payload=${b64(token)}`,
      'log.url': `/cb?t=${token.replaceAll('.', '%2e')}`,
    },
    severityText: 'WARN',
    eventName: `evt-${payload}`,
  });
  logger.emit({ body: token, attributes: { [`k-${piece}`]: 'v' } });
  await loggerProvider.forceFlush();
  return { spans: spanExporter.getFinishedSpans(), logs: logExporter.getFinishedLogRecords() };
}
