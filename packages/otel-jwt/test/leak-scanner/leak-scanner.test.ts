import { randomBytes } from 'node:crypto';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTokenLeaks, type LeakReport, type LeakTelemetry } from '../../src/testing.js';
import { expectedPlants, type Plant } from '../support/leak-plants.js';
import { tokenMaterialIn } from '../support/leak-scanner.js';
import { leakToken, lookAlikeToken, recordTelemetry } from '../support/leak-telemetry.js';

interface Recorded {
  readonly spans: ReadableSpan[];
  readonly logs: ReadableLogRecord[];
}

/** One way telemetry reaches the scanner: its traces and logs input, and which plant paths apply. */
interface Encoding {
  readonly name: string;
  readonly paths: 'otlp' | 'memory';
  traces(recorded: Recorded): LeakTelemetry;
  logs(recorded: Recorded): LeakTelemetry;
}

function bytes(serialized: Uint8Array | undefined): Uint8Array {
  if (serialized === undefined) throw new Error('the serializer produced nothing');
  return serialized;
}

const text = (serialized: Uint8Array | undefined): string => new TextDecoder().decode(bytes(serialized));

const ENCODINGS: readonly Encoding[] = [
  {
    name: 'OTLP JSON text',
    paths: 'otlp',
    traces: ({ spans }) => ({ otlpJson: text(JsonTraceSerializer.serializeRequest(spans)) }),
    logs: ({ logs }) => ({ otlpJson: text(JsonLogsSerializer.serializeRequest(logs)) }),
  },
  {
    name: 'OTLP JSON bytes',
    paths: 'otlp',
    traces: ({ spans }) => ({ otlpJson: bytes(JsonTraceSerializer.serializeRequest(spans)) }),
    logs: ({ logs }) => ({ otlpJson: bytes(JsonLogsSerializer.serializeRequest(logs)) }),
  },
  {
    name: 'OTLP protobuf',
    paths: 'otlp',
    traces: ({ spans }) => ({
      otlpProtobuf: bytes(ProtobufTraceSerializer.serializeRequest(spans)),
      signal: 'traces',
    }),
    logs: ({ logs }) => ({
      otlpProtobuf: bytes(ProtobufLogsSerializer.serializeRequest(logs)),
      signal: 'logs',
    }),
  },
  {
    name: 'in-memory SDK records',
    paths: 'memory',
    traces: ({ spans }) => ({ spans }),
    logs: ({ logs }) => ({ logs }),
  },
];

/** Reports reduced to what a plant names, in a stable order. */
function summary(reports: readonly LeakReport[]): unknown[] {
  return reports
    .map((report) =>
      report.kind === 'leak' ? { path: report.path, form: report.form, match: report.match } : report,
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function expected(plants: readonly Plant[], paths: 'otlp' | 'memory'): unknown[] {
  return summary(
    plants.map((plant) => ({
      kind: 'leak',
      path: plant[paths],
      form: plant.form,
      match: plant.match,
      tokenIndex: 0,
      start: 0,
      end: 0,
      tokenStart: 0,
      tokenEnd: 0,
    })),
  );
}

let token: string;
let planted: Recorded;
let clean: Recorded;

beforeAll(async () => {
  token = leakToken();
  planted = await recordTelemetry(token);
  // The same telemetry with another issuer's token where the leaked one was.
  clean = await recordTelemetry(lookAlikeToken());
});

describe('findTokenLeaks on real SDK telemetry', () => {
  it.each(ENCODINGS)('reports every planted span leak exactly at its place in $name', (encoding) => {
    const reports = findTokenLeaks(encoding.traces(planted), [token]);
    expect(summary(reports)).toEqual(expected(expectedPlants(token).spans, encoding.paths));
  });

  it.each(ENCODINGS)('reports every planted log leak exactly at its place in $name', (encoding) => {
    const reports = findTokenLeaks(encoding.logs(planted), [token]);
    expect(summary(reports)).toEqual(expected(expectedPlants(token).logs, encoding.paths));
  });

  it.each(ENCODINGS)('finds nothing in the same telemetry holding only look-alikes in $name', (encoding) => {
    expect(findTokenLeaks(encoding.traces(clean), [token])).toEqual([]);
    expect(findTokenLeaks(encoding.logs(clean), [token])).toEqual([]);
  });

  it.each(ENCODINGS)('never reports a token that was not planted in $name', (encoding) => {
    const reports = findTokenLeaks(encoding.traces(planted), [lookAlikeToken(), token, lookAlikeToken()]);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.kind === 'leak' && report.tokenIndex === 1)).toBe(true);
  });

  it.each(ENCODINGS)('puts no token material in its reports in $name', (encoding) => {
    const reports = [
      ...findTokenLeaks(encoding.traces(planted), [token]),
      ...findTokenLeaks(encoding.logs(planted), [token]),
    ];
    expect(tokenMaterialIn(token, [JSON.stringify(reports)])).toBeUndefined();
  });

  it('reports another token of the same issuer by the header and claims prefix they share', () => {
    const sameIssuer = leakToken();
    const reports = findTokenLeaks({ text: `other: ${sameIssuer}` }, [token]);
    expect(reports[0]).toMatchObject({ form: 'raw', match: 'segment', start: 7, tokenStart: 0 });
    // Equal claims further on (iat and exp a second apart) may match again; the signatures never do.
    for (const report of reports) {
      if (report.kind !== 'leak') throw new Error('undecodable text');
      expect(report.tokenEnd).toBeLessThan(token.lastIndexOf('.'));
    }
  });

  it('gives offsets that locate the match in the reported value', () => {
    const reports = findTokenLeaks({ spans: planted.spans }, [token]);
    const authorization = reports.find((report) => report.path.endsWith('authorization"]'));
    expect(authorization).toMatchObject({ start: 'Bearer '.length, end: 'Bearer '.length + token.length });
    expect(authorization).toMatchObject({ tokenStart: 0, tokenEnd: token.length });
  });
});

describe('findTokenLeaks input forms', () => {
  it('scans plain text such as captured console output, reporting at $', () => {
    const reports = findTokenLeaks({ text: `warn: refused ${token} twice` }, [token]);
    expect(reports).toEqual([
      {
        kind: 'leak',
        path: '$',
        tokenIndex: 0,
        form: 'raw',
        match: 'token',
        start: 'warn: refused '.length,
        end: 'warn: refused '.length + token.length,
        tokenStart: 0,
        tokenEnd: token.length,
      },
    ]);
  });

  it.each([[[]], [['short']], [[42]], ['not an array']])(
    'throws a constant TypeError for unusable tokens %j',
    (tokens) => {
      expect(() => findTokenLeaks({ text: 'x' }, tokens as never)).toThrow(
        new TypeError('findTokenLeaks: tokens must be a non-empty array of strings of 16 or more characters'),
      );
    },
  );

  it.each([
    [null],
    [{}],
    [{ otlpJson: 42 }],
    [{ otlpProtobuf: new Uint8Array(1), signal: 'profiles' }],
    [{ otlpProtobuf: 'text', signal: 'traces' }],
    [{ spans: 'x' }],
  ])('throws a constant TypeError for telemetry of no known form %j', (telemetry) => {
    expect(() => findTokenLeaks(telemetry as never, [token])).toThrow(TypeError);
  });
});

describe('findTokenLeaks speed', () => {
  let spans: ReadableSpan[];

  beforeAll(async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('load');
    for (let index = 0; index < 1000; index++) {
      const span = tracer.startSpan(`GET /items/${index}`, {
        attributes: {
          'http.url': `https://shop.test/items/${index}?q=a%20b&sig=${randomBytes(60).toString('base64url')}`,
          payload: randomBytes(300).toString('base64'),
          trace: randomBytes(64).toString('hex'),
        },
      });
      if (index === 999) span.setAttribute('late', `Bearer ${token}`);
      span.end();
    }
    await provider.forceFlush();
    spans = exporter.getFinishedSpans();
  });

  const inputs: [string, () => LeakTelemetry][] = [
    ['OTLP JSON', () => ({ otlpJson: text(JsonTraceSerializer.serializeRequest(spans)) })],
    [
      'OTLP protobuf',
      () => ({ otlpProtobuf: bytes(ProtobufTraceSerializer.serializeRequest(spans)), signal: 'traces' }),
    ],
    ['in-memory spans', () => ({ spans })],
  ];

  it.each(inputs)('scans a megabyte of %s in well under a second', (_name, telemetry) => {
    const input = telemetry();
    if ('otlpJson' in input) expect(input.otlpJson.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const reports = findTokenLeaks(input, [token]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reports).toEqual([
      expect.objectContaining({ match: 'token', path: expect.stringMatching(/\["late"\]$/) }),
    ]);
  });
});
