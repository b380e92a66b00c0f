import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/leak-scanner/otlp-protobuf-reader.js';
import { field, varint, varintField } from '../support/leak-protobuf.js';

const read = (bytes: Uint8Array) => readMessage(bytes, 0, bytes.length);

describe('readMessage', () => {
  it('lists length-delimited fields with their content range and skips numbers', () => {
    const bytes = Buffer.concat([
      varintField(6, 300),
      field(5, 'name'),
      Buffer.from([0x39, 1, 2, 3, 4, 5, 6, 7, 8]), // field 7, fixed64
      Buffer.from([0x85, 0x01, 1, 2, 3, 4]), // field 16, fixed32
      field(9, field(1, 'k')),
    ]);
    expect(read(bytes)).toEqual({
      fields: [
        { field: 5, start: 5, end: 9 },
        { field: 9, start: 26, end: 29 },
      ],
    });
  });

  it('stops with truncated at a length running past the end, keeping the fields before', () => {
    const bytes = Buffer.concat([field(5, 'ok'), varint(5 * 8 + 2), varint(1000), Buffer.from('abc')]);
    expect(read(bytes)).toEqual({
      fields: [{ field: 5, start: 2, end: 4 }],
      failure: { reason: 'truncated', offset: 4 },
    });
  });

  it.each([
    ['a varint cut short', Buffer.from([0x30, 0x80])],
    ['a tag cut short', Buffer.from([0x80])],
    ['a fixed64 cut short', Buffer.from([0x39, 1, 2])],
    ['a fixed32 cut short', Buffer.from([0x85, 0x01, 1])],
  ])('reports %s as truncated', (_name, bytes) => {
    expect(read(bytes).failure?.reason).toBe('truncated');
  });

  it.each([
    ['field number 0', Buffer.from([0x02, 0x00])],
    ['a start-group wire type', Buffer.from([0x0b])],
    ['an end-group wire type', Buffer.from([0x0c])],
    ['wire type 6', Buffer.from([0x0e])],
    ['wire type 7', Buffer.from([0x0f])],
    ['a varint longer than 10 bytes', Buffer.from([0x08, ...new Array(11).fill(0xff), 0x01])],
  ])('reports %s as malformed', (_name, bytes) => {
    expect(read(bytes).failure?.reason).toBe('malformed');
  });

  it('reads only inside the given range', () => {
    const bytes = Buffer.concat([field(1, 'abc'), field(2, 'def')]);
    expect(readMessage(bytes, 5, 10).fields).toEqual([{ field: 2, start: 7, end: 10 }]);
  });

  it('never throws and returns fields inside the input for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const { fields } = read(bytes);
        for (const found of fields) {
          expect(found.start).toBeGreaterThanOrEqual(0);
          expect(found.end).toBeLessThanOrEqual(bytes.length);
        }
      }),
    );
  });

  it('reads a megabyte of tiny fields in linear time', () => {
    const bytes = new Uint8Array(1 << 20).fill(0x08).map((byte, at) => (at % 2 === 0 ? byte : 0));
    const started = performance.now();
    expect(read(bytes).fields).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
