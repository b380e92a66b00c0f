import type { LeakSink } from './leak-collector.js';
import { fieldPath, indexPath, keyPath, type LeakPath, memberPath } from './leak-path.js';
import {
  type JsonMember,
  type JsonNode,
  type JsonString,
  parseJsonWithPositions,
} from './otlp-json-parse.js';

/** Containers deeper than this are refused (`too_deep`); OTLP itself needs about 10. */
export const MAX_JSON_DEPTH = 256;

/** The members of OTLP's AnyValue (JSON encoding): an object of these is written as its content. */
const ANY_VALUE = new Set([
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
]);

/** Where a node sits: plain JSON, or an AnyValue (attribute value, array item, log body). */
type Context = 'plain' | 'any';

function memberNamed(members: readonly JsonMember[], name: string): JsonNode | undefined {
  for (const member of members) if (member.name.value === name) return member.value;
  return undefined;
}

class JsonWalker {
  constructor(readonly sink: LeakSink) {}

  string(node: JsonString, path: LeakPath | undefined, bytes: boolean): void {
    if (bytes) {
      // bytesValue is base64 in OTLP JSON: scan the bytes; anything else in the text is left to the raw scan.
      this.sink.bytes(path, Buffer.from(node.value, 'base64'), node.start, node.end);
    } else {
      this.sink.text(path, node.value, node.start, node.end);
    }
  }

  node(node: JsonNode, path: LeakPath | undefined, context: Context): void {
    if (node.type === 'string') this.string(node, path, false);
    else if (node.type === 'array') this.array(node.items, path, context);
    else if (node.type === 'object') {
      if (context === 'any' && node.members.every((member) => ANY_VALUE.has(member.name.value))) {
        this.anyValue(node.members, path);
      } else {
        this.object(node.members, path);
      }
    }
  }

  /** An AnyValue is written at the path of what holds it: `attributes["k"]`, `body["k"][1]`. */
  anyValue(members: readonly JsonMember[], path: LeakPath | undefined): void {
    for (const { name, value } of members) {
      if (name.value === 'bytesValue' && value.type === 'string') this.string(value, path, true);
      else if (name.value === 'arrayValue' || name.value === 'kvlistValue') {
        const values = value.type === 'object' ? memberNamed(value.members, 'values') : undefined;
        if (value.type === 'object' && value.members.length === 1 && values?.type === 'array') {
          this.array(values.items, path, 'any');
        } else {
          this.node(value, fieldPath(path, name.value), 'plain');
        }
      } else {
        this.node(value, path, 'any');
      }
    }
  }

  array(items: readonly JsonNode[], path: LeakPath | undefined, context: Context): void {
    for (const [index, item] of items.entries()) {
      const key = item.type === 'object' ? memberNamed(item.members, 'key') : undefined;
      if (item.type === 'object' && key?.type === 'string') this.keyValue(item.members, key, path, index);
      else this.node(item, indexPath(path, index), context);
    }
  }

  /** A KeyValue (`{key, value}`): its value is shown under its key, `attributes["http.url"]`. */
  keyValue(members: readonly JsonMember[], key: JsonString, path: LeakPath | undefined, index: number): void {
    const entry = keyPath(path, key.value, index);
    for (const member of members) {
      this.sink.text(fieldPath(entry, '$name'), member.name.value, member.name.start, member.name.end);
      if (member.value === key) this.string(key, fieldPath(entry, 'key'), false);
      else if (member.name.value === 'value') this.node(member.value, entry, 'any');
      else this.node(member.value, fieldPath(entry, member.name.value), 'plain');
    }
  }

  object(members: readonly JsonMember[], path: LeakPath | undefined): void {
    for (const [index, { name, value }] of members.entries()) {
      const child = memberPath(path, name.value, index);
      this.sink.text(fieldPath(child, '$name'), name.value, name.start, name.end);
      this.node(value, child, name.value === 'body' ? 'any' : 'plain');
    }
  }
}

/**
 * Scans OTLP JSON (traces, logs or metrics: the walk follows the JSON, not a schema) and then the text
 * as a whole. Invalid or too deeply nested JSON is reported as `undecodable` and only the raw scan runs.
 */
export function walkOtlpJson(text: string, sink: LeakSink & { raw(payload: string): void }): void {
  const parsed = parseJsonWithPositions(text, MAX_JSON_DEPTH);
  if (parsed.ok) new JsonWalker(sink).node(parsed.root, undefined, 'plain');
  else sink.undecodable(undefined, parsed.reason, parsed.offset);
  sink.raw(text);
}
