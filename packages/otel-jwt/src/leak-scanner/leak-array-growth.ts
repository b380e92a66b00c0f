/** `array` if it holds `needed` items, else a copy at least twice as long: amortised O(1) per item added. */
export function grown<T extends Int32Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (size: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
