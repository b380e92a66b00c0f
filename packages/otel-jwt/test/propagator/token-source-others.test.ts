import { defaultTextMapGetter } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { type ResolvedSource, readToken } from '../../src/propagator/token-source.js';

// The credentials a request held besides the token it yields: readToken hands them to the caller, who
// remembers them for redaction.

const AUTHORIZATION: ResolvedSource = { kind: 'authorization' };
const HEADER: ResolvedSource = { kind: 'header', name: 'x-id-token' };
const COOKIE: ResolvedSource = { kind: 'cookie', name: 'session' };
const A = 'first-opaque-token-value';
const B = 'second-opaque-token-value';

function othersOf(headers: Record<string, unknown>, sources: ResolvedSource[]) {
  const others: string[] = [];
  const read = readToken(headers, defaultTextMapGetter, sources, others);
  return { code: read.found ? 'found' : read.code, others };
}

describe('readToken reports the other credentials a request held', () => {
  test('both values of a repeated Authorization header refused as multiple_tokens', () => {
    expect(othersOf({ authorization: [`Bearer ${A}`, `Bearer ${B}`] }, [AUTHORIZATION])).toEqual({
      code: 'multiple_tokens',
      others: [A, B],
    });
  });

  test('the credential of another scheme, and of a refused list of credentials', () => {
    expect(othersOf({ authorization: `Basic ${A}` }, [AUTHORIZATION])).toEqual({
      code: 'absent',
      others: [A],
    });
    expect(othersOf({ authorization: `Basic ${B}, Bearer ${A}` }, [AUTHORIZATION])).toEqual({
      code: 'malformed_authorization',
      others: [`${B}, Bearer ${A}`],
    });
  });

  test('the tokens of two sources that disagree, and of two cookies of the same name', () => {
    expect(othersOf({ authorization: `Bearer ${A}`, 'x-id-token': B }, [AUTHORIZATION, HEADER])).toEqual({
      code: 'multiple_tokens',
      others: [A, B],
    });
    expect(othersOf({ cookie: `session=${A}; session=${B}` }, [COOKIE])).toEqual({
      code: 'multiple_tokens',
      others: [A, B],
    });
  });

  test('a token found in one source and a refusal in the next: both are reported', () => {
    expect(othersOf({ authorization: `Bearer ${A}`, 'x-id-token': '' }, [AUTHORIZATION, HEADER])).toEqual({
      code: 'malformed_authorization',
      others: [A],
    });
  });

  test('nothing besides a token that was found, and a found token is never among the others', () => {
    expect(othersOf({ authorization: `Bearer ${A}` }, [AUTHORIZATION])).toEqual({
      code: 'found',
      others: [],
    });
    expect(
      othersOf({ authorization: `Bearer ${A}`, 'x-id-token': A }, [AUTHORIZATION, HEADER]).others,
    ).toEqual([]);
  });
});
