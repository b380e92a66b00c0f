/**
 * How long to wait before the next attempt after `failures` failed ones in a row (1 or more): `firstMs`,
 * doubling with each failure, never more than `capMs`. Shared by every background fetch (key sets, status
 * lists, the deny-list document), so a failing endpoint is asked at the same falling rate by all of them.
 */
export function retryDelayMs(failures: number, firstMs: number, capMs: number): number {
  // The exponent stops growing long after the cap is reached: a long outage never makes it Infinity.
  return Math.min(firstMs * 2 ** Math.min(failures - 1, 30), capMs);
}
