import {
  type Baggage,
  type BaggageEntry,
  baggageEntryMetadataFromString,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BAGGAGE_MAX_ENTRIES,
  BAGGAGE_MAX_ENTRY_CHARS,
  BAGGAGE_MAX_HEADER_CHARS,
  encodeBaggageEntry,
  serializeBaggage,
} from '../../src/propagator/baggage-codec.js';

const stock = new W3CBaggagePropagator();

/** What the stock propagator writes for `baggage`; '' when it writes no header. */
function stockHeader(baggage: Baggage): string {
  const carrier: Record<string, string> = {};
  stock.inject(propagation.setBaggage(ROOT_CONTEXT, baggage), carrier, defaultTextMapSetter);
  return carrier.baggage ?? '';
}

type Generated = [key: string, value: string, metadata: string | null];

function baggageOf(generated: readonly Generated[]): Baggage {
  const record: Record<string, BaggageEntry> = Object.fromEntries(
    generated.map(([key, value, metadata]) => [
      key,
      metadata === null ? { value } : { value, metadata: baggageEntryMetadataFromString(metadata) },
    ]),
  );
  return propagation.createBaggage(record);
}

const SPECIAL = [',', '=', ';', ' ', '%', '%2C', '"', '\\', 'é', '🙂', '\u0000', 'k=v;p=1', 'a,b'];
const specialText = fc
  .array(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 2, arbitrary: specialText },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '42', '__proto__', 'constructor') },
);
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: specialText },
  // Near and over the 4096-character member limit, as ASCII and as 6-character percent-encoded UTF-8.
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 4200 }).map((n) => 'v'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 150, max: 700 }).map((n) => 'é'.repeat(n)) },
);
/** Metadata is written verbatim by both; without commas so members can be counted in the header. */
const metadataArb = fc.option(
  fc.string({ unit: fc.constantFrom('a', 'b', '=', ';', ' ', 'é', ':', '1'), maxLength: 16 }),
  { freq: 3 },
);
const entryArb = fc.tuple(keyArb, valueArb, metadataArb);
const baggageArb = fc.oneof(
  fc.uniqueArray(entryArb, { selector: (entry) => entry[0], maxLength: 24 }),
  fc.uniqueArray(entryArb, { selector: (entry) => entry[0], minLength: 150, maxLength: 260 }),
);

/** Shrinking 260-entry baggage can take minutes; past the limit the run fails with what it has. */
const BOUNDED = { numRuns: 300, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true };

describe('serializeBaggage against the stock W3CBaggagePropagator', () => {
  test('for generated baggage the header equals what the stock propagator injects', () => {
    fc.assert(
      // A boolean, not expect: a diff of two 8 KB headers on every shrinking step would take minutes.
      fc.property(baggageArb, (generated) => {
        const baggage = baggageOf(generated);
        return serializeBaggage(baggage.getAllEntries()) === stockHeader(baggage);
      }),
      BOUNDED,
    );
  });

  test('for generated baggage the header stays within 8192 chars, 180 members and 4096 per member', () => {
    fc.assert(
      fc.property(baggageArb, (generated) => {
        const header = serializeBaggage(baggageOf(generated).getAllEntries());
        const members = header === '' ? [] : header.split(',');
        return (
          header.length <= BAGGAGE_MAX_HEADER_CHARS &&
          members.length <= BAGGAGE_MAX_ENTRIES &&
          members.every((member) => member.length <= BAGGAGE_MAX_ENTRY_CHARS)
        );
      }),
      BOUNDED,
    );
  });

  test('more than 180 entries keep the first 180, as the stock propagator does', () => {
    const baggage = baggageOf(Array.from({ length: 200 }, (_, i): Generated => [`k${i}`, 'v', null]));
    const header = serializeBaggage(baggage.getAllEntries());
    expect(header.split(',')).toHaveLength(180);
    expect(header.endsWith(',k179=v')).toBe(true);
    expect(header).toBe(stockHeader(baggage));
  });

  test('an oversize member is skipped and does not count towards the 180 members', () => {
    const generated: Generated[] = [['big', 'x'.repeat(4093), null]];
    for (let i = 0; i < 180; i++) generated.push([`k${i}`, 'v', null]);
    const baggage = baggageOf(generated);
    const header = serializeBaggage(baggage.getAllEntries());
    expect(header).not.toContain('big=');
    expect(header.split(',')).toHaveLength(180);
    expect(header).toBe(stockHeader(baggage));
  });

  test('a member of exactly 4096 characters is kept and one of 4097 is skipped', () => {
    const exact = baggageOf([['a', 'x'.repeat(4094), null]]);
    const over = baggageOf([['a', 'x'.repeat(4095), null]]);
    expect(serializeBaggage(exact.getAllEntries())).toHaveLength(4096);
    expect(serializeBaggage(over.getAllEntries())).toBe('');
    expect(stockHeader(over)).toBe('');
  });

  test('a member that would overflow 8192 is skipped while later smaller members still fit', () => {
    const generated: Generated[] = [
      ['a', 'x'.repeat(4000), null],
      ['b', 'y'.repeat(4000), null],
      ['c', 'z'.repeat(4000), null],
      ['d', 'small', null],
    ];
    const baggage = baggageOf(generated);
    const header = serializeBaggage(baggage.getAllEntries());
    expect(header.split(',').map((member) => member.slice(0, 2))).toEqual(['a=', 'b=', 'd=']);
    expect(header).toBe(stockHeader(baggage));
  });

  test('keys and values are percent-encoded so commas, = and ; inside them cannot split members', () => {
    const baggage = baggageOf([['k,=;', 'v,=;é', 'prop=1;x']]);
    expect(serializeBaggage(baggage.getAllEntries())).toBe('k%2C%3D%3B=v%2C%3D%3B%C3%A9;prop=1;x');
    expect(stockHeader(baggage)).toBe('k%2C%3D%3B=v%2C%3D%3B%C3%A9;prop=1;x');
  });

  test('empty baggage serialises to the empty string, where the stock propagator writes no header', () => {
    const baggage = propagation.createBaggage();
    expect(serializeBaggage(baggage.getAllEntries())).toBe('');
    expect(stockHeader(baggage)).toBe('');
  });

  test('an entry with a lone surrogate, which the stock propagator throws on, is skipped and the rest kept', () => {
    const withBad = baggageOf([
      ['a', '1', null],
      ['bad', '\ud800', null],
      ['\udc00', 'x', null],
      ['b', '2', null],
    ]);
    expect(() => stockHeader(withBad)).toThrow(URIError);
    const without = baggageOf([
      ['a', '1', null],
      ['b', '2', null],
    ]);
    expect(serializeBaggage(withBad.getAllEntries())).toBe(stockHeader(without));
  });
});

describe('encodeBaggageEntry', () => {
  test('encodes one member exactly as the stock propagator encodes a single-entry baggage', () => {
    fc.assert(
      fc.property(entryArb, ([key, value, metadata]) => {
        // Below the member limit as a whole (key and metadata included): over it the stock writes nothing.
        const metadataChars = metadata === null ? 0 : metadata.length + 1;
        fc.pre(encodeURIComponent(key).length + encodeURIComponent(value).length + metadataChars < 4000);
        const baggage = baggageOf([[key, value, metadata]]);
        const [[, entry]] = baggage.getAllEntries() as [[string, BaggageEntry]];
        return encodeBaggageEntry(key, entry) === stockHeader(baggage);
      }),
    );
  });

  test('writes metadata verbatim after a semicolon', () => {
    const metadata = baggageEntryMetadataFromString('ttl=60;x');
    expect(encodeBaggageEntry('user.roles', { value: 'a b', metadata })).toBe('user.roles=a%20b;ttl=60;x');
  });
});
