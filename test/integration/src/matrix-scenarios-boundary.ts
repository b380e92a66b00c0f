// The matrix scenarios of the trust boundary: forged auth baggage, what an untrusted destination receives,
// and forwardToken beside an Authorization header the app set itself.
import assert from 'node:assert/strict';
import { allValues, entrySpansIfSampled, type MatrixScenario } from './matrix-kit.ts';
import { bearer, hop, mintAlice, parseBaggage, sinkTag, sorted } from './scenario-kit.ts';

const FORGED = 'user.roles=admin,jwt.subject_proof=forged,session.locale=en';

export const matrixBoundaryScenarios: MatrixScenario[] = [
  {
    behaviour: 'forged auth baggage beside a valid token is removed at A and never reaches B or C',
    async run(chain) {
      const token = await mintAlice(chain);
      const response = await chain.call({
        authorization: bearer(token),
        headers: { baggage: FORGED },
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: 'keep' },
        ],
      });
      const [a, b, c] = [hop(response, 'A'), hop(response, 'B'), hop(response, 'C')];
      assert.deepEqual(sorted(a.auth?.removedBaggageKeys), ['jwt.subject_proof', 'user.roles']);
      assert.equal(a.auth?.removalReason, 'invalid_proof');
      assert.equal(a.auth?.subjectVerdict, 'no_upstream_proof', 'a forged proof is no upstream proof');
      for (const at of [a, b, c]) {
        assert.equal(
          at.baggage['user.roles'],
          'reader',
          `service ${at.service}: the token’s claim, not the forged one`,
        );
        assert.notEqual(at.baggage['jwt.subject_proof'], 'forged', `service ${at.service}`);
        assert.equal(at.baggage['session.locale'], 'en', `service ${at.service}: other baggage passes`);
      }
      for (const at of [b, c]) {
        assert.equal(at.auth?.subjectVerdict, 'consistent', `service ${at.service}`);
        assert.deepEqual(at.auth?.removedBaggageKeys, [], `service ${at.service}`);
      }

      const spans = await entrySpansIfSampled(chain, response.traceId, ['A']);
      if (spans === undefined) return;
      const [sa] = spans;
      assert.deepEqual(sorted(sa?.attributes['jwt.baggage.removed']), ['jwt.subject_proof', 'user.roles']);
      assert.equal(sa?.attributes['jwt.baggage.removal_reason'], 'invalid_proof');
    },
  },
  {
    behaviour: 'forged auth baggage without a token is removed at A as no_verified_token and never reaches B',
    async run(chain) {
      const response = await chain.call({ headers: { baggage: FORGED }, hops: [{ url: chain.url('B') }] });
      const [a, b] = [hop(response, 'A'), hop(response, 'B')];
      assert.equal(a.auth?.status, 'absent');
      assert.deepEqual(sorted(a.auth?.removedBaggageKeys), ['jwt.subject_proof', 'user.roles']);
      assert.equal(a.auth?.removalReason, 'no_verified_token');
      assert.deepEqual(a.baggage, { 'session.locale': 'en' });
      assert.deepEqual(b.baggage, { 'session.locale': 'en' });
      assert.deepEqual(b.auth, { status: 'absent', removedBaggageKeys: [] });

      const spans = await entrySpansIfSampled(chain, response.traceId, ['A']);
      if (spans === undefined) return;
      assert.equal(spans[0]?.attributes['jwt.baggage.removal_reason'], 'no_verified_token');
    },
  },
  {
    behaviour:
      'B calling an untrusted destination sends no auth baggage, no proof and no token; a trusted one gets all three',
    async run(chain) {
      const token = await mintAlice(chain, { tenant: 'acme' });
      const [untrustedTag, trustedTag] = [sinkTag(), sinkTag()];
      const sendTo = (origin: string, tag: string) =>
        chain.call({
          authorization: bearer(token),
          headers: { baggage: 'session.locale=en' },
          hops: [
            { url: chain.url('B'), authorization: 'keep' },
            { url: `${origin}/x`, headers: { 'x-sink-tag': tag } },
          ],
        });
      const sent = await sendTo(chain.untrustedSink.origin, untrustedTag);
      await sendTo(chain.trustedSink.origin, trustedTag);
      assert.equal(hop(sent, 'B').auth?.subjectVerdict, 'consistent');

      const untrusted = chain.untrustedSink.tagged(untrustedTag);
      assert.equal(untrusted.length, 1, 'B called the untrusted sink once');
      const { headers } = untrusted[0] as (typeof untrusted)[number];
      const leaked = parseBaggage(headers.baggage?.join(','));
      for (const key of Object.keys(leaked)) {
        assert.ok(!/^(jwt|user)\.|^tenant\.id$/.test(key), `${key} sent to an untrusted destination`);
      }
      assert.equal(leaked['session.locale'], 'en', 'other baggage still travels');
      assert.equal(headers.authorization, undefined, 'no Authorization to an untrusted destination');
      assert.equal(headers.traceparent?.length, 1, 'trace context still travels');
      // The sampled flag as the sampler decided at A: the sinks see whether spans were recorded upstream.
      assert.match(headers.traceparent?.[0] ?? '', chain.sampled ? /-01$/ : /-00$/);
      const raw = allValues(headers);
      for (const part of token.split('.')) assert.ok(!raw.includes(part), 'no token material in any header');

      const [trusted] = chain.trustedSink.tagged(trustedTag);
      const received = parseBaggage(trusted?.headers.baggage?.join(','));
      assert.equal(received['user.roles'], 'reader');
      assert.equal(received['tenant.id'], 'acme');
      assert.ok(received['jwt.subject_proof'], 'the trusted destination receives the proof');
      assert.deepEqual(
        trusted?.headers.authorization,
        [bearer(token)],
        'forwardToken names the trusted sink',
      );
    },
  },
  {
    behaviour:
      'forwardToken naming C and no Authorization set by B’s app: exactly one Authorization, B’s token, arrives',
    async run(chain) {
      const alice = await mintAlice(chain);
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.forwardingUrl('C'), authorization: 'none' },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.authorizations, 1);
      assert.equal(c.auth?.status, 'valid');
      assert.equal(c.auth?.sub, 'alice');
      assert.equal(c.auth?.subjectVerdict, 'consistent');
      const spans = await entrySpansIfSampled(chain, response.traceId, ['C']);
      if (spans !== undefined) assert.equal(spans[0]?.attributes['jwt.subject.verdict'], 'consistent');
    },
  },
  {
    behaviour:
      'forwardToken naming C and B’s app setting another user’s token: exactly one Authorization, the app’s, arrives',
    async run(chain) {
      const alice = await mintAlice(chain);
      const mallory = await chain.tokens.mint({ sub: 'mallory', roles: ['admin'] });
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.forwardingUrl('C'), authorization: bearer(mallory) },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.authorizations, 1);
      assert.equal(c.auth?.status, 'valid');
      assert.equal(c.auth?.sub, 'mallory', 'the app’s own Authorization is never overwritten');
      assert.equal(c.auth?.subjectVerdict, 'changed');
      const spans = await entrySpansIfSampled(chain, response.traceId, ['C']);
      if (spans !== undefined) assert.equal(spans[0]?.attributes['jwt.subject.verdict'], 'changed');
    },
  },
  {
    behaviour:
      'forwardToken naming C and B’s app copying the inbound token: exactly one Authorization arrives',
    async run(chain) {
      const alice = await mintAlice(chain);
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.forwardingUrl('C'), authorization: 'keep' },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.authorizations, 1);
      assert.equal(c.auth?.status, 'valid');
      assert.equal(c.auth?.subjectVerdict, 'consistent');
      const spans = await entrySpansIfSampled(chain, response.traceId, ['C']);
      if (spans !== undefined) assert.equal(spans[0]?.attributes['jwt.subject.verdict'], 'consistent');
    },
  },
];
