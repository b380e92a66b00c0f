import type { Needles } from './leak-needles.js';
import { scanText } from './leak-text-scan.js';

/**
 * A location in telemetry, built child by child while walking and turned into text only when something
 * is found there. Kinds: a schema field (`.name`), an array index (`[3]`), an attribute key taken from
 * the data (`["key"]`), a JSON member name taken from the data (`.name` or `["odd name"]`). Keys and
 * names from the data are printed only when they are safe to print, else as their position `[#3]`.
 */
export interface LeakPath {
  readonly parent: LeakPath | undefined;
  readonly kind: 'field' | 'index' | 'key' | 'member';
  readonly name: string;
  readonly index: number;
}

export function fieldPath(parent: LeakPath | undefined, name: string): LeakPath {
  return { parent, kind: 'field', name, index: -1 };
}

export function indexPath(parent: LeakPath | undefined, index: number): LeakPath {
  return { parent, kind: 'index', name: '', index };
}

/** An entry of attributes or of a key-value list, named by its key. */
export function keyPath(parent: LeakPath | undefined, key: string, index: number): LeakPath {
  return { parent, kind: 'key', name: key, index };
}

/** A member of a JSON object outside the OTLP schema, named by its name. */
export function memberPath(parent: LeakPath | undefined, name: string, index: number): LeakPath {
  return { parent, kind: 'member', name, index };
}

const MAX_PRINTED_KEY = 100;
/** Shorter pieces than the scanner's 16 characters also stay out of reports. */
const PIECE = 8;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The 8-character pieces of an index's tokens, made at the first key asked about and kept with the index. */
const piecesOf = new WeakMap<Needles, Set<string>>();

function piecesFor(needles: Needles, tokens: readonly string[]): Set<string> {
  let pieces = piecesOf.get(needles);
  if (pieces === undefined) {
    pieces = new Set();
    for (const token of tokens) {
      for (let at = 0; at + PIECE <= token.length; at++) pieces.add(token.slice(at, at + PIECE));
    }
    piecesOf.set(needles, pieces);
  }
  return pieces;
}

/**
 * Whether a key can be printed: at most 100 characters, no token material in any form, and no 8
 * characters in a row of any token (a key is printed whole, so even a short piece would be disclosed).
 * `tokens` are those `needles` were built from. Keys are decided once per printer (one per scan).
 */
export function keyPrinter(needles: Needles, tokens: readonly string[]): (key: string) => boolean {
  const decided = new Map<string, boolean>();
  return (key) => {
    const known = decided.get(key);
    if (known !== undefined) return known;
    let printable = key.length <= MAX_PRINTED_KEY && scanText(key, needles).length === 0;
    const pieces = printable ? piecesFor(needles, tokens) : undefined;
    for (let at = 0; pieces !== undefined && printable && at + PIECE <= key.length; at++) {
      if (pieces.has(key.slice(at, at + PIECE))) printable = false;
    }
    decided.set(key, printable);
    return printable;
  };
}

function stepText(path: LeakPath, printable: (key: string) => boolean): string {
  switch (path.kind) {
    case 'field':
      return `.${path.name}`;
    case 'index':
      return `[${path.index}]`;
    default:
      if (!printable(path.name)) return `[#${path.index}]`;
      return path.kind === 'member' && IDENTIFIER.test(path.name)
        ? `.${path.name}`
        : `[${JSON.stringify(path.name)}]`;
  }
}

/** The path as text, e.g. `resourceSpans[0].resource.attributes["service.name"]`; `$` for the root. */
export function formatPath(path: LeakPath | undefined, printable: (key: string) => boolean): string {
  const steps: string[] = [];
  for (let at = path; at !== undefined; at = at.parent) steps.push(stepText(at, printable));
  const text = steps.reverse().join('');
  if (text === '') return '$';
  return text.startsWith('.') ? text.slice(1) : text;
}
