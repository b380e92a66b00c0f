import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLeakScanner, findTokenLeaks, type LeakTelemetry } from '../../src/testing.js';
import { leakToken, lookAlikeToken, recordTelemetry } from '../support/leak-telemetry.js';

const TOKEN = leakToken();
/** Tokens of one issuer: they share their header segment and the start of their claims. */
const SAME_ISSUER = [TOKEN, leakToken(), leakToken(), leakToken({ sub: 'bob' })];

function serialized(bytes: Uint8Array | undefined): Uint8Array {
  if (bytes === undefined) throw new Error('the serializer produced nothing');
  return bytes;
}

let inputs: LeakTelemetry[];

beforeAll(async () => {
  const { spans, logs } = await recordTelemetry(TOKEN);
  inputs = [
    { spans },
    { logs },
    { otlpJson: new TextDecoder().decode(serialized(JsonTraceSerializer.serializeRequest(spans))) },
    { otlpJson: serialized(JsonLogsSerializer.serializeRequest(logs)) },
    { otlpProtobuf: serialized(ProtobufTraceSerializer.serializeRequest(spans)), signal: 'traces' },
    { text: `other: ${SAME_ISSUER[2]} and ${encodeURIComponent(TOKEN).replaceAll('.', '%2e')}` },
  ];
});

describe('createLeakScanner', () => {
  it('reports what findTokenLeaks reports for every input form, scan after scan', () => {
    const scanner = createLeakScanner(SAME_ISSUER);
    for (let round = 0; round < 2; round++) {
      for (const telemetry of inputs) {
        expect(scanner.scan(telemetry)).toEqual(findTokenLeaks(telemetry, SAME_ISSUER));
      }
    }
  });

  it('finds nothing with tokens that are not in the telemetry', () => {
    const scanner = createLeakScanner([lookAlikeToken()]);
    for (const telemetry of inputs) expect(scanner.scan(telemetry)).toEqual([]);
  });

  it('keeps the tokens it was given, whatever later happens to their array', () => {
    const tokens = [TOKEN];
    const scanner = createLeakScanner(tokens);
    tokens[0] = lookAlikeToken();
    expect(scanner.scan({ text: `x ${TOKEN}` })).toEqual(findTokenLeaks({ text: `x ${TOKEN}` }, [TOKEN]));
  });

  it.each([[[]], [['short']], [[42]], ['not an array']])(
    'throws a constant TypeError when made with unusable tokens %j',
    (tokens) => {
      expect(() => createLeakScanner(tokens as never)).toThrow(
        new TypeError(
          'createLeakScanner: tokens must be a non-empty array of strings of 16 or more characters',
        ),
      );
    },
  );

  it.each([[null], [{}], [{ otlpJson: 42 }], [{ otlpProtobuf: new Uint8Array(1), signal: 'profiles' }]])(
    'throws a TypeError when asked to scan telemetry of no known form %j',
    (telemetry) => {
      const scanner = createLeakScanner([TOKEN]);
      expect(() => scanner.scan(telemetry as never)).toThrow(TypeError);
      // The scanner still works after refusing an input.
      expect(scanner.scan({ text: TOKEN })).toHaveLength(1);
    },
  );
});

/** Pieces of the tokens in their forms, and other text, for texts that hold several matches. */
function pieces(tokens: readonly string[]): fc.Arbitrary<string> {
  const piece = fc
    .tuple(fc.nat(tokens.length - 1), fc.nat(300), fc.integer({ min: 12, max: 400 }), fc.nat(5))
    .map(([index, from, length, form]) => {
      const token = tokens[index] ?? '';
      const part = token.slice(Math.min(from, token.length - 1), from + length);
      const forms = [
        part,
        encodeURIComponent(part).replaceAll('.', '%2e'),
        Buffer.from(`x${part}`).toString('base64'),
        Buffer.from(part).toString('base64url'),
        Buffer.from(part).toString('hex').toUpperCase(),
        `%2f${part}`,
      ];
      return forms[form] ?? part;
    });
  return fc.oneof(piece, fc.string({ maxLength: 6 }), fc.constantFrom('%', '%2e', '.', ' '));
}

describe('createLeakScanner property', () => {
  it('gives each scan the reports of a fresh findTokenLeaks, whatever it scanned before', () => {
    const tokens = fc
      .subarray([...SAME_ISSUER, lookAlikeToken(), 'AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAA'], {
        minLength: 1,
      })
      .chain((list) =>
        fc.tuple(fc.constant(list), fc.array(fc.array(pieces(list), { maxLength: 12 }), { maxLength: 4 })),
      );
    fc.assert(
      fc.property(tokens, ([list, texts]) => {
        const scanner = createLeakScanner(list);
        for (const parts of texts) {
          const text = parts.join('');
          expect(scanner.scan({ text })).toEqual(findTokenLeaks({ text }, list));
        }
      }),
      { numRuns: 150 },
    );
  });
});
