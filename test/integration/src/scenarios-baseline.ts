// A valid token and no token at all, passed along A -> B -> C: the baseline every other scenario varies.
import assert from 'node:assert/strict';
import {
  assertNoTokenMaterial,
  bearer,
  call,
  entrySpans,
  hop,
  mintAlice,
  namedSpan,
  type Scenario,
} from './scenario-kit.ts';

export const baselineScenarios: Scenario[] = [
  {
    name: 'a valid token forwarded by each app A -> B -> C verifies at every hop and keeps one subject',
    async run(chain) {
      const token = await mintAlice(chain, { jti: 'token-end-to-end' });
      const keep = { authorization: 'keep' };
      const response = await call(chain, {
        authorization: bearer(token),
        hops: [
          { url: chain.url('B'), ...keep },
          { url: chain.url('C'), ...keep },
        ],
      });
      const [a, b, c] = [hop(response, 'A'), hop(response, 'B'), hop(response, 'C')];
      for (const at of [a, b, c]) {
        assert.equal(at.traceId, a.traceId, 'one trace across the three services');
        assert.equal(at.auth?.status, 'valid');
        assert.equal(at.auth?.sub, 'alice');
        assert.deepEqual(at.auth?.removedBaggageKeys, []);
        // The app sees its own verified claims in baggage; a one-item array shows as the bare item.
        assert.equal(at.baggage['user.roles'], 'reader');
      }
      assert.equal(a.auth?.subjectVerdict, 'no_upstream_proof');
      assert.equal(b.auth?.subjectVerdict, 'consistent');
      assert.equal(c.auth?.subjectVerdict, 'consistent');
      assert.ok(b.baggage['jwt.subject_proof'], 'B received the proof A issued');

      const [sa, sb, sc] = await entrySpans(chain, a.traceId, ['A', 'B', 'C']);
      const userHash = sa?.attributes['user.hash'];
      assert.equal(typeof userHash, 'string');
      for (const span of [sa, sb, sc]) {
        assert.equal(span?.attributes['jwt.result'], 'valid');
        assert.equal(span?.attributes['jwt.issuer'], chain.tokens.issuer);
        assert.equal(span?.attributes['jwt.client_id'], 'web-app');
        assert.deepEqual(span?.attributes['jwt.scopes'], ['orders:read', 'orders:write']);
        assert.equal(span?.attributes['jwt.token_id'], 'token-end-to-end');
        assert.deepEqual(span?.attributes['user.roles'], ['reader']);
        assert.equal(span?.attributes['user.hash'], userHash, 'one pseudonym for one subject on every hop');
        assert.equal(span?.attributes['user.id'], undefined, 'raw subject ids are opt-in');
        assert.equal(span?.attributes['jwt.subject.changed'], undefined);
        assert.equal(span?.attributes['jwt.error_code'], undefined);
      }
      assert.equal(sa?.attributes['jwt.subject.verdict'], 'no_upstream_proof');
      assert.equal(sb?.attributes['jwt.subject.verdict'], 'consistent');
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'consistent');

      const spansOfB = await chain.spans('B', a.traceId);
      const clientOfB = spansOfB.find((span) => span.kind === 'CLIENT');
      assert.equal(sc?.parentSpanId, clientOfB?.spanId, "C's entry span is a child of B's outgoing call");
      const work = namedSpan(spansOfB, 'handler-work');
      assert.equal(work.attributes['jwt.result'], 'valid');
      assert.equal(work.attributes['user.hash'], userHash);
      assert.equal(work.attributes['jwt.issuer'], undefined, 'child spans get the configured subset only');

      const everything = (
        await Promise.all((['A', 'B', 'C'] as const).map((name) => chain.spans(name, a.traceId)))
      ).flat();
      assertNoTokenMaterial(everything, token);
    },
  },
  {
    name: 'no token anywhere: every hop reports absent, no verdict, nothing removed and no auth baggage',
    async run(chain) {
      const response = await call(chain, {
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: 'keep' },
        ],
      });
      for (const name of ['A', 'B', 'C'] as const) {
        const at = hop(response, name);
        assert.deepEqual(at.auth, { status: 'absent', removedBaggageKeys: [] }, `service ${name}`);
        assert.deepEqual(at.baggage, {}, `service ${name}`);
      }
      for (const span of await entrySpans(chain, response.traceId, ['A', 'B', 'C'])) {
        assert.equal(span.attributes['jwt.result'], 'absent');
        assert.equal(span.attributes['jwt.subject.verdict'], undefined);
        assert.equal(span.attributes['user.hash'], undefined);
        assert.equal(span.attributes['jwt.baggage.removed'], undefined);
      }
    },
  },
];
