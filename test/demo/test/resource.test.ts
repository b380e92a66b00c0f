// The resource every process exported, over OTLP and in the Jaeger file (as process tags): what a user can
// share. No absolute path, host id, user name or command line; only the service and the SDK.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoFixture, demoFixture } from '../src/demo-fixture.ts';
import { jaegerContent } from '../src/jaeger-schema.ts';

/** What the resource holds, service.name aside (Jaeger keeps that as the process's serviceName). */
const SDK_KEYS = ['telemetry.sdk.language', 'telemetry.sdk.name', 'telemetry.sdk.version'];
/** What the default resource detectors would add that identifies the machine, its user or its files. */
const MACHINE_KEYS = [
  'host.id',
  'host.name',
  'process.command',
  'process.command_args',
  'process.command_line',
  'process.executable.name',
  'process.executable.path',
  'process.owner',
  'process.pid',
];
/** `/home/…`, `C:\…` or `C:/…`, `\\server\…`: at the start of a value or after a space, quote or `=`. */
const ABSOLUTE_PATH = /(?:^|[\s"'=[(,])(?:\/(?!\/)|[A-Za-z]:[\\/]|\\\\)/;

let demo: DemoFixture;

beforeAll(() => {
  demo = demoFixture(inject('demo'));
});

/** Every string in a value, array items included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.flatMap(strings) : [];
}

describe('the path pattern of these checks', () => {
  it('matches POSIX, Windows and UNC absolute paths, alone or inside a command line', () => {
    for (const path of [
      '/usr/bin/node',
      'C:\\node\\node.exe',
      'c:/node',
      '\\\\host\\share',
      '["node","/srv/app.ts"]',
    ])
      expect(ABSOLUTE_PATH.test(path), path).toBe(true);
    for (const value of ['gateway', 'opentelemetry', '3.1.0', 'nodejs', 'http://127.0.0.1:4318/v1/traces'])
      expect(ABSOLUTE_PATH.test(value), value).toBe(false);
  });
});

describe('exported over OTLP', () => {
  it('holds service.name and telemetry.sdk.* only, for every process and signal', () => {
    expect(demo.resources.length).toBeGreaterThan(0);
    const services = new Set<unknown>();
    for (const resource of demo.resources) {
      expect(Object.keys(resource).sort()).toEqual(['service.name', ...SDK_KEYS].sort());
      services.add(resource['service.name']);
    }
    expect([...services].sort()).toEqual(['demo-driver', 'gateway', 'inventory', 'orders', 'payments']);
  });

  it('carries no absolute path, host id or command line in any value', () => {
    for (const resource of demo.resources) {
      for (const key of MACHINE_KEYS) expect(resource[key], key).toBeUndefined();
      for (const [key, value] of Object.entries(resource))
        for (const text of strings(value)) expect(ABSOLUTE_PATH.test(text), `${key}=${text}`).toBe(false);
    }
  });
});

describe('in the Jaeger file', () => {
  it("gives every process the SDK's tags only, none of them a path, host id or command line", () => {
    const processes = jaegerContent(demo.jaegerText).processes();
    expect(processes.length).toBeGreaterThan(0);
    for (const { serviceName, tags } of processes) {
      expect(tags.map((tag) => tag.key).sort(), serviceName).toEqual(SDK_KEYS);
      for (const tag of tags)
        expect(ABSOLUTE_PATH.test(String(tag.value)), `${serviceName} ${tag.key}`).toBe(false);
    }
  });
});
