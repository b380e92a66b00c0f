// An app that spreads the caller's token over its spans: the span processor's onEnding replaces it in
// every field before the exporting processor sees the span, on this run's Node and SDK line.
import assert from 'node:assert/strict';
import { CARELESS_HEADER, type ServiceName } from './protocol.ts';
import {
  assertNoTokenMaterial,
  bearer,
  call,
  hop,
  mintAlice,
  namedSpan,
  type Scenario,
  serverSpan,
} from './scenario-kit.ts';

export const redactionScenarios: Scenario[] = [
  {
    name: 'an app that puts the token in span attributes, events, an exception and the status has it replaced at every hop',
    async run(chain) {
      const token = await mintAlice(chain);
      const careless = { [CARELESS_HEADER]: 'token' };
      const response = await call(chain, {
        authorization: bearer(token),
        headers: careless,
        hops: [
          { url: chain.url('B'), authorization: 'keep', headers: careless },
          { url: chain.url('C'), authorization: 'keep', headers: careless },
        ],
      });
      const { traceId } = hop(response, 'A');
      for (const name of ['A', 'B', 'C'] as ServiceName[]) {
        assert.equal(hop(response, name).auth?.status, 'valid');
        const spans = await chain.spans(name, traceId);
        assertNoTokenMaterial(spans, token);
        const entry = serverSpan(spans);
        assert.equal(entry.attributes['jwt.result'], 'valid', 'the intended attributes stay');
        for (const span of [entry, namedSpan(spans, 'handler-work')]) {
          assert.equal(span.attributes['app.token'], 'REDACTED');
          assert.ok(Number(span.attributes['jwt.redaction_count']) >= 4, 'the replacements are counted');
          assert.equal(span.status.message, 'bad token REDACTED');
          const exception = span.events.find((event) => event.name === 'exception');
          assert.equal(exception?.attributes['exception.message'], 'token rejected: REDACTED');
          assert.match(
            String(exception?.attributes['exception.stacktrace']),
            /^Error: token rejected: REDACTED\n/,
          );
          const seen = span.events.find((event) => event.name === 'app.token_seen');
          assert.equal(seen?.attributes['app.authorization'], 'REDACTED');
        }
      }
    },
  },
];
