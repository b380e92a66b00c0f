// What the leak-classes test plants, by class: each credential, where the careless application puts it
// (leak-app-*.ts), and where in each signal's exports it lands when nothing stops it.
import { attribute, BODY, HANDED, resource, SCOPE } from './leak-places.ts';
import {
  ENCODED_FORMS,
  type EncodedForm,
  type LeakCredentials,
  SENDING_WAYS,
  type SendingWay,
} from './leak-protocol.ts';

export type LeakSignal = 'traces' | 'logs' | 'metrics';

export interface Plant {
  /** What the credential is and where it was planted, for test names. */
  readonly label: string;
  readonly credential: (credentials: LeakCredentials) => string;
  /** Per signal it reaches, the report paths (patterns) where the control's exports must hold it. */
  readonly places: Partial<Readonly<Record<LeakSignal, readonly RegExp[]>>>;
}

export interface LeakClass {
  readonly number: number;
  readonly title: string;
  readonly plants: readonly Plant[];
}

const WAYS: Readonly<Record<SendingWay, string>> = {
  setHeader: "request.setHeader('Authorization')",
  headerArray: 'a flat header array',
  headerValueArray: 'a header value array',
  fetch: 'fetch',
  grpc: 'gRPC metadata',
};

const FORMS: Readonly<Record<EncodedForm, string>> = {
  base64: "base64 of 'user:' + credential",
  base64url: "base64url of 'user:' + credential",
  hex: 'hex',
  'url-path': 'encodeURIComponent in a URL path',
  'query-name': 'a percent-encoded query parameter name (access%5Ftoken)',
  inspect: 'util.inspect of an object holding it',
};

export const LEAK_CLASSES: readonly LeakClass[] = [
  {
    number: 1,
    title: 'credentials handed to the process that are not issuer-signed JWTs',
    plants: [
      {
        label: 'opaque access token in Authorization',
        credential: (c) => c.handed.opaque,
        places: HANDED('app.seen.0'),
      },
      {
        label: 'refresh token in x-refresh-token',
        credential: (c) => c.handed.refresh,
        places: HANDED('app.seen.1'),
      },
      {
        label: 'JWT signed by another key',
        credential: (c) => c.handed.otherKeyJwt,
        places: HANDED('app.seen.0'),
      },
      {
        label: 'first of two Authorization headers',
        credential: (c) => c.handed.firstOfTwo,
        places: HANDED('app.seen.0'),
      },
      {
        label: 'second of two Authorization headers',
        credential: (c) => c.handed.secondOfTwo,
        places: HANDED('app.seen.1'),
      },
    ],
  },
  {
    number: 2,
    title: 'credentials the process sends',
    plants: SENDING_WAYS.map((way) => ({
      label: `own opaque token sent with ${WAYS[way]}`,
      credential: (c: LeakCredentials) => c.sent[way],
      places: { traces: [attribute(`app.upstream.${way}`)], logs: [BODY] },
    })),
  },
  {
    number: 3,
    title: 'encoded forms of a remembered credential',
    plants: [
      {
        label: 'verified inbound JWT in every form',
        credential: (c) => c.encoded.inboundJwt,
        places: { traces: ENCODED_FORMS.map((form) => attribute(`app.inbound.${form}`)), logs: [BODY] },
      },
      ...ENCODED_FORMS.map((form) => ({
        label: `sent credential as ${FORMS[form]}`,
        credential: (c: LeakCredentials) => c.encoded.forms[form],
        places: {
          // The URL forms were also called: the instrumentation recorded them.
          traces: [attribute(`app.own.${form}`), ...(form.includes('-') ? [attribute('url.full')] : [])],
          logs: [BODY],
        },
      })),
    ],
  },
  {
    number: 4,
    title: 'inbound trace context',
    plants: [
      {
        label: 'JWT in tracestate',
        credential: (c) => c.context.traceStateJwt,
        // The SDK copies the inbound tracestate onto spans and links.
        places: {
          traces: [
            /\.spans\[\d+\]\.traceState$/,
            /\.links\[\d+\]\.traceState$/,
            attribute('app.inbound_tracestate'),
          ],
          logs: [BODY],
        },
      },
      {
        label: 'JWT in a baggage property',
        credential: (c) => c.context.baggageJwt,
        places: { traces: [attribute('app.inbound_baggage')], logs: [BODY] },
      },
    ],
  },
  {
    number: 5,
    title: 'values changed after they were handed over',
    plants: [
      {
        label: 'Uint8Array span attribute filled after setAttribute',
        credential: (c) => c.late.spanBytes,
        places: { traces: [attribute('app.buffer')] },
      },
      {
        label: 'log body object changed after emit',
        credential: (c) => c.late.logObject,
        places: { logs: [/\.body\["detail"\]$/] },
      },
      {
        label: 'byte log body filled after emit',
        credential: (c) => c.late.logBytes,
        places: { logs: [BODY] },
      },
    ],
  },
  {
    number: 6,
    title: 'metric attributes',
    plants: [
      {
        label: 'sent opaque token on a counter',
        credential: (c) => c.metrics.opaque,
        places: { metrics: [/\.sum\.dataPoints\[\d+\]\.attributes\["app\.client"\]$/] },
      },
      {
        label: 'sent JWT on a histogram',
        credential: (c) => c.metrics.jwt,
        places: { metrics: [/\.histogram\.dataPoints\[\d+\]\.attributes\["app\.client"\]$/] },
      },
    ],
  },
  {
    number: 7,
    title: 'resource and scope',
    plants: [
      {
        label: 'JWT-shaped OTEL_RESOURCE_ATTRIBUTES value',
        credential: (c) => c.origin.resourceJwt,
        places: resource('deployment.note'),
      },
      {
        label: 'credential-keyed resource attribute app.api_token',
        credential: (c) => c.origin.apiToken,
        places: resource('app.api_token'),
      },
      {
        label: 'tracer, logger and meter named with a JWT',
        credential: (c) => c.origin.scopeJwt,
        places: { traces: [SCOPE], logs: [SCOPE], metrics: [SCOPE] },
      },
    ],
  },
];

/** Every credential of every class, for scans that must find none of them. */
export function allCredentials(credentials: LeakCredentials): string[] {
  return LEAK_CLASSES.flatMap((leakClass) => leakClass.plants.map((plant) => plant.credential(credentials)));
}
