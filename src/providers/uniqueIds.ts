// The ids a session's events (or runs) have taken, and the first free one for the next: an id
// seen before gets the first free `~2`, `~3`… suffix. The model promises unique ids (the page
// keys rows by them, streamed text grows by them); a provider that repeats one must not make two
// events one.
//
// Not a Set of the strings: beside a large file's mapping, a Set of 100,000 ids cost ~50 ms more
// than this (mapping a 100,000-event file in slices, Node 24, medians of 7, 7 interleaved runs:
// 733-777 → 661-738 ms; on ids alone, in a loop doing nothing else, the two cost the same, so
// the difference is in how each sits beside the mapping's own allocations: the Set's table is one
// large object of pointers, this is two typed arrays and a list). Each id's hash (FNV-1a) and the
// id itself are kept by arrival; the table, open-addressed and at least twice the ids' count,
// holds arrival numbers. Exact: a hash that matches is checked against the id it belongs to, so
// two ids are one only when they are equal.
export class UniqueIds {
  private ids: string[] = [];
  private hashes = new Int32Array(1024);
  /** Arrival number + 1 by slot (0: empty); its length is a power of two, at least twice the ids. */
  private table = new Int32Array(2048);

  /** `id`, or its first free suffixed form; taken from now on. */
  free(id: string): string {
    const h = this.hashOf(id);
    if (this.take(id, h)) return id;
    let out: string;
    for (let n = 2; ; n++) {
      out = `${id}~${n}`;
      if (this.take(out, this.hashOf(out))) return out;
    }
  }

  /** An id's hash (a test's subclass makes every id collide). */
  protected hashOf(id: string): number {
    return hashOf(id);
  }

  /** Takes `id` (hash `h`) unless it is taken: whether it was free. */
  private take(id: string, h: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    let slot = h & mask;
    for (let at = table[slot]!; at !== 0; at = table[slot]!) {
      if (this.hashes[at - 1] === h && this.ids[at - 1] === id) return false;
      slot = (slot + 1) & mask;
    }
    const i = this.ids.length;
    this.ids.push(id);
    if (i >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[i] = h;
    table[slot] = i + 1;
    if ((i + 1) * 2 > table.length) this.grow();
    return true;
  }

  /** Twice the room, every id placed again by its kept hash (no id is read). */
  private grow(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.ids.length; i++) {
      let slot = this.hashes[i]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // The low bits pick the slot: mixed, so ids that differ only at the end spread out.
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
