import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { describe, expect, test } from 'vitest';
import { inboundTokenMaterial } from '../../src/propagator/inbound-material.js';
import { withoutTokenTraceState } from '../../src/propagator/trace-state-guard.js';
import { mint, TRACE_ID } from '../support/telemetry-fixtures.js';

const TOKEN = mint({ sub: 'trace-state-user' });
const material = inboundTokenMaterial(undefined, TOKEN);

function remote(traceState: string | undefined) {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: 1,
    isRemote: true,
    ...(traceState === undefined ? {} : { traceState: new TraceState(traceState) }),
  });
}

const stateOf = (context: ReturnType<typeof remote>) =>
  trace.getSpanContext(context)?.traceState?.serialize();

describe('withoutTokenTraceState', () => {
  test('removes a member whose value is a JWT and keeps the vendors around it, in order', () => {
    const other = mint({ sub: 'someone-else' }).slice(0, 250);
    const context = withoutTokenTraceState(remote(`a=1,evil=${other},b=xyz`), material);
    expect(stateOf(context)).toBe('a=1,b=xyz');
    expect(trace.getSpanContext(context)).toMatchObject({ traceId: TRACE_ID, isRemote: true, traceFlags: 1 });
  });

  test("removes a member holding a piece of the request's own token that is not JWT-shaped on its own", () => {
    const signature = TOKEN.split('.')[2] as string;
    expect(stateOf(withoutTokenTraceState(remote(`vendor=x${signature}`), material))).toBe('');
  });

  test('removes a member whose key is token material', () => {
    const piece = (TOKEN.split('.')[2] as string)
      .slice(0, 20)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'a');
    const pieceMaterial = inboundTokenMaterial(undefined, `${piece}.${piece}.${piece}`);
    expect(stateOf(withoutTokenTraceState(remote(`${piece}=1,ok=2`), pieceMaterial))).toBe('ok=2');
  });

  test('returns the very same context when no member holds token material, or there is no tracestate', () => {
    const clean = remote('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(withoutTokenTraceState(clean, material)).toBe(clean);
    const none = remote(undefined);
    expect(withoutTokenTraceState(none, material)).toBe(none);
    expect(withoutTokenTraceState(ROOT_CONTEXT, material)).toBe(ROOT_CONTEXT);
  });
});
