/**
 * The credential of an Authorization value, whatever its scheme (`Bearer`, `Basic`, ...): the part after
 * the first space, or the whole value when it has none.
 */
export function credentialOf(value: string): string {
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(space + 1).trim();
}
