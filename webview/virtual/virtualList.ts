// The event list, virtualised: only the items in and near the viewport exist in the DOM, between
// two spacers that stand for everything above and below. Items are drawn in their run's
// <section>/<ol> (so a run's events stay a list under its heading), measured once drawn, and the
// page is kept still while estimated heights turn into measured ones. The page itself scrolls
// (window), under a sticky toolbar.
import { el } from '../dom';
import { Heights } from './heights';
import { runListId } from '../render/run';
import type { Projection, Segment } from './projection';
import type { SessionStore } from '../store/sessionStore';
import { DisposableStore } from '../lifecycle';

/** Beyond the viewport, this much is drawn above and below so fast scrolling finds rows ready. */
const OVERSCAN_PX = 700;
/** Up to this many items everything is drawn (small sessions stay searchable with Ctrl+F). */
export const DRAW_ALL_LIMIT = 300;
/** Rows scrolled out are kept this long (by count) to come back without being rebuilt. */
const ROW_CACHE = 400;

export interface RowSource {
  /** Builds the row of one event (an <li>). */
  row(index: number): HTMLElement;
  /** Builds a run heading for a stretch of a run; `headingId` names the section. */
  head(segment: Segment): HeadParts;
  /** Sets per-row state that changes without rebuilding (replay position, search match). */
  decorate(row: HTMLElement, index: number): void;
}

export interface HeadParts {
  element: HTMLElement;
  headingId: string;
  setExpanded(expanded: boolean): void;
}

interface SectionParts {
  section: HTMLElement;
  list: HTMLOListElement;
  head?: HeadParts;
}

export class VirtualList {
  readonly element: HTMLElement;
  private readonly topPad = el('div', { class: 'vlist__pad', attrs: { 'aria-hidden': 'true' } });
  private readonly bottomPad = el('div', { class: 'vlist__pad', attrs: { 'aria-hidden': 'true' } });
  private readonly heights: Heights;
  private projection: Projection | undefined;
  private count = 0;
  private readonly rows = new Map<number, HTMLElement>();
  /** Per run stretch (Segment.key): its <section>, <ol> and, once built, its heading. */
  private readonly sections = new Map<string, SectionParts>();
  private first = 0;
  private last = 0;
  /** How many items were shown when the rows were last drawn (a replay hiding later ones changes it). */
  private drawnCount = -1;
  private scheduled = false;
  private width = 0;
  private anchor: { element: HTMLElement; top: number } | undefined;
  private readonly resize: ResizeObserver;
  /** The window listeners, the observer and pending passes: all let go by dispose(). */
  private readonly disposables = new DisposableStore();
  /** Called after every pass that changed what is drawn. */
  onDrawn: () => void = () => undefined;

  constructor(
    store: SessionStore,
    private readonly source: RowSource,
    /** Height of what sticks to the top of the viewport (the toolbar), which hides rows beneath. */
    private readonly stickyHeight: () => number,
  ) {
    this.heights = new Heights(store);
    this.element = el('main', { class: 'runs vlist', attrs: { 'aria-label': 'Runs and events' } }, [this.topPad, this.bottomPad]);
    this.resize = this.disposables.resizeObserver(() => this.onResize());
    this.disposables.listen(window, 'scroll', () => this.schedule(), { passive: true });
    this.disposables.listen(window, 'resize', () => this.schedule());
  }

  /** Stops listening and drawing: the list's elements may be dropped after this. */
  dispose(): void {
    this.disposables.dispose();
  }

  get items(): Projection | undefined {
    return this.projection;
  }

  get itemCount(): number {
    return this.count;
  }

  /** How many event rows are in the DOM now (tests and the benchmark read it too). */
  get drawnRows(): number {
    return this.rows.size;
  }

  setItems(projection: Projection, count: number): void {
    this.projection = projection;
    this.count = count;
    this.heights.use(projection, count);
    this.schedule();
  }

  /** Drops built rows so they are built again (content or fold state changed). */
  rebuild(indexes?: Iterable<number>): void {
    const drop = indexes ? [...indexes] : [...this.rows.keys(), ...this.cache.keys()];
    for (const i of drop) {
      this.cache.delete(i);
      this.heights.forget(i);
      const row = this.rows.get(i);
      if (row) {
        this.resize.unobserve(row);
        row.remove();
        this.rows.delete(i);
      }
    }
    if (!indexes) this.sections.clear();
    this.schedule();
  }

  /** Applies the source's decorations to every drawn row again. */
  redecorate(): void {
    for (const [i, row] of this.rows) this.source.decorate(row, i);
  }

  rowOf(index: number): HTMLElement | undefined {
    return this.rows.get(index);
  }

  forEachDrawn(fn: (row: HTMLElement, index: number) => void): void {
    for (const [i, row] of this.rows) fn(row, i);
  }

  schedule(): void {
    if (this.scheduled || this.disposables.isDisposed) return;
    this.scheduled = true;
    const run = () => {
      if (!this.scheduled) return;
      this.scheduled = false;
      this.update();
    };
    this.disposables.frame(run);
    // requestAnimationFrame does not fire while the panel is hidden; the timeout keeps going.
    this.disposables.timeout(run, 100);
  }

  /**
   * Brings the item of event `index` into view: centred, or just inside the edge it is nearest
   * to ("nearest", for replay steps). False when the event is not among the items.
   */
  scrollToEvent(index: number, align: 'center' | 'nearest' = 'center'): boolean {
    const p = this.projection;
    if (!p) return false;
    const pos = p.itemOf[index] ?? -1;
    if (pos < 0 || pos >= this.count) return false;
    if (align === 'nearest' && this.nudgeTo(index)) return true;
    // Estimated heights become measured ones as rows are drawn: aim, draw, aim again.
    for (let attempt = 0; attempt < 4; attempt++) {
      const listTop = this.listTop();
      const top = listTop + this.heights.offsetOf(pos);
      const height = this.heights.heightOf(pos);
      const viewTop = window.scrollY + this.stickyHeight();
      const viewHeight = window.innerHeight - this.stickyHeight();
      let target = window.scrollY;
      if (align === 'center') target = top - this.stickyHeight() - Math.max(0, (viewHeight - height) / 2);
      else if (top < viewTop + 8) target = top - this.stickyHeight() - 8;
      else if (top + height > viewTop + viewHeight - 8) target = top + Math.min(height, viewHeight - 16) - window.innerHeight + 8;
      target = Math.max(0, Math.round(target));
      const moved = Math.abs(target - window.scrollY) >= 1;
      if (moved) window.scrollTo(0, target);
      this.update(false);
      if (!moved && attempt > 0) break;
    }
    return true;
  }

  /**
   * A replay step to a row already drawn, with the same items shown as when it was drawn: the page
   * scrolls by what brings that row inside the viewport's edge, read from the row itself, and the
   * rows this uncovers are drawn in the next frame, as for any scroll. A step so touches the rows
   * whose state changed, not the window of rows (re-attached and laid out again on every step).
   */
  private nudgeTo(index: number): boolean {
    const row = this.rows.get(index);
    if (!row?.isConnected || this.drawnCount !== this.count) return false;
    const r = row.getBoundingClientRect();
    const sticky = this.stickyHeight();
    const viewHeight = window.innerHeight - sticky;
    let by = 0;
    if (r.top < sticky + 8) by = r.top - sticky - 8;
    else if (r.bottom > window.innerHeight - 8) by = r.top + Math.min(r.height, viewHeight - 16) - window.innerHeight + 8;
    by = Math.round(by);
    if (by !== 0) window.scrollBy(0, by);
    this.schedule();
    return true;
  }

  /** Draws the items the viewport needs now; `keepStill` holds the rows on screen in place. */
  update(keepStill = true): void {
    this.scheduled = false;
    const p = this.projection;
    if (!p) return;
    const width = this.element.clientWidth;
    if (width !== this.width) {
      if (this.width) this.heights.clear();
      this.width = width;
    }
    const before = keepStill ? this.pickAnchor() : undefined;
    for (let pass = 0; pass < 3; pass++) {
      const [a, b] = this.range();
      this.draw(p, a, b);
      if (!this.measure(p)) break;
    }
    if (before && before.element.isConnected) {
      const delta = before.element.getBoundingClientRect().top - before.top;
      if (Math.abs(delta) >= 1) window.scrollBy(0, delta);
    }
    this.anchor = this.pickAnchor();
    this.onDrawn();
  }

  private listTop(): number {
    return this.element.getBoundingClientRect().top + window.scrollY;
  }

  /** The item range [a, b) to draw. */
  private range(): [number, number] {
    if (this.count <= DRAW_ALL_LIMIT) return [0, this.count];
    const listTop = this.listTop();
    const top = window.scrollY + this.stickyHeight() - listTop - OVERSCAN_PX;
    const bottom = window.scrollY + window.innerHeight - listTop + OVERSCAN_PX;
    if (bottom <= 0) return [0, Math.min(this.count, 1)];
    const a = this.heights.itemAt(Math.max(0, top));
    let b = this.heights.itemAt(Math.max(0, bottom)) + 1;
    b = Math.min(this.count, Math.max(b, a + 1));
    return [a, b];
  }

  private readonly cache = new Map<number, HTMLElement>();

  private rowFor(index: number): HTMLElement {
    let row = this.rows.get(index) ?? this.cache.get(index);
    if (!row) {
      row = this.source.row(index);
      if (!performance.getEntriesByName('inspector:first-events').length) {
        // Marks for tests and the benchmark: the first event is in the DOM (painted next frame).
        performance.mark('inspector:first-events');
      }
    }
    this.cache.delete(index);
    return row;
  }

  private sectionFor(seg: Segment): SectionParts {
    let parts = this.sections.get(seg.key);
    if (!parts) {
      const list = el('ol', { class: 'events', attrs: { id: runListId(seg) } });
      const section = el('section', { class: 'run', attrs: { 'data-run-id': seg.run.id } }, [list]);
      parts = { section, list };
      this.sections.set(seg.key, parts);
    }
    if (parts.list.hidden !== seg.collapsed) {
      parts.list.hidden = seg.collapsed;
      parts.head?.setExpanded(!seg.collapsed);
    }
    return parts;
  }

  private draw(p: Projection, a: number, b: number): void {
    const groups: Array<{ seg: Segment; parts: SectionParts; head: boolean; rows: HTMLElement[] }> = [];
    const drawn = new Map<number, HTMLElement>();
    let group: (typeof groups)[number] | undefined;
    for (let pos = a; pos < b; pos++) {
      const item = p.items[pos]!;
      const seg = p.segments[p.segmentOf[pos]!]!;
      if (!group || group.seg !== seg) {
        group = { seg, parts: this.sectionFor(seg), head: false, rows: [] };
        groups.push(group);
      }
      if (item < 0) {
        group.head = true;
        group.parts.head ??= this.source.head(seg);
      } else {
        const row = this.rowFor(item);
        this.source.decorate(row, item);
        group.rows.push(row);
        drawn.set(item, row);
      }
    }
    // Rows leaving the window go to a small cache; the oldest are let go.
    for (const [i, row] of this.rows) {
      if (drawn.has(i)) continue;
      this.resize.unobserve(row);
      this.cache.set(i, row);
    }
    while (this.cache.size > ROW_CACHE) this.cache.delete(this.cache.keys().next().value!);
    const sections: Node[] = [this.topPad];
    for (const g of groups) {
      const { section, list, head } = g.parts;
      if (g.head && head) {
        section.removeAttribute('aria-label');
        section.setAttribute('aria-labelledby', head.headingId);
      } else {
        // The heading is scrolled away: the section still says which run it is.
        section.removeAttribute('aria-labelledby');
        section.setAttribute(
          'aria-label',
          `Run ${g.seg.position}${g.seg.run.title ? ` · ${g.seg.run.title}` : ''}${g.seg.continued ? ' (continued)' : ''}`,
        );
      }
      reconcile(section, g.head && head ? [head.element, list] : [list]);
      reconcile(list, g.rows);
      sections.push(section);
    }
    sections.push(this.bottomPad);
    reconcile(this.element, sections);
    for (const [i, row] of drawn) if (!this.rows.has(i)) this.resize.observe(row);
    this.rows.clear();
    for (const [i, row] of drawn) this.rows.set(i, row);
    this.first = a;
    this.last = b;
    this.drawnCount = this.count;
    this.setPads();
  }

  private setPads(): void {
    // CSSOM, not a style attribute: the page's CSP allows the former only.
    this.topPad.style.height = `${Math.round(this.heights.offsetOf(this.first))}px`;
    this.bottomPad.style.height = `${Math.max(0, Math.round(this.heights.total - this.heights.offsetOf(this.last)))}px`;
  }

  /** Reads the heights of what is drawn; true when any differed from what the layout assumed. */
  private measure(p: Projection): boolean {
    let changed = false;
    for (let pos = this.first; pos < this.last && pos < p.items.length; pos++) {
      const item = p.items[pos]!;
      if (item >= 0) {
        const row = this.rows.get(item);
        if (row && this.heights.setEvent(item, row.offsetHeight)) changed = true;
      } else {
        const head = this.sections.get(p.segments[p.segmentOf[pos]!]!.key)?.head;
        if (head?.element.isConnected && this.heights.setHead(pos, head.element.offsetHeight)) changed = true;
      }
    }
    if (changed) this.setPads();
    return changed;
  }

  /** The first drawn row whose bottom is below the top of the visible area. */
  private pickAnchor(): { element: HTMLElement; top: number } | undefined {
    const visibleTop = this.stickyHeight();
    for (const row of this.element.querySelectorAll<HTMLElement>(':scope > section > ol > li, :scope > section > .run__item')) {
      const r = row.getBoundingClientRect();
      if (r.bottom > visibleTop) return { element: row, top: r.top };
    }
    return undefined;
  }

  /** A drawn row changed size (a fold opened, "show all"): keep what is on screen still. */
  private onResize(): void {
    const p = this.projection;
    if (!p) return;
    if (!this.measure(p)) return;
    const a = this.anchor;
    if (a && a.element.isConnected) {
      const delta = a.element.getBoundingClientRect().top - a.top;
      if (Math.abs(delta) >= 1) window.scrollBy(0, delta);
    }
    this.schedule();
  }
}

/**
 * Makes `parent`'s children exactly `wanted`, in order, moving as little as possible: nodes that
 * stay are never detached, so focus inside them survives scrolling.
 */
export function reconcile(parent: Node, wanted: readonly Node[]): void {
  const want = new Set(wanted);
  for (let child = parent.firstChild; child;) {
    const next = child.nextSibling;
    if (!want.has(child)) parent.removeChild(child);
    child = next;
  }
  let cursor = parent.firstChild;
  for (const node of wanted) {
    if (cursor === node) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
}
