/**
 * A map of fixed capacity that degrades gradually when more keys are in use than fit. Once full, a new
 * key is stored only one time in {@link ADMIT_ONE_IN}, in place of an entry chosen at random. Emptying
 * the map when full drops the hit rate to zero as soon as one key more than fits is used in turn, and
 * so does evicting the least recently used entry; with rare admission and random replacement, keys used
 * in turn are found about `capacity / keys in use` of the time (two thirds of that at 4x the capacity),
 * a flood of new keys pushes out a key in use only rarely and by chance (its next use may put it back),
 * and a new set of keys still takes over within a few uses each. Every operation is one or two Map
 * operations, whatever was stored before.
 */
/** While full, one new key in this many is stored. */
const ADMIT_ONE_IN = 8;

export class BoundedCache<K, V> {
  private readonly index = new Map<K, number>();
  private readonly keys: K[] = [];
  private readonly values: V[] = [];
  /** xorshift32 state: admission and replacement need a spread, not unpredictability. */
  private seed = (Math.random() * 0xffffffff) >>> 0 || 1;

  /** `capacity`: entries kept at most (at least 1). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.keys.length;
  }

  get(key: K): V | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.values[at];
  }

  set(key: K, value: V): void {
    const known = this.index.get(key);
    if (known !== undefined) {
      this.values[known] = value;
      return;
    }
    if (this.keys.length < this.capacity) {
      this.index.set(key, this.keys.length);
      this.keys.push(key);
      this.values.push(value);
      return;
    }
    const draw = this.random();
    if (draw % ADMIT_ONE_IN !== 0) return;
    const at = Math.floor(draw / ADMIT_ONE_IN) % this.capacity;
    this.index.delete(this.keys[at] as K);
    this.keys[at] = key;
    this.values[at] = value;
    this.index.set(key, at);
  }

  clear(): void {
    this.index.clear();
    this.keys.length = 0;
    this.values.length = 0;
  }

  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}
