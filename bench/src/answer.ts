// The response every configuration sends, and the counters the runners read over IPC. Loads no
// OpenTelemetry, so configuration A stays free of it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const counters = { requests: 0, refused: 0, hits: 0, misses: 0 };

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Same body length either way, so the answer costs the same whatever the verdict. */
export function answer(res: ServerResponse, ok: boolean): void {
  counters.requests++;
  if (!ok) counters.refused++;
  res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain', 'content-length': 2 }).end(ok ? 'ok' : 'no');
}

/** A and B: the application does not look at the token. */
export const plainHandler: Handler = (_req, res) => answer(res, true);
