/**
 * Bases of the polynomial rolling hashes (redaction's token fingerprints, the leak scanner's index):
 * odd, random per process, so no input can be crafted to make windows collide.
 */
export function randomOddBase(): number {
  return (Math.floor(Math.random() * 0x7fffffff) * 2 + 1) >>> 0;
}

/** `base` to the power `exponent`, mod 2^32: what the character leaving a window contributed. */
export function hashPower(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}
