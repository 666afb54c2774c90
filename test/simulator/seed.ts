// Deterministic randomness for the simulator's data: the same seed gives the same sessions on
// every start, so tests can assert exact ids and people can share "open session X" instructions.

export type Rng = () => number;

import { hash32, mulberry32 } from '../../src/providers/demo/prng';

/** The same mulberry32 and FNV-1a the demo uses: one implementation of seeded randomness. */
export const rng: (seed: number) => Rng = mulberry32;
export const hash: (text: string) => number = hash32;

export function rngFor(...parts: Array<string | number>): Rng {
  return rng(hash(parts.join('|')));
}

export function uuid(r: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  // Version 4 / variant bits, so the ids pass a UUID validator.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** The simulator's "now": fixed, so generated times never depend on the clock. */
export const SIM_NOW_MS = Date.UTC(2025, 9, 1, 12, 0, 0); // 2025-10-01T12:00:00Z

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Foundry-style ISO time with nanoseconds: the extra digits are deterministic from `ms`. */
export function isoNanos(ms: number, r: Rng): string {
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = String(ms % 1000).padStart(3, '0') + String(int(r, 0, 999999)).padStart(6, '0');
  return `${base}.${frac}Z`;
}
