// A Fenwick (binary indexed) tree of row heights: one height changes, a prefix sum (a row's top)
// is read and a coordinate is turned back into a row, each in O(log n). The virtual list measures
// a row as it is drawn; with plain running offsets every measurement made the offsets after it
// stale (O(n) again per replay step at 100,000 events), with this it costs a few dozen additions.
// Rows appended as a session grows are pushed (O(log n) each) instead of the tree being rebuilt.

export class Fenwick {
  private tree: Float64Array;
  /** The value at each position, as the tree holds it (its sums are built from these). */
  private values: Float64Array;
  private n = 0;

  constructor() {
    this.tree = new Float64Array(1);
    this.values = new Float64Array(0);
  }

  get size(): number {
    return this.n;
  }

  /** Replaces every value: O(n). */
  build(n: number, valueAt: (i: number) => number): void {
    if (this.tree.length < n + 1) {
      this.tree = new Float64Array(n + 1);
      this.values = new Float64Array(n);
    } else {
      this.tree.fill(0, 0, n + 1);
    }
    this.n = n;
    const t = this.tree;
    for (let i = 0; i < n; i++) {
      const v = valueAt(i);
      this.values[i] = v;
      t[i + 1]! += v;
      const parent = i + 1 + ((i + 1) & -(i + 1));
      if (parent <= n) t[parent]! += t[i + 1]!;
    }
  }

  /** Keeps positions [0, n) and lets the rest go: O(1), as a node sums only positions at or before it. */
  truncate(n: number): void {
    this.n = Math.max(0, Math.min(n, this.n));
  }

  /** Makes room for `n` positions at once (pushes past them still grow it, doubling). */
  reserve(n: number): void {
    if (this.tree.length >= n + 1) return;
    const tree = new Float64Array(n + 1);
    tree.set(this.tree);
    this.tree = tree;
    const values = new Float64Array(n);
    values.set(this.values);
    this.values = values;
  }

  /** Appends a value after the last position: O(log n). */
  push(value: number): void {
    const i = this.n + 1;
    if (this.tree.length < i + 1) this.reserve(Math.max(i, this.tree.length * 2 - 1));
    this.values[i - 1] = value;
    // Node i sums the positions after i - lowbit(i): its value and the nodes below it.
    let sum = value;
    const low = i & -i;
    for (let k = 1; k < low; k <<= 1) sum += this.tree[i - k]!;
    this.tree[i] = sum;
    this.n = i;
  }

  valueOf(i: number): number {
    return this.values[i]!;
  }

  /** Sets position `i` to `value`. */
  set(i: number, value: number): void {
    const delta = value - this.values[i]!;
    if (delta === 0) return;
    this.values[i] = value;
    const t = this.tree;
    for (let k = i + 1; k <= this.n; k += k & -k) t[k]! += delta;
  }

  /** Sum of positions [0, k). */
  prefix(k: number): number {
    let s = 0;
    const t = this.tree;
    for (let i = Math.min(k, this.n); i > 0; i -= i & -i) s += t[i]!;
    return s;
  }

  /** The largest k with prefix(k) ≤ y (0 … n): how many positions end at or above `y`. */
  countUpTo(y: number): number {
    let pos = 0;
    let rest = y;
    const t = this.tree;
    let step = 1;
    while (step * 2 <= this.n) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && t[next]! <= rest) {
        pos = next;
        rest -= t[next]!;
      }
    }
    return pos;
  }
}
