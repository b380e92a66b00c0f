// A service's view of the request's token, as otel-jwt put it in the context, and the gate every
// service applies before doing any work.
import { context, trace } from '@opentelemetry/api';
import { getAuth } from 'otel-jwt';
import type { HopReport, ServiceName } from '../../protocol.ts';

export interface Verdict {
  readonly report: Omit<HopReport, 'status'>;
  /** 401 or 503 when the service refuses the request, undefined when it may proceed. */
  readonly refusal: number | undefined;
  /** The subject of a token that verified (its issuer's subject claim, `sub` here), JWT or introspected. */
  readonly subject: string | undefined;
}

/** Read in the request's context: what the propagator verified, without verifying again. */
export function currentVerdict(service: ServiceName): Verdict {
  const auth = getAuth(context.active());
  const result = auth?.result ?? { status: 'absent' as const };
  const report = {
    service,
    result: result.status,
    ...('code' in result ? { code: result.code } : {}),
    ...(auth?.subjectVerdict === undefined ? {} : { verdict: auth.subjectVerdict }),
    ...(auth === undefined || auth.removedBaggageKeys.length === 0
      ? {}
      : { removed: [...auth.removedBaggageKeys] }),
    ...(auth?.removalReason === undefined ? {} : { removalReason: auth.removalReason }),
  };
  // `unverified` means the key is not loaded yet: a temporary condition on this side, so 503 (retry).
  const refusal = result.status === 'valid' ? undefined : result.status === 'unverified' ? 503 : 401;
  const subject = result.status === 'valid' ? result.subject : undefined;
  return { report, refusal, subject };
}

export function currentTraceId(): string {
  return trace.getActiveSpan()?.spanContext().traceId ?? '';
}
