// The HTTP configuration's requestHook on real node:http requests that never connect: credentials set on
// the request itself are remembered for redaction.
import { type ClientRequest, request as httpRequest, type RequestOptions } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { seenTokens } from '../../src/redaction/seen-tokens.js';
import { jwtHttpInstrumentationConfig } from '../../src/sdk/http-instrumentation-config.js';
import { mint } from '../support/telemetry-fixtures.js';

afterEach(() => seenTokens.clear());

describe('the request hook on an outgoing node:http request', () => {
  const opened: ClientRequest[] = [];
  afterEach(() => {
    for (const request of opened.splice(0)) request.destroy();
  });

  /** A real ClientRequest that never connects: destroyed before its connection attempt, after the test. */
  function clientRequest(options: RequestOptions = {}): ClientRequest {
    const request = httpRequest({ host: '127.0.0.1', port: 9, ...options });
    request.on('error', () => {});
    opened.push(request);
    return request;
  }

  const signatureOf = (token: string) => token.split('.')[2] as string;

  test('remembers a credential set with setHeader after the hooks ran', () => {
    const request = clientRequest();
    jwtHttpInstrumentationConfig().requestHook(undefined, request);
    const token = mint({ sub: 'set-later' });
    expect(seenTokens.holdsPiece(signatureOf(token))).toBe(false);
    expect(request.setHeader('Authorization', `Bearer ${token}`)).toBe(request);
    expect(seenTokens.holdsPiece(signatureOf(token))).toBe(true);
    expect(request.getHeader('authorization')).toBe(`Bearer ${token}`);
  });

  test('remembers credentials set with setHeaders and appendHeader too', () => {
    const request = clientRequest();
    jwtHttpInstrumentationConfig().requestHook(undefined, request);
    const viaHeaders = mint({ sub: 'set-headers' });
    const appended = mint({ sub: 'appended' });
    request.setHeaders(new Headers({ authorization: `Bearer ${viaHeaders}` }));
    request.appendHeader('authorization', `Bearer ${appended}`);
    expect(seenTokens.holdsPiece(signatureOf(viaHeaders))).toBe(true);
    expect(seenTokens.holdsPiece(signatureOf(appended))).toBe(true);
  });

  test('remembers a credential the request already holds, such as one from the auth option', () => {
    const request = clientRequest({ auth: 'service-account:a-long-enough-password-to-remember' });
    const basic = String(request.getHeader('authorization')).slice('Basic '.length);
    expect(seenTokens.holdsPiece(basic)).toBe(false);
    jwtHttpInstrumentationConfig().requestHook(undefined, request);
    expect(seenTokens.holdsPiece(basic)).toBe(true);
  });

  test('leaves other headers alone and wraps only this request', () => {
    const request = clientRequest();
    const other = clientRequest();
    jwtHttpInstrumentationConfig().requestHook(undefined, request);
    request.setHeader('x-request-id', 'a-long-request-identifier-value');
    expect(seenTokens.holdsPiece('a-long-request-identifier-value')).toBe(false);
    expect(Object.keys(request)).not.toContain('setHeader');
    expect(Object.hasOwn(other, 'setHeader')).toBe(false);
  });

  test('ignores a served request (IncomingMessage), which has no setters, and runs your hook after its own', () => {
    const calls: unknown[] = [];
    const config = jwtHttpInstrumentationConfig({
      requestHook: (span: unknown, request: unknown) => calls.push(span, request),
    });
    const served = { headers: { authorization: 'Bearer inbound-opaque-credential' } };
    const span = { name: 'GET' };
    config.requestHook(span, served);
    expect(calls).toEqual([span, served]);
    expect(served).not.toHaveProperty('setHeader');
  });
});
