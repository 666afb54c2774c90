// Search over every event's text (searchText.ts) without a loop over every event: the texts of
// each block of events are joined into one string, so a query is a few indexOf calls over a few
// megabytes (V8 scans a flat one-byte string at memory speed) and only the events that match are
// visited. At 1,000,000 events that is the difference between a frame and a few of them.
// A block's texts are made when it is first searched (or warmed in idle time once the session has
// loaded, see warm): making them as events arrive was a third of the page's intake of a
// 100,000-event session, and a reader who never searches never needs them. A block is joined
// again only after one of its events changed.

/** Events per joined block: small enough to re-join on a change, large enough to be few. */
const BLOCK = 4096;
/** Between two events' texts; a query typed in the field cannot contain it, so no match spans two. */
const SEP = '\u0000';

interface Block {
  /** The block's texts while they change (then undefined: the joined string holds them once). */
  parts: string[] | undefined;
  /** The texts joined by SEP, once searched. */
  joined: string | undefined;
  /** Where each event's text starts in `joined`. */
  starts: Int32Array | undefined;
}

export class SearchIndex {
  /** Per block of events; undefined until its texts are first made. */
  private blocks: Array<Block | undefined> = [];
  private count = 0;

  /**
   * `textOf`: the search text of event `index` as it is now (read when its block is made, and
   * again when the event is set). `blockSize`: events per joined block (tests use small ones).
   */
  constructor(
    private readonly textOf: (index: number) => string,
    private readonly blockSize = BLOCK,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Blocks whose texts are made (for the tests and warm). */
  get madeBlocks(): number {
    return this.blocks.reduce((n, b) => n + (b ? 1 : 0), 0);
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }

  /** Event `size` was added (its text is read now only when its block is already made). */
  push(): void {
    const index = this.count++;
    const block = this.blocks[Math.floor(index / this.blockSize)];
    if (block) this.parts(block).push(this.textOf(index));
  }

  /** Event `index` changed. */
  set(index: number): void {
    const block = this.blocks[Math.floor(index / this.blockSize)];
    if (block && index < this.count) this.parts(block)[index % this.blockSize] = this.textOf(index);
  }

  /** The text of event `index`. */
  get(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const block = this.blocks[Math.floor(index / this.blockSize)];
    if (!block) return this.textOf(index);
    const k = index % this.blockSize;
    if (block.parts) return block.parts[k];
    const starts = block.starts!;
    return block.joined!.slice(starts[k]!, k + 1 < starts.length ? starts[k + 1]! - 1 : block.joined!.length);
  }

  /**
   * Makes and joins the texts of blocks not yet made, until `deadline` (performance.now()) has
   * passed; true once every block is. The page calls it in idle time, so the first search after
   * a large session loads does not pay for all of them.
   */
  warm(deadline: number): boolean {
    const n = Math.ceil(this.count / this.blockSize);
    for (let b = 0; b < n; b++) {
      if (this.blocks[b]?.joined !== undefined) continue;
      if (performance.now() >= deadline) return false;
      this.join(b);
    }
    return true;
  }

  /** How many blocks the events are searched in (a search can be made a few at a time). */
  get blockCount(): number {
    return Math.ceil(this.count / this.blockSize);
  }

  /** The block event `index` is searched in. */
  blockOf(index: number): number {
    return Math.floor(index / this.blockSize);
  }

  /**
   * Ascending indexes of the events whose text contains `q` (already lower-cased, not empty), in
   * blocks [fromBlock, toBlock) (all of them unless told).
   */
  find(q: string, fromBlock = 0, toBlock = this.blockCount): Int32Array {
    let out = new Int32Array(64);
    let n = 0;
    const blocks = Math.min(toBlock, this.blockCount);
    for (let b = Math.max(0, fromBlock); b < blocks; b++) {
      const { joined, starts } = this.join(b);
      const base = b * this.blockSize;
      for (let at = joined.indexOf(q); at >= 0;) {
        // The event whose text holds position `at`: the last start at or before it.
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid - 1;
        }
        if (n === out.length) {
          const grown = new Int32Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[n++] = base + lo;
        // On to the next event: one match per event.
        if (lo + 1 >= starts.length) break;
        at = joined.indexOf(q, starts[lo + 1]!);
      }
    }
    return out.subarray(0, n);
  }

  /** The block's texts as an array again (to change or add one); it is joined on its next search. */
  private parts(block: Block): string[] {
    if (!block.parts) {
      const joined = block.joined!;
      const starts = block.starts!;
      block.parts = Array.from(starts, (s, k) => joined.slice(s, k + 1 < starts.length ? starts[k + 1]! - 1 : joined.length));
      block.joined = undefined;
      block.starts = undefined;
    }
    return block.parts;
  }

  /** Block `b`, its texts made (when first asked) and joined. */
  private join(b: number): { joined: string; starts: Int32Array } {
    let block = this.blocks[b];
    if (!block) {
      const from = b * this.blockSize;
      const to = Math.min(this.count, from + this.blockSize);
      const parts: string[] = [];
      for (let i = from; i < to; i++) parts.push(this.textOf(i));
      block = this.blocks[b] = { parts, joined: undefined, starts: undefined };
    }
    if (block.joined === undefined) {
      const parts = block.parts!;
      const starts = new Int32Array(parts.length);
      let offset = 0;
      for (let k = 0; k < parts.length; k++) {
        starts[k] = offset;
        offset += parts[k]!.length + 1;
      }
      block.joined = parts.join(SEP);
      block.starts = starts;
      block.parts = undefined;
    }
    return block as { joined: string; starts: Int32Array };
  }
}
