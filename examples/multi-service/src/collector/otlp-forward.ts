// Passes every export request on, unchanged, to the OTLP endpoint the user configured (Jaeger, a collector),
// read from the standard OTEL_EXPORTER_OTLP_* variables.

/** Bounds each forwarded request, so an unreachable backend cannot hold up the demo's exit. */
const FORWARD_TIMEOUT_MS = 5_000;

export type Signal = 'traces' | 'logs';

export interface Forwarder {
  /** Where each signal goes; a signal without a target is not forwarded. */
  readonly targets: Readonly<Partial<Record<Signal, string>>>;
  forward(signal: Signal, body: Buffer, contentType: string): void;
  /** Waits for requests under way; returns one line per signal a backend refused or did not answer. */
  settle(): Promise<string[]>;
}

/** The user's OTLP configuration, read before main points the services at its own collector. */
export function forwarderFromEnv(env: NodeJS.ProcessEnv): Forwarder | undefined {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const targets: Partial<Record<Signal, string>> = {};
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined);
  const logs = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT ?? (base ? `${base}/v1/logs` : undefined);
  if (traces) targets.traces = traces;
  if (logs) targets.logs = logs;
  if (targets.traces === undefined && targets.logs === undefined) return undefined;
  const headers = parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS);
  const pending = new Set<Promise<void>>();
  const failures = new Map<Signal, string>();

  return {
    targets,
    forward(signal, body, contentType) {
      const url = targets[signal];
      if (url === undefined) return;
      const sent = fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      }).then(
        async (response) => {
          await response.arrayBuffer().catch(() => undefined);
          if (!response.ok && !failures.has(signal))
            failures.set(signal, `${url} answered ${response.status}`);
        },
        (error: unknown) => {
          if (!failures.has(signal)) failures.set(signal, `${url}: ${describe(error)}`);
        },
      );
      const tracked = sent.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async settle() {
      await Promise.allSettled([...pending]);
      return [...failures].map(([signal, reason]) => `${signal} not accepted: ${reason}`);
    },
  };
}

/** `key=value,key2=value2`, values percent-encoded (the OTLP exporter specification's format). */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0)
      headers[pair.slice(0, at).trim().toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

function describe(error: unknown): string {
  // fetch reports 'fetch failed'; the cause says why (ECONNREFUSED, a timeout, a refused port).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  for (const reason of [cause?.code, cause?.message]) if (typeof reason === 'string') return reason;
  return error instanceof Error ? error.message : 'failed';
}
