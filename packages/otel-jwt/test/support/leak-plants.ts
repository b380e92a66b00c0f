// Where the leak scanner must report each value that recordTelemetry (leak-telemetry.ts) plants.
import type { LeakForm, LeakMatch } from '../../src/testing.js';

const b64 = (text: string, encoding: 'base64' | 'base64url' = 'base64'): string =>
  Buffer.from(text).toString(encoding);

/** The form a base64url text is reported in: `base64` when its whole groups hold no `-` or `_`. */
export function base64urlForm(encoded: string): LeakForm {
  const whole = encoded.slice(0, Math.floor(encoded.length / 4) * 4);
  return /[-_]/.test(whole) ? 'base64url' : 'base64';
}

/** Where a planted value should be reported, per encoding. */
export interface Plant {
  readonly otlp: string;
  readonly memory: string;
  readonly form: LeakForm;
  readonly match: LeakMatch;
}

const SPAN = 'resourceSpans[0].scopeSpans[0].spans[0]';
const LOG0 = 'resourceLogs[0].scopeLogs[0].logRecords[0]';
const LOG1 = 'resourceLogs[0].scopeLogs[0].logRecords[1]';

/** Every place `recordTelemetry` plants `token` material, and how it must be reported. */
export function expectedPlants(token: string): { spans: readonly Plant[]; logs: readonly Plant[] } {
  const attr = (key: string): { otlp: string; memory: string } => ({
    otlp: `${SPAN}.attributes[${JSON.stringify(key)}]`,
    memory: `spans[0].attributes[${JSON.stringify(key)}]`,
  });
  const raw = { form: 'raw', match: 'token' } as const;
  const spans: Plant[] = [
    { otlp: `${SPAN}.name`, memory: 'spans[0].name', ...raw },
    { ...attr('http.request.header.authorization'), ...raw },
    { ...attr('jwt.header'), form: 'raw', match: 'segment' },
    { ...attr('jwt.payload'), form: 'raw', match: 'segment' },
    { ...attr('jwt.signature'), form: 'raw', match: 'segment' },
    { ...attr('debug.fragment'), form: 'raw', match: 'substring' },
    { ...attr('url.full'), form: 'url-encoded', match: 'token' },
    { ...attr('blob'), ...raw },
    { ...attr('blob.base64'), form: 'base64', match: 'token' },
    { ...attr('encoded'), form: 'base64', match: 'token' },
    { ...attr('hexdump'), form: 'hex', match: 'token' },
    {
      otlp: `${SPAN}.attributes["nested"]["deeper"]["list"][1]`,
      memory: 'spans[0].attributes["nested"]["deeper"]["list"][1]',
      ...raw,
    },
    {
      otlp: `${SPAN}.events[0].attributes["exception.message"]`,
      memory: 'spans[0].events[0].attributes["exception.message"]',
      ...raw,
    },
    {
      otlp: `${SPAN}.links[0].attributes["link.token"]`,
      memory: 'spans[0].links[0].attributes["link.token"]',
      form: base64urlForm(b64(token, 'base64url')),
      match: 'token',
    },
    { otlp: `${SPAN}.status.message`, memory: 'spans[0].status.message', ...raw },
    {
      otlp: 'resourceSpans[0].resource.attributes["deployment.secret"]',
      memory: 'spans[0].resource.attributes["deployment.secret"]',
      ...raw,
    },
    {
      otlp: 'resourceSpans[0].scopeSpans[0].scope.name',
      memory: 'spans[0].instrumentationScope.name',
      form: 'raw',
      match: 'substring',
    },
  ];
  const logs: Plant[] = [
    {
      otlp: 'resourceLogs[0].resource.attributes["deployment.secret"]',
      memory: 'logs[0].resource.attributes["deployment.secret"]',
      ...raw,
    },
    {
      otlp: `${LOG0}.body["request"]["headers"]["authorization"]`,
      memory: 'logs[0].body["request"]["headers"]["authorization"]',
      ...raw,
    },
    { otlp: `${LOG0}.body["raw"]`, memory: 'logs[0].body["raw"]', ...raw },
    {
      otlp: `${LOG0}.attributes["log.base64"]`,
      memory: 'logs[0].attributes["log.base64"]',
      form: 'base64',
      match: 'token',
    },
    {
      otlp: `${LOG0}.attributes["log.url"]`,
      memory: 'logs[0].attributes["log.url"]',
      form: 'url-encoded',
      match: 'token',
    },
    { otlp: `${LOG0}.eventName`, memory: 'logs[0].eventName', form: 'raw', match: 'segment' },
    { otlp: `${LOG1}.body`, memory: 'logs[1].body', ...raw },
    {
      otlp: `${LOG1}.attributes[#0].key`,
      memory: 'logs[1].attributes[#0].$key',
      form: 'raw',
      match: 'substring',
    },
  ];
  return { spans, logs };
}
