import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { GrpcInstrumentationConfig } from '@opentelemetry/instrumentation-grpc';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { jwtGrpcInstrumentationConfig } from '../../src/sdk/grpc-instrumentation-config.js';

afterEach(() => diag.disable());

function warnings(): ReturnType<typeof vi.fn> {
  const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), verbose: vi.fn() };
  diag.setLogger(logger, DiagLogLevel.WARN);
  return logger.warn;
}

const LISTED = ['authorization', 'x-tenant', 'Cookie', 'x_api_key', 'x-request-id'];

describe('jwtGrpcInstrumentationConfig', () => {
  test('without options of your own the config is empty and nothing is logged', () => {
    const warn = warnings();
    expect(jwtGrpcInstrumentationConfig()).toEqual({});
    expect(warn).not.toHaveBeenCalled();
  });

  test('gRPC instrumentation: other options are kept as given and the base object is not changed', () => {
    const ignoreGrpcMethods = ['Health'];
    const metadataToSpanAttributes = { client: { requestMetadata: [...LISTED] } };
    const base = { enabled: true, ignoreGrpcMethods, metadataToSpanAttributes };
    const config = jwtGrpcInstrumentationConfig(base);
    expect(config.ignoreGrpcMethods).toBe(ignoreGrpcMethods);
    expect(config.enabled).toBe(true);
    expect(base.metadataToSpanAttributes.client.requestMetadata).toEqual(LISTED);
  });

  test('credential metadata is removed from all four lists, the other keys kept in order', () => {
    const lists = { requestMetadata: [...LISTED], responseMetadata: ['set-cookie', 'x-region'] };
    const config = jwtGrpcInstrumentationConfig({
      metadataToSpanAttributes: { client: lists, server: lists },
    });
    const safe = { requestMetadata: ['x-tenant', 'x-request-id'], responseMetadata: ['x-region'] };
    expect(config.metadataToSpanAttributes).toEqual({ client: safe, server: safe });
  });

  test('one warning names the removed keys, in lower case, and holds no value', () => {
    const warn = warnings();
    jwtGrpcInstrumentationConfig({
      metadataToSpanAttributes: { client: { requestMetadata: LISTED }, server: { requestMetadata: LISTED } },
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'otel-jwt: metadataToSpanAttributes lists credential metadata (authorization, cookie, x_api_key); it is never recorded',
    );
  });

  test('credential keys of the redaction options are removed too', () => {
    const config = jwtGrpcInstrumentationConfig(
      { metadataToSpanAttributes: { server: { requestMetadata: ['x-tenant', 'x-tenant-seal'] } } },
      { redaction: { credentialKeys: ['x-tenant-seal'] } },
    );
    expect(config.metadataToSpanAttributes?.server).toEqual({
      requestMetadata: ['x-tenant'],
      responseMetadata: [],
    });
  });

  test('entries that are not strings and lists that are not arrays (plain JavaScript) are dropped', () => {
    const odd = { requestMetadata: ['x-tenant', 7, null], responseMetadata: 'authorization' } as never;
    const config = jwtGrpcInstrumentationConfig({ metadataToSpanAttributes: { client: odd } });
    expect(config.metadataToSpanAttributes?.client).toEqual({
      requestMetadata: ['x-tenant'],
      responseMetadata: [],
    });
  });

  test('an unknown option is a configuration error naming the options', () => {
    expect(() => jwtGrpcInstrumentationConfig({}, { redact: {} } as never)).toThrow(ConfigurationError);
  });

  test('the merged config is assignable to GrpcInstrumentationConfig of instrumentation-grpc', () => {
    const config: GrpcInstrumentationConfig = jwtGrpcInstrumentationConfig({
      ignoreGrpcMethods: [/Health/],
      metadataToSpanAttributes: { client: { requestMetadata: ['x-tenant'] } },
    });
    expect(config.ignoreGrpcMethods).toHaveLength(1);
  });
});
