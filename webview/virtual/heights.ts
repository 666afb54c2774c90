// Row heights for the virtual list: measured heights cached per event (and per run heading),
// an estimate for rows not drawn yet (the average of that kind so far), and a Fenwick tree of the
// laid-out heights that turns a scroll position into an item and back in O(log n). Numbers only;
// the list does the DOM.
import type { EventKind } from '../../src/model/schema';
import type { SessionStore } from '../store/sessionStore';
import { Fenwick } from './fenwick';
import { headSegment, type Projection, type Segment } from './projection';

const DEFAULT_EVENT_HEIGHT = 90;
const DEFAULT_HEAD_HEIGHT = 84;

export class Heights {
  private events = new Float32Array(1024);
  /**
   * Run headings measured, by their stretch's key (Segment.key), open and folded apart (a folded
   * heading is a different height); kept across projections, so a heading laid out again keeps it.
   */
  private readonly heads = new Map<string, number>();
  private readonly foldedHeads = new Map<string, number>();
  private readonly kindSum = new Map<EventKind, number>();
  private readonly kindCount = new Map<EventKind, number>();
  /** Per item of the projection, its height as laid out; the tops are its prefix sums. */
  private readonly tree = new Fenwick();
  /** The tree is built for the current projection (else it is rebuilt when next asked). */
  private built = false;
  private projection: Projection | undefined;
  private count = 0;

  constructor(private readonly store: SessionStore) {}

  /** The items to lay out: the first `count` of the projection. */
  use(projection: Projection, count: number): void {
    const before = this.projection;
    // The same items, only more or fewer of them shown (a replay hiding later events): the tree
    // over all of them stays right.
    if (projection !== before) {
      if (this.built && before && projection.layout === before.layout) this.grow(before.settled, projection);
      else this.built = false;
    }
    this.projection = projection;
    this.count = count;
  }

  /**
   * A later projection of the same layout: the items before `settled` are those laid out already;
   * the ones after (new events, the headings of runs without events yet) are laid out now, in
   * O(log n) each, instead of the whole tree again.
   */
  private grow(settled: number, p: Projection): void {
    const keep = Math.min(settled, this.tree.size, p.items.length);
    this.tree.truncate(keep);
    // Room for the whole session when its size is known: allocated once as it streams in, not doubled.
    const expected = this.store.expectedEvents + this.store.runs.length;
    this.tree.reserve(Math.max(p.items.length, expected));
    this.projection = p;
    // heightOf, written out for the events: a pass may push a hundred thousand of them, most
    // unmeasured, so each kind's estimate is worked out once per pass, not twice per row.
    const items = p.items;
    const measured = this.events;
    const stored = this.store.events;
    const estimates = new Map<EventKind, number>();
    for (let pos = keep; pos < items.length; pos++) {
      const item = items[pos]!;
      if (item < 0) {
        this.tree.push(this.heightOf(pos));
        continue;
      }
      const height = item < measured.length ? measured[item]! : 0;
      if (height > 0) {
        this.tree.push(height);
        continue;
      }
      const kind = stored[item]?.event.kind;
      let estimate = kind === undefined ? DEFAULT_EVENT_HEIGHT : estimates.get(kind);
      if (estimate === undefined) estimates.set(kind!, (estimate = this.estimate(kind!)));
      this.tree.push(estimate);
    }
  }

  /** The height assumed for a row of `kind` not measured yet: the average of those measured so far. */
  private estimate(kind: EventKind): number {
    const n = this.kindCount.get(kind);
    return n ? this.kindSum.get(kind)! / n : DEFAULT_EVENT_HEIGHT;
  }

  get itemCount(): number {
    return this.count;
  }

  /** Forgets every measurement (the width changed, so every row may wrap differently). */
  clear(): void {
    this.events.fill(0);
    this.heads.clear();
    this.foldedHeads.clear();
    this.built = false;
  }

  forget(eventIndex: number): void {
    if (eventIndex < this.events.length) this.events[eventIndex] = 0;
    this.relayEvent(eventIndex);
  }

  /** Event `eventIndex` has a new height: its item in the tree gets it (O(log n)). */
  private relayEvent(eventIndex: number): void {
    if (!this.built) return;
    const pos = this.projection?.itemOf[eventIndex] ?? -1;
    if (pos >= 0 && pos < this.tree.size) this.tree.set(pos, this.heightOf(pos));
  }

  /** Records a measured height; true when it differs from what was assumed. */
  setEvent(index: number, height: number): boolean {
    if (index >= this.events.length) {
      const grown = new Float32Array(Math.max(index + 1, this.events.length * 2));
      grown.set(this.events);
      this.events = grown;
    }
    const before = this.events[index]!;
    if (Math.abs(before - height) < 0.5) return false;
    const kind = this.store.events[index]?.event.kind;
    if (kind && before === 0) {
      // The first measurement of a row teaches the estimate for its kind (for items laid out from
      // now on: rows already laid out keep theirs until they are drawn, so nothing jumps).
      this.kindSum.set(kind, (this.kindSum.get(kind) ?? 0) + height);
      this.kindCount.set(kind, (this.kindCount.get(kind) ?? 0) + 1);
    }
    this.events[index] = height;
    this.relayEvent(index);
    return true;
  }

  /** Records the measured height of the run heading at item `pos`; true when it differs from its layout. */
  setHead(pos: number, height: number): boolean {
    const seg = this.segmentAt(pos);
    if (!seg) return false;
    const laidOut = this.built && pos < this.tree.size;
    const before = laidOut ? this.tree.valueOf(pos) : (this.headMap(seg).get(seg.key) ?? 0);
    this.headMap(seg).set(seg.key, height);
    if (Math.abs(before - height) < 0.5) return false;
    if (laidOut) this.tree.set(pos, height);
    return true;
  }

  heightOf(pos: number): number {
    const p = this.projection!;
    const item = p.items[pos]!;
    if (item < 0) {
      const seg = p.segments[headSegment(item)]!;
      return this.headMap(seg).get(seg.key) ?? DEFAULT_HEAD_HEIGHT;
    }
    const measured = item < this.events.length ? this.events[item]! : 0;
    if (measured > 0) return measured;
    const kind = this.store.events[item]?.event.kind;
    return kind ? this.estimate(kind) : DEFAULT_EVENT_HEIGHT;
  }

  /** Top of item `pos` in list coordinates (pos = count gives the total height). */
  offsetOf(pos: number): number {
    this.ensure();
    return this.tree.prefix(Math.max(0, Math.min(pos, this.count)));
  }

  get total(): number {
    return this.offsetOf(this.count);
  }

  /** The item at list coordinate `y` (clamped to the items). */
  itemAt(y: number): number {
    this.ensure();
    return Math.min(this.tree.countUpTo(y), Math.max(0, this.count - 1));
  }

  private segmentAt(pos: number): Segment | undefined {
    const p = this.projection;
    const item = p?.items[pos];
    return item !== undefined && item < 0 ? p!.segments[headSegment(item)] : undefined;
  }

  private headMap(seg: Segment): Map<string, number> {
    return seg.collapsed ? this.foldedHeads : this.heads;
  }

  /** Lays out the projection's items once per layout: O(n); every change after is O(log n). */
  private ensure(): void {
    if (this.built) return;
    const p = this.projection;
    if (!p) return;
    this.tree.build(p.items.length, (pos) => this.heightOf(pos));
    this.built = true;
  }
}
