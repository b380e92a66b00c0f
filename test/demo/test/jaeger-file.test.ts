// The Jaeger JSON file the demo wrote: Jaeger's format, every scenario trace with the auth tags, and what
// the Jaeger UI's trace list will call each trace.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoFixture, demoFixture } from '../src/demo-fixture.ts';
import { jaegerContent, jaegerProblems } from '../src/jaeger-schema.ts';

let demo: DemoFixture;

beforeAll(() => {
  demo = demoFixture(inject('demo'));
});

describe('the Jaeger JSON file', () => {
  it("passes the schema check of Jaeger's JSON trace format", () => {
    const document = JSON.parse(demo.jaegerText) as unknown;
    expect(jaegerProblems(document)).toEqual([]);
  });

  it('holds every scenario trace with the auth tags, typed as Jaeger expects', () => {
    const jaeger = jaegerContent(demo.jaegerText);
    const ids = demo.summary.scenarios.flatMap((scenario) =>
      scenario.attempts.map((attempt) => attempt.traceId),
    );
    expect(jaeger.traceIds).toEqual(ids);
    const swapped = demo.view.traceOf('swapped-token');
    const tags = jaeger.tags(swapped);
    expect(tags).toContainEqual({ key: 'jwt.subject.verdict', type: 'string', value: 'changed' });
    expect(tags).toContainEqual({ key: 'jwt.subject.changed', type: 'bool', value: true });
    expect(tags).toContainEqual({
      key: 'jwt.baggage.removal_reason',
      type: 'string',
      value: 'subject_mismatch',
    });
    expect(tags).toContainEqual({ key: 'user.roles', type: 'string', value: '["customer","beta"]' });
    expect(tags).toContainEqual({ key: 'http.response.status_code', type: 'int64', value: 200 });
    expect(jaeger.logFields(swapped)).toContainEqual({
      key: 'event',
      type: 'string',
      value: 'jwt.subject_changed',
    });
    const keys = new Set(jaeger.tags().map((tag) => tag.key));
    for (const key of [
      'jwt.result',
      'user.hash',
      'jwt.actor_chain',
      'jwt.baggage.removed',
      'jwt.error_code',
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
  });

  it("names each trace after its scenario: one root span, the driver's, carrying demo.scenario", () => {
    const jaeger = jaegerContent(demo.jaegerText);
    for (const scenario of demo.summary.scenarios) {
      for (const attempt of scenario.attempts) {
        const roots = jaeger.roots(attempt.traceId);
        expect(
          roots.map((root) => `${root.service}: ${root.operationName}`),
          `${scenario.id} ${attempt.traceId}`,
        ).toEqual([`demo-driver: ${scenario.id}`]);
        expect(roots[0]?.tags).toContainEqual({ key: 'demo.scenario', type: 'string', value: scenario.id });
      }
    }
  });
});
