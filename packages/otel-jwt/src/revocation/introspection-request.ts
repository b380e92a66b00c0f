import { boundedFetch } from '../keys/bounded-fetch.js';
import { type FetchFailureCode, fetchFailureCode } from './fetch-failure.js';
import { type IntrospectionAnswer, readIntrospectionAnswer } from './introspection-answer.js';
import type { IntrospectionSettings } from './introspection-settings.js';
import { RequestAborts } from './request-aborts.js';

/** Why an introspection request failed. */
export type IntrospectionFailureCode = FetchFailureCode | 'http_error';

/** An answer read, or a failure (with the HTTP status of an `http_error`, for the operator). */
export type IntrospectionExchange =
  | IntrospectionAnswer
  | { readonly kind: 'failed'; readonly code: IntrospectionFailureCode; readonly httpStatus?: number };

/** RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they are joined and encoded. */
function formEncoded(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Sends tokens to one issuer's introspection endpoint (RFC 7662 §2.1): a form POST of `token` and
 * `token_type_hint=access_token`, client authentication by `client_secret_basic` (Authorization header)
 * or `client_secret_post` (body), no redirects, the answer bounded in size and time.
 */
export class IntrospectionRequest {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(
    private readonly issuer: string,
    private readonly settings: IntrospectionSettings,
  ) {
    const { clientId, clientSecret, method } = settings;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (method === 'client_secret_basic') {
      const pair = `${formEncoded(clientId)}:${formEncoded(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    }
    this.headers = headers;
  }

  private readonly aborts = new RequestAborts();

  /** One exchange for `token`, within the timeout. Never rejects. */
  async send(token: string): Promise<IntrospectionExchange> {
    const { endpoint, timeoutMs, maxResponseBytes, method, clientId, clientSecret } = this.settings;
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    if (method === 'client_secret_post') {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const abort = this.aborts.start(timeoutMs);
    try {
      const response = await boundedFetch(
        endpoint,
        {
          method: 'POST',
          headers: this.headers,
          body: form.toString(),
          signal: abort.signal,
        },
        maxResponseBytes,
      );
      if (response.status !== 200) return { kind: 'failed', code: 'http_error', httpStatus: response.status };
      return readIntrospectionAnswer(await response.text(), this.issuer);
    } catch (error) {
      return { kind: 'failed', code: fetchFailureCode(error) };
    } finally {
      abort.done();
    }
  }

  /** Aborts the exchanges under way and any started later. */
  close(): void {
    this.aborts.abortAll();
  }
}
