import { describe, expect, test } from 'vitest';
import { redactJsonMembers, redactQueryParameters } from '../../src/redaction/parameter-redaction.js';
import { parameterNames } from '../../src/redaction/query-parameters.js';

const names = parameterNames([]);
const query = (text: string) => redactQueryParameters(text, names, 'R');
const json = (text: string) => redactJsonMembers(text, names, 'R');

describe('query parameters', () => {
  test('replaces the value up to the next delimiter and keeps everything else', () => {
    expect(query('/cb?code=abc&state=s1;token=t#access_token=a b')).toBe(
      '/cb?code=R&state=s1;token=R#access_token=R b',
    );
  });

  test('finds parameters at the start of the text and after spaces, quotes and brackets', () => {
    expect(query('token=a "code=b" (jwt=c')).toBe('token=R "code=R" (jwt=R');
  });

  test('a value runs to the next &, #, ;, quote or space, so commas and brackets in it go too', () => {
    expect(query('token=a,b)c&x=1')).toBe('token=R&x=1');
  });

  test('finds a name written with percent escapes, as a URL encoder may write it', () => {
    expect(query('/cb?access%5Ftoken=abc&x=1&access%5ftoken=def')).toBe(
      '/cb?access%5Ftoken=R&x=1&access%5ftoken=R',
    );
    const escaped = [...'client_secret'].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('');
    expect(query(`?${escaped}=s3cr3t`)).toBe(`?${escaped}=R`);
  });

  test('leaves a name that is only the end of a longer word', () => {
    expect(query('?postcode=1&mytoken=2&a.token=3')).toBe('?postcode=1&mytoken=2&a.token=3');
  });

  test('an empty value and a value that is already the replacement are left as they are', () => {
    const text = '?code=&token=R';
    expect(query(text)).toBe(text);
  });

  test('text of nothing but equals signs and long names stays linear', () => {
    const time = (text: string) => {
      const start = process.hrtime.bigint();
      query(text);
      return Number(process.hrtime.bigint() - start);
    };
    const unit = `${'n'.repeat(200)}=`;
    time(unit.repeat(100));
    const small = Math.min(time(unit.repeat(100)), time(unit.repeat(100)));
    const large = Math.min(time(unit.repeat(6400)), time(unit.repeat(6400)));
    // Linear gives about 64; quadratic about 4096.
    expect(large / small).toBeLessThan(640);
  });
});

describe('JSON members', () => {
  test('replaces string values of sensitive members, with or without spaces around the colon', () => {
    expect(json('{"access_token": "a", "id_token" :"b","expires_in":3600,"Refresh_Token":"c"}')).toBe(
      '{"access_token": "R", "id_token" :"R","expires_in":3600,"Refresh_Token":"R"}',
    );
  });

  test('a value with escaped quotes is replaced whole', () => {
    expect(json('{"token":"a\\"b\\\\","next":"x"}')).toBe('{"token":"R","next":"x"}');
  });

  test('leaves numbers, objects and unterminated strings alone', () => {
    const text = '{"code":123,"token":{"a":1},"secret":"unterminated';
    expect(json(text)).toBe(text);
  });

  test('leaves members of other names alone', () => {
    const text = '{"token_type":"Bearer","scope":"read"}';
    expect(json(text)).toBe(text);
  });
});
