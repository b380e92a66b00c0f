// Subject consistency across A -> B -> C when one hop's token differs: swapped, delegated, expired, dropped.
import assert from 'node:assert/strict';
import {
  assertNoTokenMaterial,
  bearer,
  call,
  entrySpans,
  hop,
  mintAlice,
  type Scenario,
} from './scenario-kit.ts';

export const subjectScenarios: Scenario[] = [
  {
    name: 'B swaps in another user’s token before calling C: C records the subject change on its entry span',
    async run(chain) {
      const alice = await mintAlice(chain);
      const mallory = await chain.tokens.mint({ sub: 'mallory', roles: ['admin'] });
      const response = await call(chain, {
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
      // Alice's claim entries go as subject_mismatch; B's proof is authenticated, so it stays; C's own
      // verified token supplies user.roles.
      assert.equal(c.auth?.removalReason, 'subject_mismatch');
      assert.deepEqual(c.auth?.removedBaggageKeys, ['user.roles']);
      assert.equal(c.baggage['user.roles'], 'admin');

      const [sa, sb, sc] = await entrySpans(chain, response.traceId, ['A', 'B', 'C']);
      assert.equal(sb?.attributes['jwt.subject.changed'], undefined);
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'changed');
      assert.equal(sc?.attributes['jwt.subject.changed'], true);
      assert.ok(sc?.events.some((event) => event.name === 'jwt.subject_changed'));
      assert.notEqual(sc?.attributes['user.hash'], sa?.attributes['user.hash']);
      assert.ok(!sb?.events.some((event) => event.name === 'jwt.subject_changed'));
    },
  },
  {
    name: 'B calls C with a token for the same user acting through service-b: C reports delegated with the actor chain',
    async run(chain) {
      const alice = await mintAlice(chain);
      const delegated = await mintAlice(chain, { act: { sub: 'service-b', act: { sub: 'service-a' } } });
      const response = await call(chain, {
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: bearer(delegated) },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.auth?.subjectVerdict, 'delegated');
      assert.deepEqual(c.auth?.removedBaggageKeys, []);
      const [sa, sc] = await entrySpans(chain, response.traceId, ['A', 'C']);
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'delegated');
      assert.equal(sc?.attributes['jwt.subject.changed'], undefined, 'delegation is not a subject change');
      assert.ok(!sc?.events.some((event) => event.name === 'jwt.subject_changed'));
      assert.equal(sc?.attributes['user.hash'], sa?.attributes['user.hash']);
      const actors = sc?.attributes['jwt.actor_chain'];
      // Pseudonyms by default: two actors, outermost first, neither written raw.
      assert.ok(Array.isArray(actors) && actors.length === 2, `actor chain ${JSON.stringify(actors)}`);
      assert.ok(actors.every((actor) => typeof actor === 'string' && !actor.startsWith('service-')));
      assert.notEqual(actors[0], actors[1]);
    },
  },
  {
    name: 'an expired token at the second hop: B reports invalid/expired and token_invalid, no claims travel on',
    async run(chain) {
      const now = Math.floor(Date.now() / 1000);
      const alice = await mintAlice(chain);
      // An hour past exp: far beyond the default 30 s clock tolerance.
      const expired = await mintAlice(chain, { iat: now - 7200, exp: now - 3600 });
      const response = await call(chain, {
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: bearer(expired) },
          { url: chain.url('C'), authorization: 'keep' },
        ],
      });
      const [b, c] = [hop(response, 'B'), hop(response, 'C')];
      assert.equal(b.auth?.status, 'invalid');
      assert.equal(b.auth?.code, 'expired');
      assert.equal(b.auth?.subjectVerdict, 'token_invalid');
      // The claim entries go (no_verified_token) while A's valid proof stays for C.
      assert.equal(b.auth?.removalReason, 'no_verified_token');
      assert.ok(b.auth?.removedBaggageKeys.includes('user.roles'));
      assert.equal(b.baggage['user.roles'], undefined);
      assert.equal(c.baggage['user.roles'], undefined, 'no claims in baggage downstream of B');
      assert.equal(c.auth?.status, 'invalid');

      const [sb] = await entrySpans(chain, response.traceId, ['B']);
      assert.equal(sb?.attributes['jwt.result'], 'invalid');
      assert.equal(sb?.attributes['jwt.error_code'], 'expired');
      assert.equal(sb?.attributes['jwt.subject.verdict'], 'token_invalid');
      for (const key of ['user.hash', 'user.roles', 'jwt.issuer', 'jwt.client_id', 'jwt.token_id']) {
        assert.equal(sb?.attributes[key], undefined, `${key} only from a token that verified`);
      }
      assertNoTokenMaterial(await chain.spans('B', response.traceId), expired);
    },
  },
  {
    name: 'the token dropped at the last hop: C reports absent and token_dropped, with no claims in its baggage',
    async run(chain) {
      const alice = await mintAlice(chain);
      const response = await call(chain, {
        authorization: bearer(alice),
        hops: [
          { url: chain.url('B'), authorization: 'keep' },
          { url: chain.url('C'), authorization: 'none' },
        ],
      });
      const c = hop(response, 'C');
      assert.equal(c.auth?.status, 'absent');
      assert.equal(c.auth?.subjectVerdict, 'token_dropped');
      // B's claim entries arrive and are removed as no_verified_token.
      assert.equal(c.auth?.removalReason, 'no_verified_token');
      assert.ok(c.auth?.removedBaggageKeys.includes('user.roles'));
      assert.equal(c.baggage['user.roles'], undefined);
      const [sc] = await entrySpans(chain, response.traceId, ['C']);
      assert.equal(sc?.attributes['jwt.result'], 'absent');
      assert.equal(sc?.attributes['jwt.subject.verdict'], 'token_dropped');
      assert.equal(sc?.attributes['user.hash'], undefined);
    },
  },
];
