// What one flood run holds (a benign flood, then the hostile one, with the service's stats after each)
// and the summary the verbose output prints, to see the margins the assertions leave.
import type { FloodPhase } from './flood.ts';
import type { ServiceStats, SlowestCall } from './protocol.ts';

export interface FloodRun {
  readonly benign: FloodPhase;
  readonly benignStats: ServiceStats;
  readonly hostile: FloodPhase;
  /** Undefined when the service stalled (stopped answering): it could not report either. */
  readonly hostileStats: ServiceStats | undefined;
  /** Requests the upstream received during the flood, and those with an Authorization header. */
  readonly upstreamRequests: number;
  readonly upstreamWithAuthorization: number;
}

function slowest(call: SlowestCall): unknown {
  return {
    clockMs: Number(call.slowestMs.toFixed(2)),
    runningMs: Number(call.slowestRunningMs.toFixed(2)),
    calls: call.calls,
  };
}

/** What the verbose output shows per flood: enough to see the margins the assertions leave. */
export function summary(run: FloodRun): unknown {
  const phase = (p: FloodPhase) => ({
    answered: p.answered,
    seconds: Number(p.seconds.toFixed(2)),
    floodPerSecond: Math.round(p.answered / p.seconds),
    valid: { ...p.valid, perSecond: Math.round(p.valid.perSecond) },
  });
  const stats = (s: ServiceStats | undefined) =>
    s && {
      heapMB: Number((s.heapUsed / 2 ** 20).toFixed(1)),
      slowestExtract: slowest(s.extract),
      ...(s.outgoingHook.calls > 0 ? { slowestOutgoingHook: slowest(s.outgoingHook) } : {}),
      verdicts: s.verdicts,
    };
  return {
    benign: { ...phase(run.benign), ...stats(run.benignStats) },
    hostile: { ...phase(run.hostile), ...stats(run.hostileStats) },
    latencyRatio: Number((run.hostile.valid.p50 / run.benign.valid.p50).toFixed(2)),
    throughputRatio: Number((run.hostile.valid.perSecond / run.benign.valid.perSecond).toFixed(2)),
  };
}
