// The event list, virtualised: only the items in and near the viewport exist in the DOM, between
// two spacers that stand for everything above and below. Items are drawn in their run's
// <section>/<ol> (so a run's events stay a list under its heading), measured once drawn, and the
// page is kept still while estimated heights turn into measured ones. The page itself scrolls
// (window), under a sticky toolbar. A list laid out taller than a browser lays out an element (a
// million events) takes MAX_PHYSICAL_HEIGHT on the page, and scrollMap.ts says which part of the
// laid-out height the page's scroll position shows: the drawn rows are placed from that.
import { el } from '../dom';
import { Heights } from './heights';
import { runListId } from '../render/run';
import type { Projection, Segment } from './projection';
import type { SessionStore } from '../store/sessionStore';
import { DisposableStore } from '../lifecycle';
import { aim, follow, physicalHeightOf, settle, type ScrollPoint, type ScrollSpan } from './scrollMap';

/** Beyond the viewport, this much is drawn above and below so fast scrolling finds rows ready. */
const OVERSCAN_PX = 700;
/**
 * Up to this many items everything is drawn (small sessions stay searchable with Ctrl+F), when the
 * session itself is that small: the first 200 events of a large one are drawn as a window too (all
 * of them cost half a second before the first frame could paint, in the real VS Code at 100,000).
 */
export const DRAW_ALL_LIMIT = 300;
/** The page's first event row was marked (once a page: a flag, not a look through the marks per row built). */
let firstRowMarked = false;
/** Rows scrolled out are kept this long (by count) to come back without being rebuilt. */
const ROW_CACHE = 400;
/** Scrolls up to this many viewports move the list 1:1 (wheel, keys, keeping still); larger ones are jumps (scrollbar). */
const SMALL_MOVE_VIEWPORTS = 3;

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
  /**
   * Where the page is, in list coordinates (0 = the list's top at the viewport's top): its scroll
   * position and the laid-out position that stands for (the same number unless the list is
   * squeezed, scrollMap.ts). Set here when the list scrolls the page, followed when anything else does.
   */
  private point: ScrollPoint | undefined;
  /** physical − virtual when the rows were placed: a scroll that changed it was a jump, not a slide. */
  private drawnShift = 0;
  private readonly resize: ResizeObserver;
  /** The window listeners, the observer and pending passes: all let go by dispose(). */
  private readonly disposables = new DisposableStore();
  /** Called after every pass that changed what is drawn. */
  onDrawn: () => void = () => undefined;

  constructor(
    private readonly store: SessionStore,
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

  /**
   * Where the page is scrolled, in the list's laid-out page coordinates: window.scrollY, unless the
   * list is squeezed (scrollMap.ts). What a reload saves and scrollToPosition takes back.
   */
  get scrollPosition(): number {
    const { listTop, point } = this.locate();
    return listTop + point.virtual;
  }

  /** Scrolls back to a position scrollPosition gave; the scroll's pass draws there. */
  scrollToPosition(y: number): void {
    this.scrollToVirtual(y);
  }

  /**
   * The event row at the top of the viewport (the first whose bottom is below the toolbar) and how
   * far its top is below the toolbar: negative when it starts above it.
   */
  topRow(): { index: number; offset: number } | undefined {
    const sticky = this.stickyHeight();
    let best: { index: number; offset: number } | undefined;
    for (const [index, row] of this.rows) {
      if (!row.isConnected) continue;
      const r = row.getBoundingClientRect();
      if (r.bottom <= sticky || r.height === 0) continue;
      if (!best || r.top - sticky < best.offset) best = { index, offset: r.top - sticky };
    }
    return best;
  }

  /**
   * Puts event `index`'s row `offset` px below the toolbar, as topRow read it: aim with the
   * heights known, draw, then aim again from the row itself. False when the event is not shown.
   */
  scrollToRow(index: number, offset: number): boolean {
    const p = this.projection;
    const pos = p?.itemOf[index] ?? -1;
    if (pos < 0 || pos >= this.count) return false;
    const { listTop } = this.locate();
    this.scrollToVirtual(Math.max(0, Math.round(listTop + this.heights.offsetOf(pos) - this.stickyHeight() - offset)));
    this.update(false);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = this.rows.get(index);
      if (!row?.isConnected) break;
      const by = Math.round(row.getBoundingClientRect().top - this.stickyHeight() - offset);
      if (by === 0) break;
      this.scrollByVirtual(by);
      this.update(false);
    }
    this.anchor = this.pickAnchor();
    return true;
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
    // In the list's laid-out coordinates (the page's own when the list is not squeezed).
    for (let attempt = 0; attempt < 4; attempt++) {
      const listTop = this.locate().listTop;
      const scrollY = listTop + this.point!.virtual;
      const top = listTop + this.heights.offsetOf(pos);
      const height = this.heights.heightOf(pos);
      const viewTop = scrollY + this.stickyHeight();
      const viewHeight = window.innerHeight - this.stickyHeight();
      let target = scrollY;
      if (align === 'center') target = top - this.stickyHeight() - Math.max(0, (viewHeight - height) / 2);
      else if (top < viewTop + 8) target = top - this.stickyHeight() - 8;
      else if (top + height > viewTop + viewHeight - 8) target = top + Math.min(height, viewHeight - 16) - window.innerHeight + 8;
      target = Math.max(0, Math.round(target));
      const moved = Math.abs(target - scrollY) >= 1;
      if (moved) this.scrollToVirtual(target);
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
    if (by !== 0) this.scrollByVirtual(by);
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
    let before = keepStill ? this.pickAnchor() : undefined;
    const point = this.locate().point;
    // A jump (the scrollbar dragged over a squeezed list) places the rows anew: nothing to keep still.
    if (point.physical - point.virtual !== this.drawnShift) before = undefined;
    for (let pass = 0; pass < 3; pass++) {
      const [a, b] = this.range();
      this.draw(p, a, b);
      if (!this.measure(p)) break;
    }
    if (before && before.element.isConnected) {
      const delta = before.element.getBoundingClientRect().top - before.top;
      if (Math.abs(delta) >= 1) this.scrollByVirtual(delta);
    }
    this.anchor = this.pickAnchor();
    this.onDrawn();
  }

  private listTop(): number {
    return this.element.getBoundingClientRect().top + window.scrollY;
  }

  /** The height the list takes on the page: its laid-out height, squeezed above the cap. */
  private physicalHeight(): number {
    const total = this.heights.total;
    return this.drawsAll ? total : physicalHeightOf(total);
  }

  /** The page's scroll range in list coordinates, and how much more the laid-out height is. */
  private span(listTop: number): ScrollSpan {
    const physical = this.physicalHeight();
    const extra = this.heights.total - physical;
    if (extra <= 0) return { max: 0, extra: 0 };
    // What sits below the list scrolls too; the list's own height is taken as it is about to be.
    const below = document.documentElement.scrollHeight - (listTop + this.element.offsetHeight);
    return { max: Math.max(0, physical + Math.max(0, below) - window.innerHeight), extra };
  }

  /** Every item is drawn: the list and the session (as announced, while it loads) are small. */
  private get drawsAll(): boolean {
    return this.count <= DRAW_ALL_LIMIT && Math.max(this.store.totalEvents, this.store.events.length) <= DRAW_ALL_LIMIT;
  }

  private get smallMove(): number {
    return SMALL_MOVE_VIEWPORTS * window.innerHeight;
  }

  /** Reads the page's scroll position and follows it to the laid-out position it stands for. */
  private locate(): { listTop: number; point: ScrollPoint } {
    const listTop = this.listTop();
    const span = this.span(listTop);
    const physical = window.scrollY - listTop;
    const prev = this.point;
    const virtual =
      prev && prev.physical === physical ? settle(physical, prev.virtual, span) : follow(prev, physical, span, this.smallMove);
    this.point = { physical, virtual };
    return { listTop, point: this.point };
  }

  /** Scrolls the page to where laid-out page position `y` is in view at the top. */
  private scrollToVirtual(y: number): void {
    const listTop = this.listTop();
    const span = this.span(listTop);
    if (span.extra <= 0) {
      window.scrollTo(0, y);
    } else {
      const to = aim(this.point, y - listTop, span, this.smallMove);
      window.scrollTo(0, listTop + to.physical);
      const actual = window.scrollY - listTop;
      // The browser may not go all the way (the end of the page): follow from where it went.
      this.point = actual === to.physical ? to : { physical: actual, virtual: follow(to, actual, span, this.smallMove) };
    }
    this.locate();
  }

  /** Scrolls the page by `by` laid-out px (1:1 on the page when that is small). */
  private scrollByVirtual(by: number): void {
    const { listTop, point } = this.locate();
    this.scrollToVirtual(listTop + point.virtual + by);
  }

  /** The item range [a, b) to draw. */
  private range(): [number, number] {
    if (this.drawsAll) return [0, this.count];
    const { physical, virtual } = this.point ?? this.locate().point;
    const top = virtual + this.stickyHeight() - OVERSCAN_PX;
    const bottom = virtual + window.innerHeight + OVERSCAN_PX;
    if (bottom <= 0) return [0, Math.min(this.count, 1)];
    // Rows are placed from the viewport's top, and none can start above the list's own top.
    const a = this.heights.itemAt(Math.max(0, top, virtual - physical));
    let b = this.heights.itemAt(Math.max(0, bottom)) + 1;
    b = Math.min(this.count, Math.max(b, a + 1));
    return [a, b];
  }

  private readonly cache = new Map<number, HTMLElement>();

  private rowFor(index: number): HTMLElement {
    let row = this.rows.get(index) ?? this.cache.get(index);
    if (!row) {
      row = this.source.row(index);
      if (!firstRowMarked) {
        // Marks for tests and the benchmark: the first event is in the DOM (painted next frame).
        firstRowMarked = true;
        performance.mark('inspector:first-events');
        // And when it was on screen, as the browser tells it (Element Timing: the frame that first
        // painted its text; only blocks holding text report, so every element of the row is named).
        for (const e of [row, ...row.querySelectorAll('*')]) e.setAttribute('elementtiming', 'inspector-first-event');
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
    // The rows sit where the page's position puts them: shifted by what the squeeze moved them by
    // (0 unless the list is squeezed), the list as tall as it is on the page.
    const shift = this.point ? this.point.physical - this.point.virtual : 0;
    this.drawnShift = shift;
    // CSSOM, not a style attribute: the page's CSP allows the former only.
    this.topPad.style.height = `${Math.max(0, Math.round(this.heights.offsetOf(this.first) + shift))}px`;
    this.bottomPad.style.height = `${Math.max(0, Math.round(this.physicalHeight() - shift - this.heights.offsetOf(this.last)))}px`;
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
      if (Math.abs(delta) >= 1) this.scrollByVirtual(delta);
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
