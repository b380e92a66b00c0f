// One run of the demo for the whole suite: started by the global setup, which hands every test file the
// same output (plain data, as vitest passes it between processes); each file decodes it here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The integration tests' receiver: the same raw-bytes OTLP/HTTP endpoint serves both suites.
import { startOtlpReceiver } from '../../integration/src/otlp-receiver.ts';
import { type Attributes, decodeLogs, decodeResources, decodeSpans } from './exported-telemetry.ts';
import { type DemoRun, runDemo } from './run-demo.ts';
import { type RunSummary, type TraceView, traceView } from './trace-view.ts';

/** What one run left: the process's output, the files it wrote, and every export request received. */
export interface DemoOutput {
  readonly run: DemoRun;
  readonly summaryText: string;
  readonly jaegerText: string;
  readonly tokensText: string;
  /** The services' bytes, forwarded unchanged by main's collector; bodies in base64. */
  readonly received: readonly {
    readonly path: string;
    readonly contentType: string;
    readonly base64: string;
  }[];
}

export interface ReceivedBody {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface DemoFixture {
  readonly run: DemoRun;
  readonly summary: RunSummary;
  readonly view: TraceView;
  /** Every export request as received. */
  readonly received: readonly ReceivedBody[];
  /** The resource of every resourceSpans and resourceLogs entry exported. */
  readonly resources: readonly Attributes[];
  /** Every access token the IdP issued during the run (JWTs and the mobile app's opaque tokens). */
  readonly tokens: readonly string[];
  /** The IdP's client secrets: the shop's, the mobile app's, orders' and the services' (introspection). */
  readonly clientSecrets: readonly string[];
  readonly jaegerText: string;
}

/** Runs the demo as separate processes against a receiver of its forwarded export; `close` cleans up. */
export async function runDemoOnce(): Promise<{ readonly output: DemoOutput; close(): Promise<void> }> {
  const receiver = await startOtlpReceiver();
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
    const output: DemoOutput = {
      run,
      summaryText: read('run.json'),
      jaegerText: read('jaeger-traces.json'),
      tokensText: read('tokens.json'),
      received: receiver.received.map(({ path, contentType, body }) => ({
        path,
        contentType,
        base64: body.toString('base64'),
      })),
    };
    return { output, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function demoFixture(output: DemoOutput): DemoFixture {
  const received = output.received.map(({ path, contentType, base64 }) => ({
    path,
    contentType,
    body: Buffer.from(base64, 'base64'),
  }));
  const bodies = (path: string) => received.filter((item) => item.path === path).map((item) => item.body);
  const summary = JSON.parse(output.summaryText) as RunSummary;
  return {
    run: output.run,
    summary,
    view: traceView(
      summary,
      bodies('/v1/traces').flatMap(decodeSpans),
      bodies('/v1/logs').flatMap(decodeLogs),
    ),
    received,
    resources: received.flatMap((item) => decodeResources(item.body)),
    ...(JSON.parse(output.tokensText) as { tokens: string[]; clientSecrets: string[] }),
    jaegerText: output.jaegerText,
  };
}
