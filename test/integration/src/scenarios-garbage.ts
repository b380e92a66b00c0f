// Garbage in every header the plugin reads, sent over a raw socket: each request gets an answer, the
// propagator reports a result instead of throwing, and the services keep serving.
import assert from 'node:assert/strict';
import type { Chain } from './chain.ts';
import { encodePlan } from './hop-plan.ts';
import { PLAN_HEADER } from './protocol.ts';
import { type RawHeader, rawGet } from './raw-http.ts';
import { bearer, call, entrySpans, mintAlice, type Scenario } from './scenario-kit.ts';

const HUGE = 'a'.repeat(7_000);
/** Invalid UTF-8 and bytes above 0x7f, which node:http's client would send only as latin1. */
const NON_ASCII = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80, 0xe9]);
const prefixed = (text: string) => Buffer.concat([Buffer.from(text), NON_ASCII]);

interface GarbageCase {
  readonly what: string;
  readonly headers: readonly RawHeader[];
  /** What A must report for this request, where that is certain. */
  readonly auth?: 'absent' | 'invalid';
  readonly code?: string;
}

function cases(valid: string): GarbageCase[] {
  return [
    { what: 'traceparent that is not hex', headers: [['traceparent', '00-zzzz-yyyy-01']] },
    { what: 'all-zero traceparent', headers: [['traceparent', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`]] },
    { what: 'huge traceparent', headers: [['traceparent', HUGE]] },
    { what: 'non-ASCII traceparent', headers: [['traceparent', prefixed('00-')]] },
    {
      what: 'broken baggage',
      headers: [['baggage', '=,;;;,user.roles,jwt.subject_proof=%ZZ,,=x;=;']],
      auth: 'absent',
    },
    { what: 'non-ASCII baggage', headers: [['baggage', prefixed('user.roles=')]], auth: 'absent' },
    { what: 'huge baggage value', headers: [['baggage', `jwt.subject_proof=${HUGE}`]], auth: 'absent' },
    {
      what: 'baggage with 500 entries',
      headers: [['baggage', Array.from({ length: 500 }, (_, i) => `k${i}=v`).join(',')]],
      auth: 'absent',
    },
    { what: 'Bearer without a token', headers: [['authorization', 'Bearer']], auth: 'invalid' },
    { what: 'Bearer and spaces', headers: [['authorization', 'Bearer     ']], auth: 'invalid' },
    { what: 'three empty-ish segments', headers: [['authorization', 'Bearer a.b.c']], auth: 'invalid' },
    {
      what: 'segments that are not JSON',
      headers: [['authorization', 'Bearer eyJ.eyJ.c2ln']],
      auth: 'invalid',
    },
    { what: 'huge bearer token', headers: [['authorization', `Bearer ${HUGE}`]], auth: 'invalid' },
    { what: 'non-ASCII bearer token', headers: [['authorization', prefixed('Bearer ')]], auth: 'invalid' },
    { what: 'Basic credentials', headers: [['authorization', 'Basic Zm9vOmJhcg==']], auth: 'absent' },
    {
      what: 'two Authorization headers',
      headers: [
        ['authorization', bearer(valid)],
        ['authorization', 'Bearer other'],
      ],
      // Node keeps only the first in request.headers; otel-jwt's incoming-span hook sees both.
      auth: 'invalid',
      code: 'multiple_tokens',
    },
    { what: 'garbage cookies', headers: [['cookie', 'session=; session=a.b.c; ===; ;;']], auth: 'invalid' },
    { what: 'non-ASCII session cookie', headers: [['cookie', prefixed('session=')]], auth: 'invalid' },
    {
      what: 'everything at once',
      headers: [
        ['traceparent', prefixed('ff-')],
        ['tracestate', prefixed('x=')],
        ['baggage', prefixed('user.roles=admin,jwt.subject_proof=')],
        ['authorization', prefixed('Bearer x.')],
        ['cookie', prefixed('session=')],
      ],
    },
  ];
}

async function expectAnswer(chain: Chain, { what, headers, auth, code }: GarbageCase): Promise<void> {
  // A passes the request on to B with the same Authorization, so B's propagator sees the garbage too.
  const plan: RawHeader = [PLAN_HEADER, encodePlan([{ url: chain.url('B'), authorization: 'keep' }])];
  const answer = await chain.rawRequest(rawGet('/hop', [...headers, plan]));
  assert.equal(answer.status, 200, `${what}: ${answer.body.slice(0, 300)}`);
  const body = JSON.parse(answer.body);
  assert.equal(body.service, 'A', what);
  assert.equal(body.downstream?.service, 'B', `${what}: B answered A`);
  assert.match(body.traceId, /^(?!0{32})[0-9a-f]{32}$/, `${what}: a usable trace id`);
  assert.notEqual(body.auth?.status, undefined, `${what}: the propagator ran`);
  if (auth !== undefined) assert.equal(body.auth.status, auth, what);
  if (code !== undefined) assert.equal(body.auth.code, code, what);
  const [span] = await entrySpans(chain, body.traceId, ['A']);
  assert.equal(span?.attributes['jwt.result'], body.auth.status, what);
}

export const garbageScenarios: Scenario[] = [
  {
    name: 'garbage in traceparent, baggage, Authorization and cookies (non-ASCII, huge, duplicated) is answered',
    async run(chain) {
      const valid = await mintAlice(chain);
      for (const garbage of cases(valid)) await expectAnswer(chain, garbage);
      // Bytes the HTTP parser itself refuses never reach the plugin; the server still answers.
      const control = await chain.rawRequest(rawGet('/hop', [['authorization', 'Bearer \u0001']]));
      assert.equal(control.status, 400);
      const oversized = await chain.rawRequest(rawGet('/hop', [['baggage', 'k=v'.repeat(10_000)]]));
      assert.equal(oversized.status, 431);
      // And the chain still works for a well-formed request.
      const response = await call(chain, { authorization: bearer(valid) });
      assert.equal(response.auth?.status, 'valid');
    },
  },
];
