// What a scenario is, how it calls the shop, and how its outcome is checked against what it expects.
import type { RevokedSession } from '../idp/session-revocation.ts';
import {
  BEHAVIOUR_HEADER,
  type Behaviour,
  type HopReport,
  type ServiceName,
  type ServiceReply,
} from '../protocol.ts';

/** Bounds each request to the gateway. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface ScenarioContext {
  /** Sends one checkout request to the gateway, in a new trace whose root span names the scenario. */
  checkout(request: CheckoutRequest): Promise<Attempt>;
  /**
   * Sends the request straight to one service's route, past the gateway, as a caller inside the network
   * could; in a new trace like `checkout`.
   */
  callDirectly(service: ServiceName, request: CheckoutRequest): Promise<Attempt>;
  /** A fresh access token for a demo user (kept in memory, never printed). */
  login(username: string, options?: LoginOptions): Promise<string>;
  /** The IdP starts signing with a new key; returns the old and new `kid`. */
  rotateKeys(): Promise<{ readonly from: string; readonly to: string }>;
  /** The IdP ends the session `token` belongs to (an administrator's action, mid-session). */
  revokeSession(token: string): Promise<RevokedSession>;
  /** A line printed under the scenario's result (never a token). */
  note(line: string): void;
}

export interface LoginOptions {
  /** Asks for a token that lives this long (the login grant's demo-only `ttl_seconds`). */
  readonly ttlSeconds?: number;
  /** Where the user logs in: the web shop gets JWT access tokens (the default), the mobile app opaque ones. */
  readonly app?: 'web' | 'mobile';
}

/** One request: the status of the service called and every hop's report. */
export interface Attempt {
  readonly status: number;
  readonly traceId: string;
  readonly hops: readonly HopReport[];
  /** What the request was, when a scenario sends several kinds (printed with it). */
  readonly label?: string;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** Runs before any scenario (e.g. to obtain a token that must have expired by the scenario's turn). */
  prepare?(context: ScenarioContext): Promise<void>;
  run(context: ScenarioContext): Promise<readonly Attempt[]>;
  /** Problems with the outcome; empty when the scenario behaved as expected. */
  check(attempts: readonly Attempt[]): string[];
}

export interface CheckoutRequest {
  readonly token?: string;
  readonly behaviour?: Behaviour;
  /** A raw `baggage` header, as a client may send one. */
  readonly baggage?: string;
}

/** `traceHeaders`: the trace context of the driver's span, so the called service's span is its child. */
export async function send(
  url: string,
  request: CheckoutRequest,
  traceHeaders: Readonly<Record<string, string>>,
): Promise<Attempt> {
  const headers: Record<string, string> = { ...traceHeaders };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.behaviour !== undefined) headers[BEHAVIOUR_HEADER] = request.behaviour;
  if (request.baggage !== undefined) headers.baggage = request.baggage;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const reply = (await response.json().catch(() => ({}))) as Partial<ServiceReply>;
  return { status: response.status, traceId: reply.traceId ?? '', hops: reply.hops ?? [] };
}

/** What one hop must report; fields left out must be absent. */
export type HopExpectation = Omit<HopReport, 'status'> & { readonly status?: number };

export interface AttemptExpectation {
  readonly status: number;
  /** Every hop that must report, in the order of the reply: gateway, orders, inventory, payments. */
  readonly hops: readonly HopExpectation[];
}

export function checkAttempt(
  attempt: Attempt | undefined,
  expected: AttemptExpectation,
  label = '',
): string[] {
  if (attempt === undefined) return [`${label}no attempt was made`];
  const problems: string[] = [];
  if (attempt.status !== expected.status)
    problems.push(`${label}status ${attempt.status}, expected ${expected.status}`);
  const seen = attempt.hops.map((hop) => hop.service).join(',');
  const wanted = expected.hops.map((hop) => hop.service).join(',');
  if (seen !== wanted) problems.push(`${label}hops ${seen || 'none'}, expected ${wanted}`);
  for (const hop of expected.hops) {
    const actual = attempt.hops.find((candidate) => candidate.service === hop.service);
    if (actual === undefined) continue;
    for (const field of ['result', 'code', 'verdict', 'removalReason', 'status'] as const) {
      if (field === 'status' && hop.status === undefined) continue;
      if (actual[field] !== hop[field]) {
        problems.push(
          `${label}${hop.service} ${field} ${String(actual[field])}, expected ${String(hop[field])}`,
        );
      }
    }
    const removed = [...(actual.removed ?? [])].sort().join(',');
    const wantedRemoved = [...(hop.removed ?? [])].sort().join(',');
    if (removed !== wantedRemoved) {
      problems.push(`${label}${hop.service} removed [${removed}], expected [${wantedRemoved}]`);
    }
  }
  return problems;
}

/** `gateway valid·no_upstream_proof  orders ...`: the hops of one attempt, for the driver's line. */
export function describeHops(hops: readonly HopReport[]): string {
  return hops
    .map((hop) => {
      const outcome = [hop.result, hop.code, hop.verdict].filter((part) => part !== undefined).join('·');
      const removed = hop.removed ? ` removed[${hop.removed.join(',')}](${hop.removalReason})` : '';
      return `${hop.service} ${outcome}${removed}`;
    })
    .join('  ');
}

/** The four hops of a request that went all the way: valid, with these verdicts, changed by `overrides`. */
export function fullChain(
  verdicts: { readonly orders: string; readonly inventory: string; readonly payments: string },
  overrides: Partial<Record<ServiceName, Partial<HopExpectation>>> = {},
): HopExpectation[] {
  const hop = (service: ServiceName, verdict: string): HopExpectation => ({
    service,
    result: 'valid',
    verdict,
    ...overrides[service],
  });
  return [
    hop('gateway', 'no_upstream_proof'),
    hop('orders', verdicts.orders),
    hop('inventory', verdicts.inventory),
    hop('payments', verdicts.payments),
  ];
}
