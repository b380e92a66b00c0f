// Settings that need a chain of their own: each scenario derives one (same keys and sinks) and stops it.
import assert from 'node:assert/strict';
import type { Chain, ChainOverrides } from './chain.ts';
import { bearer, call, entrySpans, hop, mintAlice, namedSpan, type Scenario } from './scenario-kit.ts';

async function withDerived(chain: Chain, overrides: ChainOverrides, run: (derived: Chain) => Promise<void>) {
  const derived = await chain.derive(overrides);
  try {
    await run(derived);
  } finally {
    await derived.stop();
  }
}

export const settingsScenarios: Scenario[] = [
  {
    name: 'forwardToken naming the next hop carries the token A -> B -> C without the apps forwarding it',
    async run(chain) {
      const forwardToNext: ChainOverrides['A'] = (base, at) => ({
        ...base,
        forwardToken: { to: at.next === undefined ? [at.trustedSink] : [at.next, at.trustedSink] },
      });
      await withDerived(chain, { A: forwardToNext, B: forwardToNext }, async (derived) => {
        const token = await mintAlice(derived);
        const response = await call(derived, {
          authorization: bearer(token),
          hops: [{ url: derived.url('B') }, { url: derived.url('C') }],
        });
        for (const name of ['B', 'C'] as const) {
          assert.equal(hop(response, name).auth?.status, 'valid', `service ${name}`);
          assert.equal(hop(response, name).auth?.subjectVerdict, 'consistent', `service ${name}`);
        }
      });
    },
  },
  {
    name: 'subject.onSpans raw writes user.id and raw actors instead of pseudonyms, on entry and child spans',
    async run(chain) {
      const raw: ChainOverrides['A'] = (base) => ({ ...base, subject: { onSpans: 'raw' } });
      await withDerived(chain, { A: raw, B: raw, C: raw }, async (derived) => {
        const alice = await mintAlice(derived);
        const delegated = await mintAlice(derived, { act: { sub: 'service-b', act: { sub: 'service-a' } } });
        const response = await call(derived, {
          authorization: bearer(alice),
          hops: [
            { url: derived.url('B'), authorization: 'keep' },
            { url: derived.url('C'), authorization: bearer(delegated) },
          ],
        });
        const [sa, sc] = await entrySpans(derived, response.traceId, ['A', 'C']);
        assert.equal(sa?.attributes['user.id'], 'alice');
        assert.equal(sa?.attributes['user.hash'], undefined);
        assert.equal(sc?.attributes['jwt.subject.verdict'], 'delegated');
        assert.deepEqual(sc?.attributes['jwt.actor_chain'], ['service-b', 'service-a']);
        const work = namedSpan(await derived.spans('A', response.traceId), 'handler-work');
        assert.equal(work.attributes['user.id'], 'alice');
        // subject.inBaggage stays 'never': the raw id is not sent along.
        assert.equal(hop(response, 'B').baggage['user.id'], undefined);
      });
    },
  },
  {
    name: 'an auth entry that the first hop does not map rides past it, yet the hop that maps it removes it as unproven',
    async run(chain) {
      // B maps `plan` to `acme.plan`; A does not, so for A the client's `acme.plan` is ordinary baggage.
      const mapsPlan: ChainOverrides['B'] = (base) => ({
        ...base,
        claims: { ...base.claims, plan: 'acme.plan' },
      });
      await withDerived(chain, { B: mapsPlan }, async (derived) => {
        const token = await mintAlice(derived);
        const response = await call(derived, {
          authorization: bearer(token),
          headers: { baggage: 'acme.plan=enterprise' },
          hops: [{ url: derived.url('B'), authorization: 'keep' }],
        });
        const [a, b] = [hop(response, 'A'), hop(response, 'B')];
        assert.equal(a.baggage['acme.plan'], 'enterprise', 'A passes what it does not treat as auth');
        assert.equal(b.auth?.subjectVerdict, 'consistent');
        // A's entries proof lists only what A vouched for: its own claim entries.
        assert.deepEqual(b.auth?.removedBaggageKeys, ['acme.plan']);
        assert.equal(b.auth?.removalReason, 'missing_proof');
        assert.equal(b.baggage['acme.plan'], undefined);
        assert.equal(b.baggage['user.roles'], 'reader', 'entries A vouched for stay');
      });
    },
  },
];
