// What the careless application's handlers work with (leak-app.ts routes to them).
import type { IncomingMessage } from 'node:http';
import { type Logger, logs, type Meter, metrics, type Span, type Tracer, trace } from '@opentelemetry/api';
import type { LeakClients } from './leak-app-clients.ts';
import type { LeakCredentials } from './leak-protocol.ts';

export interface LeakScope {
  readonly tracer: Tracer;
  readonly logger: Logger;
  readonly meter: Meter;
}

/** What every handler works with. */
export interface HandlerKit {
  readonly credentials: LeakCredentials;
  readonly clients: LeakClients;
  /** The application's own instrumentation scope. */
  readonly app: LeakScope;
  /** Class 7: a tracer, logger and meter the application named with a token. */
  readonly named: LeakScope;
}

/** Does the class's careless things; resolves to the outcome of each outgoing call it made. */
export type LeakHandler = (
  kit: HandlerKit,
  request: IncomingMessage,
  span: Span | undefined,
) => Promise<boolean[]>;

export function scopeNamed(name: string): LeakScope {
  return { tracer: trace.getTracer(name), logger: logs.getLogger(name), meter: metrics.getMeter(name) };
}
