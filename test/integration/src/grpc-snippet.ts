import * as grpc from '@grpc/grpc-js';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { jwtGrpcClientOptions, jwtGrpcInstrumentationConfig } from 'otel-jwt';

// In `instrumentations` of the NodeSDK setup, beside HttpInstrumentation.
export const grpcInstrumentation = new GrpcInstrumentation(
  jwtGrpcInstrumentationConfig({ metadataToSpanAttributes: { server: { requestMetadata: ['x-tenant'] } } }),
);

// The options are the third argument of any client constructor, generated ones included.
export const orders = new grpc.Client(
  'orders.internal:50051',
  grpc.credentials.createSsl(),
  jwtGrpcClientOptions({ 'grpc.keepalive_time_ms': 30_000 }),
);
