// A small seeded random source so every demo session is the same on every call and machine:
// the demo and the benchmarks must never depend on Math.random or the clock.

/** mulberry32: 32-bit state, good enough spread for sample data, trivially reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: turns a readable name into a seed or an id namespace. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);

/**
 * A UUID-shaped id (the platforms use UUIDs) that is unique by construction: the namespace comes
 * from a name, the last 12 digits are a counter, so ids never collide within one namespace.
 */
export function demoId(namespace: string, counter: number): string {
  const a = hash32(namespace);
  const b = hash32(`${namespace}/b`);
  const high = Math.floor(counter / 0x1000000);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-a${hex(a >>> 20, 3)}-${hex(high, 6)}${hex(counter, 6)}`;
}
