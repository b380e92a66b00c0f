/**
 * An RFC 7230 token: the characters of header names, cookie names (RFC 6265) and W3C baggage keys.
 * None of `,`, `=`, `;`, `:`, spaces or line breaks, so a token can never blur a list or a mac input.
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isHttpToken(text: string): boolean {
  return TOKEN.test(text);
}
