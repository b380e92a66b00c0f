// fast-check generators of W3C baggage headers: keys from the token alphabet and names of built-in object
// properties, arbitrary values percent-encoded as the stock propagator encodes them, optional properties
// and optional whitespace, and a few auth keys forged among them.
import fc from 'fast-check';

/** Names that a plain object already answers to, each a valid baggage key. */
export const BUILT_IN_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__proto__',
  '__defineGetter__',
  '__lookupSetter__',
  'then',
  'length',
] as const;

/** Auth keys of the integration configuration, forged by the client; the property ignores them. */
export const FORGED_AUTH_KEYS = [
  'user.roles',
  'tenant.id',
  'jwt.subject_proof',
  'jwt.entries_proof',
] as const;

/** Whether a key is an auth entry under the integration configuration (jwt. and user. namespaces, mapped claims). */
export const isAuthKey = (key: string): boolean =>
  key.startsWith('jwt.') || key.startsWith('user.') || key === 'tenant.id';

const tokenChars = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/;

const key = fc.oneof(
  { arbitrary: fc.constantFrom(...BUILT_IN_NAMES), weight: 3 },
  { arbitrary: fc.stringMatching(tokenChars), weight: 4 },
  { arbitrary: fc.constantFrom(...FORGED_AUTH_KEYS), weight: 1 },
);

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.stringMatching(tokenChars),
);

const property = fc
  .tuple(fc.stringMatching(tokenChars), fc.option(fc.stringMatching(tokenChars), { nil: undefined }))
  .map(([name, setting]) => (setting === undefined ? name : `${name}=${setting}`));

const member = fc
  .record({
    key,
    value,
    properties: fc.array(property, { maxLength: 2 }),
    space: fc.constantFrom('', ' '),
  })
  .map(
    ({ key, value, properties, space }) =>
      `${space}${key}${space}=${space}${encodeURIComponent(value)}${properties.map((p) => `;${p}`).join('')}`,
  );

/** A baggage header value as it crosses the wire (Node trims the ends of header values). */
export const baggageHeader = (): fc.Arbitrary<string> =>
  fc.array(member, { minLength: 1, maxLength: 8 }).map((members) => members.join(',').trim());
