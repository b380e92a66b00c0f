// Redaction cost per span (node --expose-gc bench/redaction.bench.ts): a typical span of 20 attributes
// and 2 events, started, ended and exported through a real SDK 3.x batch processor, with otel-jwt's
// recommended setup (its span processor first, redaction in onEnding, and the exporter wrapped in its
// RedactingSpanExporter) against the same tracer without either, in one run. Target: redaction adds at
// most 25% to the span's start-to-end lifecycle. The lifecycle ends with the export: its exporter
// encodes each batch as OTLP protobuf, as every OTLP exporter does, and sends nothing. The same with an
// exporter that discards without encoding is shown too. Paired: batches of both sides alternate (which
// goes first alternates too), each timed in CPU time up to its flush, and the median of the per-pair
// ratios is taken, so a busy machine moves both sides alike. Also shown: the same with 1,024 tokens
// remembered (a target too), that span with base64url request ids instead of UUIDs (runs of hex digits
// and dashes are skipped while no token has 16 of them in a row), a span that does carry a token (not a
// target), a log record's life (emitted with 8 attributes, exported through a batch processor that
// encodes OTLP protobuf; the log processor and the RedactingLogRecordExporter against neither), and a
// metric export (collect and encode 32 time series through a PeriodicExportingMetricReader; the
// RedactingMetricExporter against the plain exporter), each with no token and with 1,024 remembered
// (targets too).
import { generateKeyPairSync, sign } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import { defaultTextMapGetter as getter, ROOT_CONTEXT } from '@opentelemetry/api';
import { do_not_optimize } from 'mitata';
import {
  benchLogger,
  benchTracer,
  type ExportWork,
  type IdForm,
  logLifecycle,
  spanLifecycle,
} from './redaction-fixtures.ts';
import { benchMeter } from './redaction-metrics.ts';
import { type Paired, reportLines } from './redaction-report.ts';
import { median } from './report.ts';

// The built package (dist/, through the package's own exports map), never the sources.
const PACKAGE: string = 'otel-jwt';
const {
  JwtLogRecordProcessor,
  JwtSpanProcessor,
  RedactingLogRecordExporter,
  RedactingMetricExporter,
  RedactingSpanExporter,
  createJwtTelemetry,
  getAuth,
} = (await import(PACKAGE)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = 2_000;
const BATCH = 400;
/** Metric exports per timed batch: one export of 32 series costs about as much as a batch of spans. */
const EXPORTS = 20;

/** One side of a pair: what a batch does (a span's or a log record's whole life), and its flush. */
interface Bench {
  readonly run: (extra: Record<string, string> | undefined, form: IdForm) => void;
  readonly flush: () => Promise<unknown>;
}
const sides = (work: ExportWork) => {
  const plain = benchTracer([], work);
  const redacting = benchTracer([new JwtSpanProcessor()], work, (e) => new RedactingSpanExporter(e));
  return {
    plain: { run: (extra, form) => spanLifecycle(plain.tracer, extra, form), flush: plain.flush } as Bench,
    redacting: {
      run: (extra, form) => spanLifecycle(redacting.tracer, extra, form),
      flush: redacting.flush,
    } as Bench,
  };
};
const encoded = sides('encode');
const discarded = sides('discard');
const plainLogs = benchLogger([], 'encode');
const redactingLogs = benchLogger(
  [new JwtLogRecordProcessor()],
  'encode',
  (e) => new RedactingLogRecordExporter(e),
);
const logs = {
  plain: { run: () => logLifecycle(plainLogs.logger), flush: plainLogs.flush } as Bench,
  redacting: { run: () => logLifecycle(redactingLogs.logger), flush: redactingLogs.flush } as Bench,
};
/** Metric sides: a batch is {@link EXPORTS} collections, each exported; nothing is recorded in between. */
const meters = { plain: benchMeter(), redacting: benchMeter((e) => new RedactingMetricExporter(e)) };

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ISSUER = 'https://idp.bench.test';
const AUDIENCE = 'bench';
const NOW = Math.floor(Date.now() / 1000);
function token(n: number): string {
  const header = Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url');
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: `user-${n}`, iat: NOW, exp: NOW + 3_600 };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * CPU time of a batch up to its export (user + system, in ns), not wall time: on a shared machine
 * another process takes the CPU for milliseconds at a time, which wall time would charge to one side.
 */
async function timed(side: Bench, extra: Record<string, string> | undefined, form: IdForm): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < BATCH; i++) do_not_optimize(side.run(extra, form));
  await side.flush();
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

/** CPU time (ns) of {@link EXPORTS} metric exports, each collect and export awaited before the next. */
async function timedExports(side: ReturnType<typeof benchMeter>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < EXPORTS; i++) await side.exportOnce();
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

/** Median over pairs of batches of (with redaction) / (without); also CPU ns per item of each side. */
async function paired(
  pair: { readonly plain: Bench; readonly redacting: Bench },
  extra?: Record<string, string>,
  form: IdForm = 'uuid',
): Promise<Paired> {
  return pairedBy(pair, (side) => timed(side, extra, form), BATCH);
}

async function pairedBy<S>(
  pair: { readonly plain: S; readonly redacting: S },
  time: (side: S) => Promise<number>,
  items: number,
): Promise<Paired> {
  const ratios: number[] = [];
  const withNs: number[] = [];
  const withoutNs: number[] = [];
  const warmUntil = performance.now() + ROUND_MS / 10;
  const deadline = performance.now() + ROUND_MS;
  for (let n = 0; performance.now() < deadline || ratios.length === 0; n++) {
    let a: number;
    let b: number;
    if (n % 2 === 0) {
      a = await time(pair.redacting);
      b = await time(pair.plain);
    } else {
      b = await time(pair.plain);
      a = await time(pair.redacting);
    }
    if (performance.now() >= warmUntil) {
      ratios.push(a / b);
      withNs.push(a / items);
      withoutNs.push(b / items);
    }
    await turn();
  }
  return { ratio: median(ratios), withNs: median(withNs), withoutNs: median(withoutNs) };
}

const started = performance.now();
const results = {
  clean: [] as Paired[],
  cleanBare: [] as Paired[],
  remembered: [] as Paired[],
  rememberedBase64url: [] as Paired[],
  dirty: [] as Paired[],
  log: [] as Paired[],
  logRemembered: [] as Paired[],
  metrics: [] as Paired[],
  metricsRemembered: [] as Paired[],
};
const metricExports = () => pairedBy(meters, timedExports, EXPORTS);
for (let round = 0; round < ROUNDS; round++) {
  results.clean.push(await paired(encoded));
  results.cleanBare.push(await paired(discarded));
  results.log.push(await paired(logs));
  results.metrics.push(await metricExports());
}
// Remembered as a service remembers them: each one verified by the propagator's extract, so all 1,024
// stay in the pool of vouched tokens (outgoing credentials would keep only the newest 64).
const service = createJwtTelemetry({
  verifier: {
    issuers: [
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        keys: {
          type: 'static',
          keys: [{ type: 'jwk', jwk: publicKey.export({ format: 'jwk' }), alg: 'ES256' }],
        },
      },
    ],
  },
});
for (let i = 1; i <= 1_024; i++) {
  const request = service.propagator.extract(ROOT_CONTEXT, { authorization: `Bearer ${token(i)}` }, getter);
  const result = getAuth(request)?.result;
  if (result?.status !== 'valid')
    throw new Error(`bench setup: token ${i} did not verify: ${JSON.stringify(result)}`);
}
await service.shutdown();
const planted = { 'app.note': `refused ${token(0)}` };
for (let round = 0; round < ROUNDS; round++) {
  results.remembered.push(await paired(encoded));
  results.rememberedBase64url.push(await paired(encoded, undefined, 'base64url'));
  results.dirty.push(await paired(encoded, planted));
  results.logRemembered.push(await paired(logs));
  results.metricsRemembered.push(await metricExports());
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);

process.stdout.write(
  reportLines(process.version, seconds, ROUNDS, [
    { label: 'clean span, exported as OTLP protobuf', list: results.clean, target: true },
    { label: 'clean span, 1,024 tokens remembered', list: results.remembered, target: true },
    {
      label: '  the same with base64url ids, not UUIDs',
      list: results.rememberedBase64url,
      note: 'less usual ids, shown for comparison',
    },
    { label: 'span carrying a token (replaced)', list: results.dirty, note: 'not a target' },
    {
      label: 'clean span, exporter discards unencoded',
      list: results.cleanBare,
      note: 'not a target: no export work',
    },
    { label: 'clean log record, exported as OTLP protobuf', list: results.log, target: true },
    { label: 'clean log record, 1,024 tokens remembered', list: results.logRemembered, target: true },
    { label: 'metric export (32 series), OTLP protobuf', list: results.metrics, target: true },
    { label: 'metric export, 1,024 tokens remembered', list: results.metricsRemembered, target: true },
  ]),
);
process.exit(0);
