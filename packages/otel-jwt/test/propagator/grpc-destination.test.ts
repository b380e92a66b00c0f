import * as grpc from '@grpc/grpc-js';
import { afterAll, describe, expect, test } from 'vitest';
import { destinationOfChannel, destinationOfGrpcTarget } from '../../src/propagator/grpc-destination.js';

describe('destinationOfGrpcTarget', () => {
  test.each([
    ['dns:orders.internal:50051', 'http://orders.internal:50051'],
    ['dns:///orders.internal:50051', 'http://orders.internal:50051'],
    ['dns://8.8.8.8/orders.internal', 'http://orders.internal:443'],
    ['dns:ORDERS.Internal:50051', 'http://orders.internal:50051'],
    ['ipv4:10.0.0.7:50051', 'http://10.0.0.7:50051'],
    ['ipv6:[::1]:50051', 'http://[::1]:50051'],
    ['ipv6:[::1]', 'http://[::1]:443'],
    ['ipv6:fd00::7', 'http://[fd00::7]:443'],
    ['dns:[::1]:50051', 'http://[::1]:50051'],
  ])('%s is %s (insecure channel; the default port is 443)', (target, origin) => {
    expect(destinationOfGrpcTarget(target, false)?.origin).toBe(origin);
  });

  test('a channel with TLS goes to an https destination', () => {
    expect(destinationOfGrpcTarget('dns:orders.internal:8443', true)).toEqual({
      protocol: 'https:',
      hostname: 'orders.internal',
      port: 8443,
      origin: 'https://orders.internal:8443',
    });
  });

  test.each([
    ['a unix socket', 'unix:/tmp/orders.sock'],
    ['an abstract unix socket', 'unix-abstract:orders'],
    ['an xDS target, resolved elsewhere', 'xds:///orders'],
    ['a list of addresses, which one decision cannot cover', 'ipv4:10.0.0.7:50051,10.0.0.8:50051'],
    ['an empty port', 'dns:orders.internal:'],
    ['a port that is not a number', 'dns:orders.internal:grpc'],
    ['a port out of range', 'dns:orders.internal:70000'],
    ['no host', 'dns::50051'],
    ['an unclosed IPv6 bracket', 'dns:[::1:50051'],
    ['text after an IPv6 bracket', 'dns:[::1]x'],
    ['a target as written, before grpc-js names its scheme', 'orders.internal:50051'],
    ['a bracketed address without a scheme', '[::1]:50051'],
    ['an empty target', ''],
  ])('%s has no destination', (_reason, target) => {
    expect(destinationOfGrpcTarget(target, false)).toBeUndefined();
  });

  test('a target that is not a string has no destination', () => {
    for (const target of [undefined, null, 50051, {}]) {
      expect(destinationOfGrpcTarget(target, true)).toBeUndefined();
    }
  });
});

describe('destinationOfChannel', () => {
  const channels: grpc.Channel[] = [];
  const channel = (target: string, credentials: grpc.ChannelCredentials) => {
    const made = new grpc.Channel(target, credentials, {});
    channels.push(made);
    return made;
  };
  afterAll(() => {
    for (const made of channels) made.close();
  });

  test("a grpc-js channel's destination comes from its target and whether its credentials use TLS", () => {
    const insecure = channel('orders.internal:50051', grpc.credentials.createInsecure());
    const secure = channel('orders.internal:8443', grpc.credentials.createSsl());
    expect(destinationOfChannel(insecure)?.origin).toBe('http://orders.internal:50051');
    expect(destinationOfChannel(secure)?.origin).toBe('https://orders.internal:8443');
  });

  test('a channel is read once: its destination is kept while the channel lives', () => {
    let reads = 0;
    const counted = {
      getTarget: () => {
        reads++;
        return 'dns:orders.internal:50051';
      },
      internalChannel: { credentials: { _isSecure: () => false } },
    };
    destinationOfChannel(counted);
    expect(destinationOfChannel(counted)?.origin).toBe('http://orders.internal:50051');
    expect(reads).toBe(1);
  });

  test('a channel that does not say whether it uses TLS has no destination, and nothing throws', () => {
    const throwing = {
      getTarget: () => {
        throw new Error('closed');
      },
      internalChannel: { credentials: { _isSecure: () => true } },
    };
    for (const odd of [
      undefined,
      null,
      'dns:orders.internal:50051',
      { getTarget: () => 'dns:orders.internal:50051' },
      {
        getTarget: () => 'dns:orders.internal:50051',
        internalChannel: { credentials: { _isSecure: () => 'yes' } },
      },
      throwing,
    ]) {
      expect(destinationOfChannel(odd)).toBeUndefined();
    }
  });
});
