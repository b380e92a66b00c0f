// What a reader of the traces sees first: HTTP spans named `METHOD /route` (server spans after `http.route`,
// client spans after `url.template`), each trace's root span naming its scenario, and the terminal tree
// showing exactly the names that were exported.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoFixture, demoFixture } from '../src/demo-fixture.ts';
import { CLIENT, type ExportedSpan, SERVER } from '../src/exported-telemetry.ts';
import { printedSpans } from '../src/printed-tree.ts';

/** The routes each service serves, and the ones it calls (orders also calls the IdP's token endpoint). */
const SERVED: Readonly<Record<string, readonly string[]>> = {
  gateway: ['/checkout'],
  orders: ['/orders'],
  inventory: ['/reserve'],
  payments: ['/charge'],
};
const CALLED: Readonly<Record<string, readonly string[]>> = {
  gateway: ['/orders'],
  orders: ['/reserve', '/charge', '/token'],
};

let demo: DemoFixture;
let http: readonly ExportedSpan[];

beforeAll(() => {
  demo = demoFixture(inject('demo'));
  http = demo.view.all().filter((span) => span.attributes['http.request.method'] !== undefined);
});

/** Every attempt's trace id with its scenario and attempt number (from 1). */
function scenarioTraces(): {
  readonly scenario: string;
  readonly attempt: number;
  readonly traceId: string;
  readonly label: string | undefined;
}[] {
  return demo.summary.scenarios.flatMap((scenario) =>
    scenario.attempts.map((attempt, index) => ({
      scenario: scenario.id,
      attempt: index + 1,
      traceId: attempt.traceId,
      label: attempt.label,
    })),
  );
}

describe('HTTP span names', () => {
  it('names every HTTP server span `METHOD http.route`, after a route its service serves', () => {
    const servers = http.filter((span) => span.kind === SERVER);
    expect(servers.length).toBeGreaterThan(0);
    for (const span of servers) {
      const route = span.attributes['http.route'];
      expect(span.name, `${span.service} ${span.spanId}`).toBe(
        `${String(span.attributes['http.request.method'])} ${String(route)}`,
      );
      expect(SERVED[span.service], span.name).toContain(route);
    }
  });

  it('names every HTTP client span `METHOD url.template`, the template being the path it called', () => {
    const clients = http.filter((span) => span.kind === CLIENT);
    expect(clients.length).toBeGreaterThan(0);
    for (const span of clients) {
      const template = span.attributes['url.template'];
      expect(span.name, `${span.service} ${span.spanId}`).toBe(
        `${String(span.attributes['http.request.method'])} ${String(template)}`,
      );
      expect(template).toBe(new URL(String(span.attributes['url.full'])).pathname);
      expect(CALLED[span.service], span.name).toContain(template);
    }
  });

  it('leaves no HTTP span named by its method alone, whatever its kind', () => {
    expect(http.filter((span) => span.kind !== SERVER && span.kind !== CLIENT)).toEqual([]);
    expect(http.filter((span) => !/^POST \/[a-z]+$/.test(span.name)).map((span) => span.name)).toEqual([]);
  });
});

describe("each trace's root span", () => {
  it("is the driver's span, named after the scenario, with demo.scenario, demo.attempt and demo.target (the service called)", () => {
    const traces = scenarioTraces();
    expect(traces.length).toBeGreaterThanOrEqual(11);
    for (const { scenario, attempt, traceId, label } of traces) {
      const target = label?.endsWith(' directly') ? label.split(' ')[0] : 'gateway';
      const roots = demo.view.spans(traceId).filter((span) => span.parentSpanId === '');
      expect(
        roots.map((root) => ({
          service: root.service,
          name: root.name,
          scenario: root.attributes['demo.scenario'],
          attempt: root.attributes['demo.attempt'],
          target: root.attributes['demo.target'],
        })),
        traceId,
      ).toEqual([{ service: 'demo-driver', name: scenario, scenario, attempt, target }]);
    }
  });

  it('is the parent of the server span of the service called: the gateway, or one called directly', () => {
    for (const { traceId, label } of scenarioTraces()) {
      const [root] = demo.view.spans(traceId).filter((span) => span.parentSpanId === '');
      const called = label?.endsWith(' directly') ? label.split(' ')[0] : 'gateway';
      const children = demo.view.spans(traceId).filter((span) => span.parentSpanId === root?.spanId);
      expect(
        children.map((span) => [span.service, span.kind]),
        traceId,
      ).toEqual([[called, SERVER]]);
    }
  });
});

describe('the terminal tree', () => {
  it('prints every span of the scenario traces under exactly the name it was exported with', () => {
    const key = (span: { readonly service: string; readonly name: string }) =>
      `${span.service} | ${span.name}`;
    const exported = scenarioTraces().flatMap(({ traceId }) => demo.view.spans(traceId).map(key));
    expect(printedSpans(demo.run.stdout).map(key).sort()).toEqual(exported.sort());
  });
});
