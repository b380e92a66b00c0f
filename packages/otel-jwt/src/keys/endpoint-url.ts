const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopbackHttp(url: URL): boolean {
  return (
    url.protocol === 'http:' &&
    (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  );
}

function parse(value: unknown): URL | string {
  if (typeof value !== 'string') return 'must be a URL string';
  try {
    return new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
}

/**
 * Whether a key endpoint URL is acceptable: https, or plain http to this machine only (local
 * development and tests), never credentials in the URL. Key material fetched in clear from another
 * host could be swapped by anyone on the path. `loopbackHttp: false` refuses the loopback exception,
 * for URLs named by a remote document (a discovery document must not steer fetches at local ports).
 */
export function keyEndpointProblem(value: unknown, loopbackHttp = true): string | undefined {
  const url = parse(value);
  if (typeof url === 'string') return url;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  if (url.protocol === 'https:' || (loopbackHttp && isLoopbackHttp(url))) return undefined;
  return 'must use https (plain http is accepted only for loopback hosts)';
}

/** As {@link keyEndpointProblem}, for an issuer used as the base of OIDC discovery: no query or fragment. */
export function discoveryIssuerProblem(issuer: string): string | undefined {
  const problem = keyEndpointProblem(issuer);
  if (problem !== undefined) return problem;
  const url = new URL(issuer);
  return url.search !== '' || url.hash !== '' ? 'must not have a query or fragment' : undefined;
}

/** Whether the issuer itself is a loopback http URL (local development), where its JWKS may be too. */
export function isLoopbackIssuer(issuer: string): boolean {
  const url = parse(issuer);
  return typeof url !== 'string' && isLoopbackHttp(url);
}

/** OpenID Connect Discovery 1.0 §4: the issuer without a trailing slash, then the well-known path. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}
