// Text search over every event the filters let through, run on the store's lower-cased search
// text (never the DOM, so events far off screen are found too): at once, or a few blocks of events
// at a time so the first match shows before a million events are searched. Numbers only.
import type { SearchIndex } from '../store/searchIndex';
import type { SessionStore } from '../store/sessionStore';

/** Events whose text contains `query` (case-insensitive), in order, among `candidates` (ascending). */
export function findMatches(store: SessionStore, candidates: Int32Array, query: string): Int32Array {
  const q = query.trim().toLowerCase();
  if (!q) return new Int32Array(0);
  return among(store.searchText, candidates, store.searchText.find(q));
}

/**
 * A search of a large session made a few blocks of events at a time: from the block of the
 * reader's position to the end, then from the start, so the first match after the reader is found
 * (and shown) before the rest of the session is scanned; `matches` grows, in order, as it goes.
 */
export class MatchScan {
  private readonly q: string;
  private readonly startBlock: number;
  private readonly blocks: number;
  /** Blocks scanned, in scan order. */
  private scanned = 0;
  /** Matches at or after the reader (from its block on), those before it in its block, and in the blocks before. */
  private readonly fromReader: Int32Array[] = [];
  private startBefore: Int32Array = new Int32Array(0);
  private readonly beforeStart: Int32Array[] = [];
  matches: Int32Array = new Int32Array(0);

  constructor(
    private readonly index: SearchIndex,
    private readonly candidates: Int32Array,
    query: string,
    private readonly from: number,
  ) {
    this.q = query.trim().toLowerCase();
    this.blocks = this.q ? index.blockCount : 0;
    this.startBlock = Math.min(index.blockOf(Math.max(0, from)), Math.max(0, this.blocks - 1));
  }

  get done(): boolean {
    return this.scanned >= this.blocks;
  }

  /** Scans blocks until `deadline` (performance.now()) or, with `untilNext`, the match to show first is known; true when it found any. */
  step(deadline: number, untilNext = false): boolean {
    let found = false;
    while (!this.done && !(untilNext && found && this.next !== undefined)) {
      const b = (this.startBlock + this.scanned) % this.blocks;
      const hits = among(this.index, this.candidates, this.index.find(this.q, b, b + 1));
      if (hits.length) {
        if (b > this.startBlock) this.fromReader.push(hits);
        else if (b < this.startBlock) this.beforeStart.push(hits);
        else {
          let k = 0;
          while (k < hits.length && hits[k]! < this.from) k++;
          this.startBefore = hits.subarray(0, k);
          if (k < hits.length) this.fromReader.push(hits.subarray(k));
        }
        found = true;
      }
      this.scanned++;
      if (performance.now() >= deadline) break;
    }
    if (found) this.matches = concat([...this.beforeStart, this.startBefore, ...this.fromReader].filter((p) => p.length));
    return found;
  }

  /**
   * The match to show first, once it is known: the first at or after the reader, else the first of
   * all (undefined while either may still be found).
   */
  get next(): number | undefined {
    if (this.fromReader.length) return this.fromReader[0]![0];
    // The blocks from the reader's to the end are searched (then those before, from the start).
    if (this.scanned < this.blocks - this.startBlock) return undefined;
    if (this.beforeStart.length) return this.beforeStart[0]![0];
    if (!this.done) return undefined;
    return this.startBefore.length ? this.startBefore[0] : undefined;
  }
}

function concat(parts: Int32Array[]): Int32Array {
  if (parts.length <= 1) return parts[0] ?? new Int32Array(0);
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The events of `found` (ascending) that are among `candidates` (ascending). */
function among(index: SearchIndex, candidates: Int32Array, found: Int32Array): Int32Array {
  // Every event passes the filters: nothing to take out.
  if (candidates.length === index.size || !found.length) return found;
  const out = new Int32Array(Math.min(found.length, candidates.length));
  let n = 0;
  // From the first candidate that can match: a block's matches sit in a short stretch of them.
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid]! < found[0]!) lo = mid + 1;
    else hi = mid;
  }
  for (let a = 0, c = lo; a < found.length && c < candidates.length;) {
    if (found[a]! < candidates[c]!) a++;
    else if (found[a]! > candidates[c]!) c++;
    else {
      out[n++] = found[a]!;
      a++;
      c++;
    }
  }
  return out.subarray(0, n);
}
