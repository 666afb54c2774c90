// Row heights for the virtual list: measured heights cached per event (and per run heading),
// an estimate for rows not drawn yet (the average of that kind so far), and the running offsets
// that turn a scroll position into an item and back. Numbers only; the list does the DOM.
import type { EventKind } from '../../src/model/schema';
import type { SessionStore } from '../store/sessionStore';
import { headSegment, type Projection } from './projection';

const DEFAULT_EVENT_HEIGHT = 90;
const DEFAULT_HEAD_HEIGHT = 84;

export class Heights {
  private events = new Float32Array(1024);
  private readonly heads = new Map<string, number>();
  private readonly kindSum = new Map<EventKind, number>();
  private readonly kindCount = new Map<EventKind, number>();
  private offsets = new Float64Array(1);
  /** Offsets are right up to this item; everything after is worked out again when asked for. */
  private validUpTo = 0;
  private projection: Projection | undefined;
  private count = 0;

  constructor(private readonly store: SessionStore) {}

  /** The items to lay out: the first `count` of the projection. */
  use(projection: Projection, count: number): void {
    // The same items, only more or fewer of them shown (a replay hiding later events): the
    // offsets already worked out stay right.
    if (projection !== this.projection) this.validUpTo = 0;
    this.projection = projection;
    this.count = count;
  }

  get itemCount(): number {
    return this.count;
  }

  /** Forgets every measurement (the width changed, so every row may wrap differently). */
  clear(): void {
    this.events.fill(0);
    this.heads.clear();
    this.validUpTo = 0;
  }

  forget(eventIndex: number): void {
    if (eventIndex < this.events.length) this.events[eventIndex] = 0;
    this.invalidateFrom(eventIndex);
  }

  /** A height of event `eventIndex` changed: offsets after its item must be worked out again. */
  private invalidateFrom(eventIndex: number): void {
    const pos = this.projection?.itemOf[eventIndex] ?? -1;
    this.validUpTo = pos >= 0 ? Math.min(this.validUpTo, pos) : 0;
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
      // The first measurement of a row teaches the estimate for its kind.
      this.kindSum.set(kind, (this.kindSum.get(kind) ?? 0) + height);
      this.kindCount.set(kind, (this.kindCount.get(kind) ?? 0) + 1);
    }
    this.events[index] = height;
    this.invalidateFrom(index);
    return true;
  }

  setHead(key: string, height: number): boolean {
    if (Math.abs((this.heads.get(key) ?? 0) - height) < 0.5) return false;
    this.heads.set(key, height);
    this.validUpTo = 0;
    return true;
  }

  heightOf(pos: number): number {
    const p = this.projection!;
    const item = p.items[pos]!;
    if (item < 0) return this.heads.get(headKey(p, item)) ?? DEFAULT_HEAD_HEIGHT;
    const measured = item < this.events.length ? this.events[item]! : 0;
    if (measured > 0) return measured;
    const kind = this.store.events[item]?.event.kind;
    const n = kind ? this.kindCount.get(kind) : undefined;
    return n ? this.kindSum.get(kind!)! / n : DEFAULT_EVENT_HEIGHT;
  }

  /** Top of item `pos` in list coordinates (pos = count gives the total height). */
  offsetOf(pos: number): number {
    this.ensure();
    return this.offsets[Math.max(0, Math.min(pos, this.count))]!;
  }

  get total(): number {
    return this.offsetOf(this.count);
  }

  /** The item at list coordinate `y` (clamped to the items). */
  itemAt(y: number): number {
    this.ensure();
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid + 1]! <= y) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.count - 1));
  }

  private ensure(): void {
    if (this.validUpTo >= this.count) return;
    if (this.offsets.length < this.count + 1) {
      const grown = new Float64Array(Math.max(this.count + 1, this.offsets.length * 2));
      grown.set(this.offsets.subarray(0, this.validUpTo + 1));
      this.offsets = grown;
    }
    let y = this.offsets[this.validUpTo]!;
    for (let i = this.validUpTo; i < this.count; i++) {
      y += this.heightOf(i);
      this.offsets[i + 1] = y;
    }
    this.validUpTo = this.count;
  }
}

/** Run headings are measured per run (a continued stretch says so, so it is a different height). */
export function headKey(p: Projection, item: number): string {
  const seg = p.segments[headSegment(item)]!;
  return `${seg.key}${seg.collapsed ? ' -' : ''}`;
}
