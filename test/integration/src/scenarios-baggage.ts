// The baggage trust boundary: forged entries, a replayed proof, what an untrusted destination receives,
// and claim value limits.
import assert from 'node:assert/strict';
import {
  bearer,
  call,
  entrySpans,
  hop,
  mintAlice,
  parseBaggage,
  randomHex,
  type Scenario,
  sinkTag,
  sorted,
} from './scenario-kit.ts';

const FORGED = 'user.roles=admin,jwt.subject_proof=forged,session.locale=en';

export const baggageScenarios: Scenario[] = [
  {
    name: 'forged auth baggage without a token is removed as no_verified_token and recorded; the app never sees it',
    async run(chain) {
      const response = await call(chain, { headers: { baggage: FORGED }, hops: [{ url: chain.url('B') }] });
      const [a, b] = [hop(response, 'A'), hop(response, 'B')];
      assert.equal(a.auth?.status, 'absent');
      // Removed keys in any order (compared sorted); no verdict when the only proof was forged.
      assert.deepEqual(sorted(a.auth?.removedBaggageKeys), ['jwt.subject_proof', 'user.roles']);
      assert.equal(a.auth?.removalReason, 'no_verified_token');
      assert.equal(a.auth?.subjectVerdict, undefined);
      assert.deepEqual(
        a.baggage,
        { 'session.locale': 'en' },
        'entries that are not auth entries pass through',
      );
      assert.equal(b.baggage['user.roles'], undefined);
      assert.equal(b.baggage['jwt.subject_proof'], undefined);
      assert.equal(b.baggage['session.locale'], 'en');
      const [sa] = await entrySpans(chain, response.traceId, ['A']);
      assert.equal(sa?.attributes['jwt.result'], 'absent');
      assert.deepEqual(sorted(sa?.attributes['jwt.baggage.removed']), ['jwt.subject_proof', 'user.roles']);
      assert.equal(sa?.attributes['jwt.baggage.removal_reason'], 'no_verified_token');
    },
  },
  {
    name: 'forged auth baggage beside a valid token is removed as invalid_proof and replaced by the token’s claims',
    async run(chain) {
      const token = await mintAlice(chain);
      const response = await call(chain, {
        authorization: bearer(token),
        headers: { baggage: FORGED },
        hops: [{ url: chain.url('B'), authorization: 'keep' }],
      });
      const [a, b] = [hop(response, 'A'), hop(response, 'B')];
      assert.equal(a.auth?.status, 'valid');
      assert.deepEqual(sorted(a.auth?.removedBaggageKeys), ['jwt.subject_proof', 'user.roles']);
      assert.equal(a.auth?.removalReason, 'invalid_proof');
      assert.equal(a.auth?.subjectVerdict, 'no_upstream_proof', 'a forged proof is no upstream proof');
      assert.equal(a.baggage['user.roles'], 'reader');
      assert.notEqual(a.baggage['jwt.subject_proof'], 'forged');
      assert.equal(b.baggage['user.roles'], 'reader');
      assert.equal(b.auth?.subjectVerdict, 'consistent');
      const [sa] = await entrySpans(chain, response.traceId, ['A']);
      assert.deepEqual(sorted(sa?.attributes['jwt.baggage.removed']), ['jwt.subject_proof', 'user.roles']);
      assert.equal(sa?.attributes['jwt.baggage.removal_reason'], 'invalid_proof');
      assert.deepEqual(sa?.attributes['user.roles'], ['reader']);
    },
  },
  {
    name: 'auth baggage without any proof beside a valid token is removed as missing_proof',
    async run(chain) {
      const token = await mintAlice(chain);
      const response = await call(chain, {
        authorization: bearer(token),
        headers: { baggage: 'user.roles=admin' },
      });
      assert.deepEqual(response.auth?.removedBaggageKeys, ['user.roles']);
      assert.equal(response.auth?.removalReason, 'missing_proof');
      assert.equal(response.baggage['user.roles'], 'reader');
      const [sa] = await entrySpans(chain, response.traceId, ['A']);
      assert.deepEqual(sa?.attributes['jwt.baggage.removed'], ['user.roles']);
      assert.equal(sa?.attributes['jwt.baggage.removal_reason'], 'missing_proof');
    },
  },
  {
    name: 'a real subject proof is accepted in its own trace and refused as invalid_proof when replayed into another',
    async run(chain) {
      const token = await mintAlice(chain);
      const tag = sinkTag();
      const first = await call(chain, {
        authorization: bearer(token),
        hops: [{ url: `${chain.trustedSink.origin}/capture`, headers: { 'x-sink-tag': tag } }],
      });
      const [captured] = chain.trustedSink.tagged(tag);
      const baggage = captured?.headers.baggage;
      assert.equal(typeof baggage, 'string', 'A sent baggage to the trusted sink');
      assert.ok(parseBaggage(baggage)['jwt.subject_proof'], 'the trusted sink received a proof');

      // Control: the same proof in its own trace vouches for the same subject at B.
      // A proof is bound to its trace only, not to the destination it was issued for.
      const own = await call(chain, {
        to: 'B',
        authorization: bearer(token),
        headers: { baggage: baggage as string, traceparent: `00-${first.traceId}-${randomHex(8)}-01` },
      });
      assert.equal(own.traceId, first.traceId);
      assert.equal(own.auth?.subjectVerdict, 'consistent');
      assert.deepEqual(own.auth?.removedBaggageKeys, []);

      const otherTrace = randomHex(16);
      const replayed = await call(chain, {
        to: 'B',
        authorization: bearer(token),
        headers: { baggage: baggage as string, traceparent: `00-${otherTrace}-${randomHex(8)}-01` },
      });
      assert.equal(replayed.traceId, otherTrace);
      assert.equal(replayed.auth?.removalReason, 'invalid_proof');
      assert.ok(replayed.auth?.removedBaggageKeys.includes('jwt.subject_proof'));
      assert.equal(replayed.auth?.subjectVerdict, 'no_upstream_proof');
      const [sb] = await entrySpans(chain, otherTrace, ['B']);
      assert.equal(sb?.attributes['jwt.baggage.removal_reason'], 'invalid_proof');
    },
  },
  {
    name: 'an untrusted destination never receives auth baggage, the proof or the token; a trusted one does',
    async run(chain) {
      const token = await mintAlice(chain, { tenant: 'acme' });
      const [untrustedTag, trustedTag] = [sinkTag(), sinkTag()];
      const headers = { baggage: 'session.locale=en' };
      const sendTo = (origin: string, tag: string) =>
        call(chain, {
          authorization: bearer(token),
          headers,
          hops: [{ url: `${origin}/x`, headers: { 'x-sink-tag': tag } }],
        });
      await sendTo(chain.untrustedSink.origin, untrustedTag);
      await sendTo(chain.trustedSink.origin, trustedTag);

      const [untrusted] = chain.untrustedSink.tagged(untrustedTag);
      assert.ok(untrusted, 'A called the untrusted sink');
      const leaked = parseBaggage(untrusted.headers.baggage);
      for (const key of ['user.roles', 'tenant.id', 'jwt.subject_proof', 'user.id']) {
        assert.equal(leaked[key], undefined, `${key} sent to an untrusted destination`);
      }
      assert.equal(leaked['session.locale'], 'en', 'other baggage still travels');
      assert.equal(untrusted.headers.authorization, undefined);
      assert.ok(untrusted.headers.traceparent, 'trace context still travels');
      const raw = untrusted.rawHeaders.join('\n');
      for (const part of token.split('.')) assert.ok(!raw.includes(part), 'no token material in any header');

      const [trusted] = chain.trustedSink.tagged(trustedTag);
      const received = parseBaggage(trusted?.headers.baggage);
      assert.equal(received['user.roles'], 'reader');
      assert.equal(received['tenant.id'], 'acme');
      assert.ok(received['jwt.subject_proof']);
      assert.equal(trusted?.headers.authorization, bearer(token), 'forwardToken names the trusted sink');
    },
  },
  {
    name: 'a mapped claim over its value limit is left out of spans and baggage and listed in jwt.claims.omitted',
    async run(chain) {
      const token = await mintAlice(chain, { tenant: 'x'.repeat(40) });
      const response = await call(chain, { authorization: bearer(token) });
      assert.equal(response.auth?.status, 'valid');
      assert.equal(response.baggage['tenant.id'], undefined);
      assert.equal(response.baggage['user.roles'], 'reader');
      const [sa] = await entrySpans(chain, response.traceId, ['A']);
      assert.equal(sa?.attributes['tenant.id'], undefined);
      assert.deepEqual(sa?.attributes['jwt.claims.omitted'], ['tenant.id']);
      assert.deepEqual(sa?.attributes['user.roles'], ['reader']);
    },
  },
];
