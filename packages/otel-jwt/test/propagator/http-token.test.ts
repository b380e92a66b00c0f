import { expect, test } from 'vitest';
import { isHttpToken } from '../../src/propagator/http-token.js';

test.each(['user.roles', 'x-id-token', "a!#$%&'*+-.^_`|~z09"])('accepts the RFC 7230 token %j', (text) => {
  expect(isHttpToken(text)).toBe(true);
});

test.each(['', 'a,b', 'a=b', 'a:b', 'a;b', 'a b', 'a\nb', 'tök', '(a)'])(
  'refuses %j, which holds a character outside the token set',
  (text) => {
    expect(isHttpToken(text)).toBe(false);
  },
);
