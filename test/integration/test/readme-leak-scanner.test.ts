import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { generateKeyPair, SignJWT } from 'jose';
import { JwtSpanProcessor } from 'otel-jwt';
import { assertNoTokenLeaks, findTokenLeaks } from 'otel-jwt/testing';
import { expect, it } from 'vitest';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [new JwtSpanProcessor(), new SimpleSpanProcessor({ exporter })],
});

it('keeps the bearer token out of telemetry', async () => {
  const { privateKey } = await generateKeyPair('ES256');
  const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);

  // What a careless handler might do; your test would call your service instead.
  const span = provider.getTracer('app').startSpan('GET /orders');
  span.recordException(new Error(`rejected ${token}`));
  span.end();
  await provider.forceFlush();

  const spans = exporter.getFinishedSpans();
  // Throws a TokenLeakError listing places (never token characters) when there is a leak.
  assertNoTokenLeaks({ spans }, [token]);
  // Exported bytes work too: { otlpJson: body } or { otlpProtobuf: body, signal: 'traces' | 'logs' | 'metrics' }.
  expect(findTokenLeaks({ spans }, [token])).toEqual([]);
});
