// Redaction cost per span (node --expose-gc bench/redaction.bench.ts): a typical span of 20 attributes
// and 2 events, started, ended and exported through a real SDK 3.x batch processor, with otel-jwt's span
// processor (redaction in onEnding) against the same tracer without it, in one run. Target: redaction
// adds at most 25% to the span's start-to-end lifecycle. The lifecycle ends with the export: its
// exporter encodes each batch as OTLP protobuf, as every OTLP exporter does, and sends nothing. The same
// with an exporter that discards without encoding is shown too. Paired: batches of both sides alternate
// (which goes first alternates too), each timed in CPU time up to its flush, and the median of the
// per-pair ratios is taken, so a busy machine moves both sides alike. Also shown: the same with 1,024
// tokens remembered (a target too), that span with base64url request ids instead of UUIDs (runs of hex
// digits and dashes are skipped while no token has 16 of them in a row), a span that does carry a
// token (not a target), and a log record's life (emitted with 8 attributes, exported through a batch
// processor that encodes OTLP protobuf), with no token and with 1,024 remembered (targets too).
import { generateKeyPairSync, sign } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import { do_not_optimize } from 'mitata';
import {
  benchLogger,
  benchTracer,
  type ExportWork,
  type IdForm,
  logLifecycle,
  spanLifecycle,
} from './redaction-fixtures.ts';
import { median } from './report.ts';

// The built package (dist/, through the package's own exports map), never the sources.
const PACKAGE: string = 'otel-jwt';
const { JwtLogRecordProcessor, JwtSpanProcessor, jwtHttpInstrumentationConfig } = (await import(
  PACKAGE
)) as typeof import('../src/index.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = 2_000;
const BATCH = 400;
const TARGET = 1.25;

/** One side of a pair: what a batch does (a span's or a log record's whole life), and its flush. */
interface Bench {
  readonly run: (extra: Record<string, string> | undefined, form: IdForm) => void;
  readonly flush: () => Promise<unknown>;
}
const spanSide = (first: InstanceType<typeof JwtSpanProcessor>[], work: ExportWork): Bench => {
  const { tracer, flush } = benchTracer(first, work);
  return { run: (extra, form) => spanLifecycle(tracer, extra, form), flush };
};
const sides = (work: ExportWork) => ({
  plain: spanSide([], work),
  redacting: spanSide([new JwtSpanProcessor()], work),
});
const encoded = sides('encode');
const discarded = sides('discard');
const logSide = (first: InstanceType<typeof JwtLogRecordProcessor>[]): Bench => {
  const { logger, flush } = benchLogger(first, 'encode');
  return { run: () => logLifecycle(logger), flush };
};
const logs = { plain: logSide([]), redacting: logSide([new JwtLogRecordProcessor()]) };

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
function token(n: number): string {
  const header = Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: `user-${n}`, iat: n })).toString('base64url');
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

interface Paired {
  readonly ratio: number;
  readonly withNs: number;
  readonly withoutNs: number;
}

/** Median over pairs of batches of (with redaction) / (without); also CPU ns per span of each side. */
async function paired(
  pair: { readonly plain: Bench; readonly redacting: Bench },
  extra?: Record<string, string>,
  form: IdForm = 'uuid',
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
      a = await timed(pair.redacting, extra, form);
      b = await timed(pair.plain, extra, form);
    } else {
      b = await timed(pair.plain, extra, form);
      a = await timed(pair.redacting, extra, form);
    }
    if (performance.now() >= warmUntil) {
      ratios.push(a / b);
      withNs.push(a / BATCH);
      withoutNs.push(b / BATCH);
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
};
for (let round = 0; round < ROUNDS; round++) {
  results.clean.push(await paired(encoded));
  results.cleanBare.push(await paired(discarded));
  results.log.push(await paired(logs));
}
// Remembered the public way: the outgoing-request hook remembers each request's bearer token.
const hooks = jwtHttpInstrumentationConfig();
for (let i = 1; i <= 1_024; i++) {
  hooks.startOutgoingSpanHook({ hostname: 'a.internal', headers: { authorization: `Bearer ${token(i)}` } });
}
const planted = { 'app.note': `refused ${token(0)}` };
for (let round = 0; round < ROUNDS; round++) {
  results.remembered.push(await paired(encoded));
  results.rememberedBase64url.push(await paired(encoded, undefined, 'base64url'));
  results.dirty.push(await paired(encoded, planted));
  results.logRemembered.push(await paired(logs));
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);

const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;
const row = (label: string, list: Paired[], note = '') => {
  const ratio = median(list.map((result) => result.ratio));
  const ns = (pick: (result: Paired) => number) => median(list.map(pick)).toFixed(0).padStart(6);
  return `  ${label.padEnd(46)} ${ns((r) => r.withoutNs)} ns ${ns((r) => r.withNs)} ns  ${pct(ratio).padStart(6)}  (rounds ${list.map((r) => pct(r.ratio)).join(' ')})${note}`;
};
const lines = [
  `\notel-jwt redaction per span: 20 attributes + 2 events, start to export on SDK 3.x (node ${process.version}, ${seconds} s)`,
  `  ${''.padEnd(46)} without   with      added, CPU time (median of ${ROUNDS} rounds of paired batches)`,
  row('clean span, exported as OTLP protobuf', results.clean),
  row('clean span, 1,024 tokens remembered', results.remembered),
  row(
    '  the same with base64url ids, not UUIDs',
    results.rememberedBase64url,
    '  less usual ids, shown for comparison',
  ),
  row('span carrying a token (replaced)', results.dirty, '  not a target'),
  row('clean span, exporter discards unencoded', results.cleanBare, '  not a target: no export work'),
  row('clean log record, exported as OTLP protobuf', results.log),
  row('clean log record, 1,024 tokens remembered', results.logRemembered),
];
const worst = Math.max(
  median(results.clean.map((r) => r.ratio)),
  median(results.remembered.map((r) => r.ratio)),
  median(results.log.map((r) => r.ratio)),
  median(results.logRemembered.map((r) => r.ratio)),
);
lines.push(
  worst <= TARGET
    ? `  PASS redaction adds at most ${pct(worst)} to a span's or a log record's lifecycle (target: at most 25%)`
    : `  MISS redaction adds ${pct(worst)} to a span's or a log record's lifecycle, ${((worst - TARGET) * 100).toFixed(1)} points over the 25% target`,
);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
