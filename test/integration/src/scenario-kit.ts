// Small helpers the scenarios share: driving the chain and picking out responses and spans.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Chain } from './chain.ts';
import { encodePlan } from './hop-plan.ts';
import {
  type Downstream,
  type HopResponse,
  type HopStep,
  PLAN_HEADER,
  type ServiceName,
  type SpanRecord,
} from './protocol.ts';
import type { MintClaims } from './tokens.ts';

export interface Scenario {
  readonly name: string;
  run(chain: Chain): Promise<void>;
}

export interface Call {
  /** Authorization header the client sends to A (or to `to`). */
  readonly authorization?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** What the first service calls next, and so on. */
  readonly hops?: readonly HopStep[];
  readonly to?: ServiceName;
}

export function call(
  chain: Chain,
  { authorization, headers, hops = [], to = 'A' }: Call,
): Promise<HopResponse> {
  return chain.request(
    '/hop',
    {
      ...headers,
      ...(authorization === undefined ? {} : { authorization }),
      ...(hops.length === 0 ? {} : { [PLAN_HEADER]: encodePlan(hops) }),
    },
    to,
  );
}

export const bearer = (token: string) => `Bearer ${token}`;

/** Alice's token with the claims the base configuration maps; a fresh jti each time. */
export function mintAlice(chain: Pick<Chain, 'tokens'>, claims: MintClaims = {}): Promise<string> {
  return chain.tokens.mint({
    sub: 'alice',
    roles: ['reader'],
    scope: 'orders:read orders:write',
    client_id: 'web-app',
    jti: randomUUID(),
    ...claims,
  });
}

/** The response of `service` somewhere down the chain. */
export function hop(response: HopResponse, service: ServiceName): HopResponse {
  let current: Downstream | null = response;
  while (current !== null && 'service' in current) {
    if (current.service === service) return current;
    current = current.downstream;
  }
  assert.fail(`no response from service ${service} in ${JSON.stringify(response)}`);
}

/** The entry span of the service in this trace: exactly one, since each request enters it once. */
export function serverSpan(spans: readonly SpanRecord[]): SpanRecord {
  const servers = spans.filter((span) => span.kind === 'SERVER');
  assert.equal(servers.length, 1, `one SERVER span expected, got ${JSON.stringify(spans)}`);
  return servers[0] as SpanRecord;
}

export function namedSpan(spans: readonly SpanRecord[], name: string): SpanRecord {
  const span = spans.find((candidate) => candidate.name === name);
  assert.ok(span, `no span named ${name} in ${JSON.stringify(spans.map((s) => s.name))}`);
  return span;
}

export async function entrySpans(
  chain: Chain,
  traceId: string,
  names: readonly ServiceName[],
): Promise<SpanRecord[]> {
  return Promise.all(names.map(async (name) => serverSpan(await chain.spans(name, traceId))));
}

export const sorted = (values: readonly string[] | unknown): string[] => [...(values as string[])].sort();

/** Entries of a W3C baggage header, values percent-decoded, properties dropped. */
export function parseBaggage(header: string | string[] | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const member of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [pair = ''] = member.split(';');
    const split = pair.indexOf('=');
    if (split > 0) entries[pair.slice(0, split).trim()] = decodeURIComponent(pair.slice(split + 1).trim());
  }
  return entries;
}

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');
export const sinkTag = () => randomUUID();

/** Invariant 1 of the design: not the token, a segment of it or a 16-character prefix, anywhere in the spans. */
export function assertNoTokenMaterial(spans: readonly SpanRecord[], token: string): void {
  const needles = [token.slice(0, 16), ...token.split('.').filter((segment) => segment.length >= 16)];
  const text = JSON.stringify(spans);
  for (const needle of needles) assert.ok(!text.includes(needle), `token material in spans: ${needle}`);
}
