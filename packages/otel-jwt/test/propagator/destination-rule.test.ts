import { describe, expect, test } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import {
  compileDestinationRule,
  destinationOf,
  destinationOfUrl,
} from '../../src/propagator/destination-rule.js';
import type { Destination } from '../../src/propagator/telemetry-config.js';

const to = (url: string): Destination => {
  const destination = destinationOfUrl(url);
  if (destination === undefined) throw new Error(`test setup: ${url} has no destination`);
  return destination;
};
const trusts = (rule: unknown, url: string) => compileDestinationRule(rule, 'trustedDestinations')(to(url));

describe('origins', () => {
  test('an origin without a port matches the scheme default port only', () => {
    const rule = ['https://orders.internal'];
    expect(trusts(rule, 'https://orders.internal/api')).toBe(true);
    expect(trusts(rule, 'https://orders.internal:443/api')).toBe(true);
    expect(trusts(rule, 'https://orders.internal:8443/api')).toBe(false);
    expect(trusts(rule, 'http://orders.internal/api')).toBe(false);
  });

  test('an origin with an explicit port matches that port only', () => {
    const rule = ['http://orders.internal:8080'];
    expect(trusts(rule, 'http://orders.internal:8080/x')).toBe(true);
    expect(trusts(rule, 'http://orders.internal/x')).toBe(false);
    expect(trusts(rule, 'https://orders.internal:8080/x')).toBe(false);
  });

  test('an origin spelling out the default port equals the origin without it', () => {
    expect(trusts(['https://orders.internal:443'], 'https://orders.internal/')).toBe(true);
  });

  test('origins are matched case-insensitively in scheme and host', () => {
    expect(trusts(['HTTPS://Orders.INTERNAL'], 'https://orders.internal/')).toBe(true);
    expect(trusts(['https://orders.internal'], 'https://ORDERS.internal/')).toBe(true);
  });

  test('a host that merely starts or ends like the origin host is not trusted', () => {
    const rule = ['https://orders.internal'];
    expect(trusts(rule, 'https://orders.internal.evil.test/')).toBe(false);
    expect(trusts(rule, 'https://evil-orders.internal/')).toBe(false);
    expect(trusts(rule, 'https://api.orders.internal/')).toBe(false);
  });

  test('a *. wildcard matches subdomains at any depth', () => {
    const rule = ['https://*.orders.internal'];
    expect(trusts(rule, 'https://eu.orders.internal/')).toBe(true);
    expect(trusts(rule, 'https://a.eu.orders.internal/')).toBe(true);
  });

  test('a *. wildcard does not match the bare domain, a look-alike or another port', () => {
    const rule = ['https://*.orders.internal'];
    expect(trusts(rule, 'https://orders.internal/')).toBe(false);
    expect(trusts(rule, 'https://evil-orders.internal/')).toBe(false);
    expect(trusts(rule, 'https://eu.orders.internal.evil.test/')).toBe(false);
    expect(trusts(rule, 'https://eu.orders.internal:8443/')).toBe(false);
  });

  test('a *. wildcard with a port matches subdomains on that port', () => {
    expect(trusts(['http://*.svc.internal:8080'], 'http://a.svc.internal:8080/')).toBe(true);
    expect(trusts(['http://*.svc.internal:8080'], 'http://a.svc.internal/')).toBe(false);
  });

  test('an internationalised host is given in its ASCII (punycode) form and matches that form', () => {
    expect(trusts(['https://xn--bcher-kva.internal'], 'https://bücher.internal/')).toBe(true);
  });

  test('an IPv6 origin [::1] matches the loopback address on its port', () => {
    const rule = ['http://[::1]:8080'];
    expect(trusts(rule, 'http://[::1]:8080/x')).toBe(true);
    expect(trusts(rule, 'http://[::1]:8081/x')).toBe(false);
    expect(trusts(rule, 'http://127.0.0.1:8080/x')).toBe(false);
  });

  test('a trailing slash after the origin is accepted', () => {
    expect(trusts(['https://orders.internal/'], 'https://orders.internal/')).toBe(true);
  });

  test('an empty list of origins trusts nothing', () => {
    expect(trusts([], 'https://orders.internal/')).toBe(false);
  });
});

describe('origin mistakes', () => {
  test.each([
    ['https://orders.internal/api', 'it has a path'],
    ['https://orders.internal?x=1', 'it has a query'],
    ['https://orders.internal#frag', 'it has a fragment'],
    ['https://svc:hunter2-password@orders.internal', 'it has credentials'],
    ['ftp://orders.internal', 'the scheme is not http or https'],
    ['ws://orders.internal', 'the scheme is not http or https (ws)'],
    ['orders.internal', 'it has no scheme'],
    ['https:orders.internal', 'the scheme is not followed by //'],
    ['https://', 'it has no host'],
    ['https://orders.internal:99999', 'the port is out of range'],
    ['https://*', 'the wildcard is the whole host'],
    ['https://a.*.internal', 'the wildcard is not the first label'],
    ['https://*.*.internal', 'a second wildcard follows the first'],
    ['https://*internal', 'the wildcard is not followed by a dot'],
    ['https://orders*.internal', 'the wildcard is inside a label'],
    ['https://*.', 'the wildcard has no domain after it (it would trust every host ending in a dot)'],
    ['https://*..', 'the wildcard is followed by an empty label'],
    ['https://*.com', 'a wildcard over one label would trust a whole top-level domain'],
    ['https://*.internal', 'a wildcard over one label would trust every .internal host'],
    ['http://*.localhost:8080', 'a wildcard over one label with a port is still one label'],
    ['https://orders.internal:0', 'port 0 names no server'],
    ['https://orders.internal\t', 'a tab, which the URL parser would silently drop'],
    ['https://orders.inter\nnal', 'a newline inside the host, which the URL parser would silently drop'],
    [' https://orders.internal', 'a leading space'],
    ['https://bücher.internal', 'a non-ASCII host (give the punycode form)'],
  ])('the origin %j throws ConfigurationError naming the entry path because %s', (entry) => {
    let error: unknown;
    try {
      compileDestinationRule(['https://fine.internal', entry], 'trustedDestinations');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('trustedDestinations[1]');
    expect((error as Error).message).not.toContain('hunter2');
  });

  test.each([[42], [null], [{ origin: 'https://orders.internal' }], [['https://orders.internal']]])(
    'the non-string entry %j throws ConfigurationError naming its path',
    (entry) => {
      expect(() => compileDestinationRule([entry], 'forwardToken.to')).toThrow(ConfigurationError);
      expect(() => compileDestinationRule([entry], 'forwardToken.to')).toThrow('forwardToken.to[0]');
    },
  );

  test.each([
    ['a single origin string', 'https://orders.internal'],
    ['an object', { origins: ['https://orders.internal'] }],
    ['null', null],
    ['true', true],
  ])('a rule that is %s instead of an array or function throws naming the path', (_label, rule) => {
    expect(() => compileDestinationRule(rule, 'trustedDestinations')).toThrow(
      /trustedDestinations must be an array of origins or a function/,
    );
  });
});

describe('predicates', () => {
  test('a predicate returning true trusts, and it is given the destination', () => {
    const seen: Destination[] = [];
    const matcher = compileDestinationRule((destination: Destination) => {
      seen.push(destination);
      return destination.hostname === 'orders.internal';
    }, 'trustedDestinations');
    expect(matcher(to('https://orders.internal:8443/x'))).toBe(true);
    expect(matcher(to('https://other.internal/'))).toBe(false);
    expect(seen[0]).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 8443,
      origin: 'https://orders.internal:8443',
    });
  });

  test('a predicate that throws trusts nothing and the error does not escape', () => {
    const matcher = compileDestinationRule(() => {
      throw new Error('broken rule');
    }, 'trustedDestinations');
    expect(() => matcher(to('https://orders.internal/'))).not.toThrow();
    expect(matcher(to('https://orders.internal/'))).toBe(false);
  });

  test.each([
    ['the number 1', 1],
    ["the string 'yes'", 'yes'],
    ['an object', {}],
    ['a promise of true', Promise.resolve(true)],
  ])('a predicate returning the truthy non-boolean %s trusts nothing', (_label, value) => {
    expect(compileDestinationRule(() => value, 'trustedDestinations')(to('https://orders.internal/'))).toBe(
      false,
    );
  });
});

describe('destinationOf and destinationOfUrl', () => {
  test('destinationOf lower-cases scheme and host and fills in the default port', () => {
    expect(destinationOf('HTTPS:', 'Orders.Internal', undefined)).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 443,
      origin: 'https://orders.internal:443',
    });
    expect(destinationOf('http:', 'a', null)?.port).toBe(80);
    expect(destinationOf('http:', 'a', '')?.port).toBe(80);
  });

  test('destinationOf accepts a numeric port given as a string', () => {
    expect(destinationOf('http:', 'a', '8080')?.origin).toBe('http://a:8080');
  });

  test('destinationOf strips IPv6 brackets from the hostname and writes them in the origin', () => {
    expect(destinationOf('http:', '[::1]', 8080)).toEqual({
      protocol: 'http:',
      hostname: '::1',
      port: 8080,
      origin: 'http://[::1]:8080',
    });
    expect(destinationOf('http:', '::1', 8080)?.origin).toBe('http://[::1]:8080');
  });

  test.each([
    ['a scheme without the colon', 'https', 'a', 443],
    ['a non-http scheme', 'ftp:', 'a', 21],
    ['a non-string scheme', undefined, 'a', 80],
    ['an empty hostname', 'http:', '', 80],
    ['a non-string hostname', 'http:', 42, 80],
    ['port 0', 'http:', 'a', 0],
    ['port 65536', 'http:', 'a', 65536],
    ['a fractional port', 'http:', 'a', 80.5],
    ['a non-numeric port', 'http:', 'a', 'eighty'],
    ['a negative port', 'http:', 'a', -1],
  ])('destinationOf is undefined for %s', (_label, protocol, hostname, port) => {
    expect(destinationOf(protocol, hostname, port)).toBeUndefined();
  });

  test('destinationOfUrl reads scheme, host and port and ignores path, query and credentials', () => {
    expect(destinationOfUrl('https://user:pw@Orders.Internal:8443/a?b=c#d')).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 8443,
      origin: 'https://orders.internal:8443',
    });
    expect(destinationOfUrl('http://[::1]/x')?.origin).toBe('http://[::1]:80');
  });

  test.each(['ftp://orders.internal/', 'file:///etc/passwd', '/relative/path', 'not a url', ''])(
    'destinationOfUrl(%j) is undefined',
    (value) => {
      expect(destinationOfUrl(value)).toBeUndefined();
    },
  );

  test.each([[42], [null], [undefined], [new URL('https://orders.internal/')]])(
    'destinationOfUrl of the non-string %s is undefined',
    (value) => {
      expect(destinationOfUrl(value)).toBeUndefined();
    },
  );
});
