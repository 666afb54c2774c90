// Search over every event's text (searchText.ts) without a loop over every event: the texts of
// each block of events are joined into one string, so a query is a few indexOf calls over a few
// megabytes (V8 scans a flat one-byte string at memory speed) and only the events that match are
// visited. At 1,000,000 events that is the difference between a frame and a few of them. Blocks
// are joined when first searched and again only after one of their events changed.

/** Events per joined block: small enough to re-join on a change, large enough to be few. */
const BLOCK = 4096;
/** Between two events' texts; a query typed in the field cannot contain it, so no match spans two. */
const SEP = '\u0000';

interface Block {
  /** The block's texts until it is joined (then undefined: the joined string holds them once). */
  parts: string[] | undefined;
  /** The texts joined by SEP, once searched. */
  joined: string | undefined;
  /** Where each event's text starts in `joined`. */
  starts: Int32Array | undefined;
}

export class SearchIndex {
  private blocks: Block[] = [];
  private count = 0;

  /** `blockSize`: events per joined block (tests use small ones). */
  constructor(private readonly blockSize = BLOCK) {}

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }

  push(text: string): void {
    const b = Math.floor(this.count / this.blockSize);
    const block = this.blocks[b] ?? (this.blocks[b] = { parts: [], joined: undefined, starts: undefined });
    this.parts(block).push(text);
    this.count++;
  }

  set(index: number, text: string): void {
    const block = this.blocks[Math.floor(index / this.blockSize)];
    if (block) this.parts(block)[index % this.blockSize] = text;
  }

  /** The text of event `index`. */
  get(index: number): string | undefined {
    const block = this.blocks[Math.floor(index / this.blockSize)];
    if (!block) return undefined;
    const k = index % this.blockSize;
    if (block.parts) return block.parts[k];
    const starts = block.starts!;
    return block.joined!.slice(starts[k]!, k + 1 < starts.length ? starts[k + 1]! - 1 : block.joined!.length);
  }

  /** Ascending indexes of the events whose text contains `q` (already lower-cased, not empty). */
  find(q: string): Int32Array {
    let out = new Int32Array(64);
    let n = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const { joined, starts } = this.join(this.blocks[b]!);
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

  private join(block: Block): { joined: string; starts: Int32Array } {
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
