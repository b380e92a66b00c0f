import { holdsTokenMaterial, tokenPieces } from '../redaction/token-material.js';
import type { Identity } from './identity.js';

const PIECE_CHARS = 16;

/**
 * Whether a text that came in beside the request's token (a baggage key, value or property, a
 * tracestate member) holds token material: any JWT-shaped text, or a piece of the request's own token.
 * The token's pieces are cut on first need only: most requests carry no text long enough to hold one.
 */
export function inboundTokenMaterial(
  own: Identity | undefined,
  token: string | undefined,
): (text: string) => boolean {
  let pieces: readonly string[] | undefined;
  return (text) => {
    if (text.length < PIECE_CHARS) return false;
    pieces ??= own?.pieces ?? tokenPieces(token);
    return holdsTokenMaterial(text, pieces);
  };
}
