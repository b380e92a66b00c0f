// Files a run leaves in out/: the Jaeger JSON trace file, a summary of the scenarios, and (only when a test
// asks through DEMO_TOKENS_FILE) the tokens the IdP issued and its client secrets, so the test can scan
// telemetry for them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJaeger } from './collector/jaeger-json.ts';
import type { TraceIndex } from './collector/trace-index.ts';
import type { ScenarioResult } from './driver.ts';

export const JAEGER_FILE = 'jaeger-traces.json';
export const RUN_FILE = 'run.json';

export interface RunSummary {
  readonly issuer: string;
  readonly services: Readonly<Record<string, string>>;
  readonly scenarios: readonly ScenarioResult[];
}

export function writeRunOutput(
  directory: string,
  index: TraceIndex,
  traceIds: readonly string[],
  summary: RunSummary,
): string {
  mkdirSync(directory, { recursive: true });
  // Scenario traces first, in scenario order; anything else after them.
  const ordered = [...new Set([...traceIds, ...index.traceIds])].filter((id) => index.spans(id).length > 0);
  const jaegerPath = join(directory, JAEGER_FILE);
  writeFileSync(jaegerPath, `${JSON.stringify(toJaeger(ordered, index.spans), null, 2)}\n`);
  writeFileSync(join(directory, RUN_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  return jaegerPath;
}

/** `clientSecrets`: the IdP's client secrets, which services send too (token exchange, introspection). */
export function writeTokensFile(
  path: string | undefined,
  tokens: readonly string[],
  clientSecrets: readonly string[],
): void {
  if (path === undefined || path === '') return;
  // Owner-only: these are live credentials until they expire (minutes; the secrets for the run).
  writeFileSync(path, JSON.stringify({ tokens, clientSecrets }), { mode: 0o600 });
}
