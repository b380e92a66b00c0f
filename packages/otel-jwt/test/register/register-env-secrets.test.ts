import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { clientSecretFile } from '../../src/register/register-env-secrets.js';
import { expectVariableError, registerFiles } from '../support/register-env-fixtures.js';

const files = registerFiles();
afterAll(() => files.remove());

const NAME = 'OTEL_JWT_INTROSPECTION_CLIENT_SECRET_FILE';
/** The secret in a file holding `content`, read through {@link NAME}. */
const read = (content: string | Buffer) => clientSecretFile({ [NAME]: files.write('secret', content) }, NAME);

describe('clientSecretFile', () => {
  it('is undefined when the variable is unset or empty', () => {
    expect(clientSecretFile({}, NAME)).toBeUndefined();
    expect(clientSecretFile({ [NAME]: ' ' }, NAME)).toBeUndefined();
  });

  it('keeps the spaces of a client secret, which RFC 6749 allows inside one', () => {
    expect(read(' client secret \r\n')).toBe(' client secret ');
  });

  it('reads any one-line printable secret back exactly, whatever final line break the file has', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\x20-\x7e]{1,64}$/),
        fc.constantFrom('', '\n', '\r\n', '\n\n'),
        (secret, ending) => {
          expect(read(`${secret}${ending}`)).toBe(secret);
        },
      ),
    );
  });

  it('refuses a secret file holding a line break before its end or a byte outside printable ASCII, never quoting it', () => {
    const printable = fc.stringMatching(/^[\x20-\x7e]{0,16}$/);
    const intruder = fc.constantFrom('\n', '\r', '\t', '\0', '\x7f', 'é', '\u2028');
    fc.assert(
      fc.property(printable, intruder, printable, (before, bad, after) => {
        expectVariableError(
          () => read(`s3cr3t${before}${bad}${after}x`),
          NAME,
          /does not hold a client secret: one line of printable ASCII/,
          ['s3cr3t'],
        );
      }),
    );
  });

  it('refuses a file that holds only a line break, an empty secret', () => {
    expectVariableError(() => read('\n'), NAME, /does not hold a client secret/);
  });

  it('refuses bytes that are not text, such as a binary key file given by mistake', () => {
    expectVariableError(() => read(Buffer.from([0x73, 0x65, 0xff, 0xfe, 0x80])), NAME, /printable ASCII/);
  });

  it('names the variable and the system reason for a file that cannot be read, not its path', () => {
    const path = '/nonexistent/otel-jwt/introspection-secret';
    expectVariableError(() => clientSecretFile({ [NAME]: path }, NAME), NAME, /cannot be read \(ENOENT\)/, [
      path,
    ]);
  });
});
