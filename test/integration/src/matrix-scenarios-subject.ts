// The matrix scenarios of subject consistency: the valid chain, a switched subject, delegation, a dropped token.
import assert from 'node:assert/strict';
import { entrySpansIfSampled, type MatrixScenario, TRACE_ID } from './matrix-kit.ts';
import { assertNoTokenMaterial, bearer, hop, mintAlice } from './scenario-kit.ts';

export const matrixSubjectScenarios: MatrixScenario[] = [
  {
    behaviour:
      'a valid token kept by each app verifies at every hop and arrives consistent at C with its auth baggage',
    async run(chain) {
      const token = await mintAlice(chain, { jti: 'matrix-valid-chain' });
      const response = await chain.call({
        authorization: bearer(token),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: 'keep' },
        ],
      });
      const [a, b, c] = [hop(response, 'A'), hop(response, 'B'), hop(response, 'C')];
      assert.match(a.traceId, TRACE_ID);
      for (const at of [a, b, c]) {
        assert.equal(at.traceId, a.traceId, 'one trace across the three services');
        assert.equal(at.auth?.status, 'valid');
        assert.equal(at.auth?.sub, 'alice');
        assert.deepEqual(at.auth?.removedBaggageKeys, []);
        assert.equal(at.baggage['user.roles'], 'reader');
        assert.equal(at.authorizations, 1);
      }
      assert.equal(a.auth?.subjectVerdict, 'no_upstream_proof');
      assert.equal(b.auth?.subjectVerdict, 'consistent');
      assert.equal(c.auth?.subjectVerdict, 'consistent');
      assert.ok(b.baggage['jwt.subject_proof'], 'B received the proof A issued');
      assert.ok(c.baggage['jwt.subject_proof'], 'C received the proof B sent on');

      const spans = await entrySpansIfSampled(chain, a.traceId, ['A', 'B', 'C']);
      if (spans === undefined) return;
      const [sa, sb, sc] = spans;
      const userHash = sa?.attributes['user.hash'];
      assert.equal(typeof userHash, 'string');
      for (const span of spans) {
        assert.equal(span.attributes['jwt.result'], 'valid');
        assert.equal(span.attributes['jwt.token_id'], 'matrix-valid-chain');
        assert.equal(span.attributes['user.hash'], userHash, 'one pseudonym for one subject on every hop');
        assert.equal(span.attributes['jwt.subject.changed'], undefined);
      }
      assert.equal(sb?.attributes['jwt.subject.verdict'], 'consistent');
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'consistent');
      const clientsOfB = (await chain.spans('B', a.traceId)).filter((span) => span.kind === 'CLIENT');
      assert.equal(clientsOfB.length, 1, 'one outgoing call from B');
      assert.equal(sc?.parentSpanId, clientsOfB[0]?.spanId, "C's entry span is a child of B's outgoing call");
      const everything = await Promise.all(
        (['A', 'B', 'C'] as const).map((name) => chain.spans(name, a.traceId)),
      );
      assertNoTokenMaterial(everything.flat(), token);
    },
  },
  {
    behaviour:
      'B calls C with another user’s token: C reports changed and removes the first subject’s claims',
    async run(chain) {
      const alice = await mintAlice(chain);
      const mallory = await chain.tokens.mint({ sub: 'mallory', roles: ['admin'] });
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: bearer(mallory) },
        ],
      });
      const [b, c] = [hop(response, 'B'), hop(response, 'C')];
      assert.equal(b.auth?.subjectVerdict, 'consistent');
      assert.equal(c.auth?.status, 'valid');
      assert.equal(c.auth?.sub, 'mallory');
      assert.equal(c.auth?.subjectVerdict, 'changed');
      assert.equal(c.auth?.removalReason, 'subject_mismatch');
      assert.deepEqual(c.auth?.removedBaggageKeys, ['user.roles']);
      assert.equal(c.baggage['user.roles'], 'admin', 'C’s own verified token supplies user.roles');

      const spans = await entrySpansIfSampled(chain, response.traceId, ['A', 'B', 'C']);
      if (spans === undefined) return;
      const [sa, sb, sc] = spans;
      assert.equal(sb?.attributes['jwt.subject.changed'], undefined);
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'changed');
      assert.equal(sc?.attributes['jwt.subject.changed'], true);
      assert.ok(sc?.events.some((event) => event.name === 'jwt.subject_changed'));
      assert.notEqual(sc?.attributes['user.hash'], sa?.attributes['user.hash']);
    },
  },
  {
    behaviour:
      'B calls C with a token for the same user acting through service-b: C reports delegated, not changed',
    async run(chain) {
      const alice = await mintAlice(chain);
      const delegated = await mintAlice(chain, { act: { sub: 'service-b', act: { sub: 'service-a' } } });
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: bearer(delegated) },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.auth?.sub, 'alice');
      assert.equal(c.auth?.subjectVerdict, 'delegated');
      assert.deepEqual(c.auth?.removedBaggageKeys, []);
      assert.equal(c.baggage['user.roles'], 'reader');

      const spans = await entrySpansIfSampled(chain, response.traceId, ['A', 'C']);
      if (spans === undefined) return;
      const [sa, sc] = spans;
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'delegated');
      assert.equal(sc?.attributes['jwt.subject.changed'], undefined, 'delegation is not a subject change');
      assert.ok(!sc?.events.some((event) => event.name === 'jwt.subject_changed'));
      assert.equal(sc?.attributes['user.hash'], sa?.attributes['user.hash']);
      const actors = sc?.attributes['jwt.actor_chain'];
      assert.ok(Array.isArray(actors) && actors.length === 2, `actor chain ${JSON.stringify(actors)}`);
    },
  },
  {
    behaviour:
      'B calls C without a token: C still receives B’s verified baggage and proof and reports token_dropped',
    async run(chain) {
      const alice = await mintAlice(chain);
      const response = await chain.call({
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: 'none' },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.authorizations, 0, 'no token crossed to C');
      assert.equal(c.auth?.status, 'absent');
      // token_dropped needs an upstream proof that verified; the removed claim entries show they arrived.
      assert.equal(c.auth?.subjectVerdict, 'token_dropped');
      assert.equal(c.auth?.removalReason, 'no_verified_token');
      assert.deepEqual(c.auth?.removedBaggageKeys, ['user.roles']);
      assert.equal(c.baggage['user.roles'], undefined, 'no claims without a verified token');
      assert.ok(c.baggage['jwt.subject_proof'], 'the proof B sent stays in C’s baggage');

      const spans = await entrySpansIfSampled(chain, response.traceId, ['C']);
      if (spans === undefined) return;
      const [sc] = spans;
      assert.equal(sc?.attributes['jwt.result'], 'absent');
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'token_dropped');
      assert.equal(sc?.attributes['user.hash'], undefined);
    },
  },
];
