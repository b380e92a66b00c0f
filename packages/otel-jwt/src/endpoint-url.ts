const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * Whether a key endpoint URL is acceptable: https, or plain http to this machine only (local
 * development and tests), never credentials in the URL. Key material fetched in clear from another
 * host could be swapped by anyone on the path.
 */
export function keyEndpointProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a URL string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  if (url.protocol === 'https:') return undefined;
  if (
    url.protocol === 'http:' &&
    (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  ) {
    return undefined;
  }
  return 'must use https (plain http is accepted only for loopback hosts)';
}

/** OpenID Connect Discovery 1.0 §4: the issuer without a trailing slash, then the well-known path. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}
