// Redaction cost per span (node --expose-gc bench/redaction.bench.ts): a typical span of 20 attributes
// and 2 events, started and ended on a real SDK 3.x tracer, with otel-jwt's span processor (redaction in
// onEnding) against the same tracer without it, in one run. Target: redaction adds at most 25% to the
// span's start-to-end lifecycle. The ratio is paired (paired.ts): batches of both sides alternate, so a
// busy machine moves both alike. Also shown, not targeted: the same with 1,024 tokens remembered for
// redaction, and a span that does carry a token (the cost of actually replacing it).
import { generateKeyPairSync, sign } from 'node:crypto';
import { do_not_optimize } from 'mitata';
import { pairedRatio, type Side } from './paired.ts';
import { benchTracer, spanLifecycle } from './redaction-fixtures.ts';
import { median } from './report.ts';

// The built package (dist/, through the package's own exports map), never the sources.
const PACKAGE: string = 'otel-jwt';
const { JwtSpanProcessor, jwtHttpInstrumentationConfig } = (await import(
  PACKAGE
)) as typeof import('../src/index.ts');

const ROUNDS = 5;
const PAIRED_MS = 1_500;
const TARGET = 1.25;

const plain = benchTracer([]);
const redacting = benchTracer([new JwtSpanProcessor()]);

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
const planted = token(0);

const side = (tracer: typeof plain, extra?: Record<string, string>): Side<undefined> => ({
  make: () => undefined,
  run: () => spanLifecycle(tracer, extra),
});

function nsPerSpan(run: () => void, count = 20_000): number {
  for (let i = 0; i < 2_000; i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) do_not_optimize(run());
  return Number(process.hrtime.bigint() - start) / count;
}

const started = performance.now();
const cases = { clean: [] as number[], remembered: [] as number[], dirty: [] as number[] };
const absolute = { plain: [] as number[], redacting: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  absolute.plain.push(nsPerSpan(() => spanLifecycle(plain)));
  absolute.redacting.push(nsPerSpan(() => spanLifecycle(redacting)));
  cases.clean.push(pairedRatio(side(redacting), side(plain), PAIRED_MS));
}
// Remembered the public way: the outgoing-request hook remembers each request's bearer token.
const hooks = jwtHttpInstrumentationConfig();
for (let i = 1; i <= 1_024; i++) {
  hooks.startOutgoingSpanHook({ hostname: 'a.internal', headers: { authorization: `Bearer ${token(i)}` } });
}
const dirty = { 'app.note': `refused ${planted}` };
for (let round = 0; round < ROUNDS; round++) {
  cases.remembered.push(pairedRatio(side(redacting), side(plain), PAIRED_MS));
  cases.dirty.push(pairedRatio(side(redacting, dirty), side(plain, dirty), PAIRED_MS));
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);

const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;
const lines = [
  `\notel-jwt redaction per span: 20 attributes + 2 events, start to end on SDK 3.x (node ${process.version}, ${seconds} s)`,
  `  without otel-jwt: ${median(absolute.plain).toFixed(0)} ns/span; with: ${median(absolute.redacting).toFixed(0)} ns/span (medians of ${ROUNDS} rounds)`,
  `  added cost, paired median over ${ROUNDS} rounds (rounds: ${cases.clean.map(pct).join(' ')}):`,
  `    clean span:                           ${pct(median(cases.clean))}`,
  `    clean span, 1,024 tokens remembered:  ${pct(median(cases.remembered))}`,
  `    span carrying a token (replaced):     ${pct(median(cases.dirty))}  (not a target)`,
];
const worst = Math.max(median(cases.clean), median(cases.remembered));
lines.push(
  worst <= TARGET
    ? `  PASS redaction adds ${pct(worst)} to a span's lifecycle (target at most 25%)`
    : `  MISS redaction adds ${pct(worst)} to a span's lifecycle, ${((worst - TARGET) * 100).toFixed(1)} points over the 25% target`,
);
process.stdout.write(`${lines.join('\n')}\n`);
