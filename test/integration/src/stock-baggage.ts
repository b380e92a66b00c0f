// The oracle of the baggage property: what the stock W3C baggage propagator alone delivers to C, each
// service extracting the header and injecting what it extracted into the next request.
import {
  type Baggage,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';

const stock = new W3CBaggagePropagator();

/** One entry as an app sees it: key, value and the metadata string when there is one. */
export type SeenEntry = readonly [key: string, value: string, metadata: string | undefined];

const extract = (header: string | undefined): Baggage | undefined =>
  header === undefined
    ? undefined
    : propagation.getBaggage(stock.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter));

function inject(baggage: Baggage | undefined): string | undefined {
  if (baggage === undefined) return undefined;
  const carrier: { baggage?: string } = {};
  stock.inject(propagation.setBaggage(ROOT_CONTEXT, baggage), carrier, defaultTextMapSetter);
  return carrier.baggage;
}

/** The entries the third service of a chain sees when every hop runs the stock propagator only. */
export function stockDeliveryToThirdHop(header: string): SeenEntry[] {
  const atC = extract(inject(extract(inject(extract(header)))));
  return seen(atC?.getAllEntries() ?? []);
}

/** The entries a matrix service reported (`baggage` and `baggageMetadata` of its HopResponse). */
export function seenByService(
  baggage: Readonly<Record<string, string>>,
  metadata: Readonly<Record<string, string>> = {},
): SeenEntry[] {
  return byKey(
    Object.entries(baggage).map(([key, value]) => [
      key,
      value,
      Object.hasOwn(metadata, key) ? metadata[key] : undefined,
    ]),
  );
}

function seen(entries: readonly (readonly [string, { value: string; metadata?: { toString(): string } }])[]) {
  return byKey(entries.map(([key, entry]) => [key, entry.value, entry.metadata?.toString()]));
}

const byKey = (entries: SeenEntry[]): SeenEntry[] => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
