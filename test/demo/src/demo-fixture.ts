// One run of the demo for the whole test file: a receiver for the forwarded OTLP export, the demo's
// output directory, and everything decoded from them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The integration tests' receiver: the same raw-bytes OTLP/HTTP endpoint serves both suites.
import {
  type OtlpReceiver,
  type ReceivedExport,
  startOtlpReceiver,
} from '../../integration/src/otlp-receiver.ts';
import { decodeLogs, decodeSpans } from './exported-telemetry.ts';
import { type DemoRun, runDemo } from './run-demo.ts';
import { type RunSummary, type TraceView, traceView } from './trace-view.ts';

export interface DemoFixture {
  readonly run: DemoRun;
  readonly summary: RunSummary;
  readonly view: TraceView;
  /** Every export request as received: the services' bytes, forwarded unchanged by main's collector. */
  readonly received: readonly ReceivedExport[];
  /** Every access token the IdP issued during the run. */
  readonly tokens: readonly string[];
  readonly jaegerText: string;
  close(): Promise<void>;
}

export async function runDemoOnce(): Promise<DemoFixture> {
  const receiver: OtlpReceiver = await startOtlpReceiver();
  const outDir = mkdtempSync(join(tmpdir(), 'otel-jwt-demo-test-'));
  const close = async () => {
    await receiver.close();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    const run = await runDemo({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      DEMO_OUT_DIR: outDir,
      DEMO_TOKENS_FILE: join(outDir, 'tokens.json'),
    });
    const read = (name: string) => readFileSync(join(outDir, name), 'utf8');
    const summary = JSON.parse(read('run.json')) as RunSummary;
    const { received } = receiver;
    const bodies = (path: string) => received.filter((item) => item.path === path).map((item) => item.body);
    return {
      run,
      summary,
      view: traceView(
        summary,
        bodies('/v1/traces').flatMap(decodeSpans),
        bodies('/v1/logs').flatMap(decodeLogs),
      ),
      received,
      tokens: (JSON.parse(read('tokens.json')) as { tokens: string[] }).tokens,
      jaegerText: read('jaeger-traces.json'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
