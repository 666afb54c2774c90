// Draws the store: the whole-page states (waiting, loading, failed) and, for a session, the
// header, the sticky toolbar (replay, timeline, search, filters) and the virtualised event list.
// SessionView ties them together: the store feeds a projection (what the filters let through),
// the list draws a window of it, the player moves the current event, search walks the store.
import type { EventKind } from '../../src/model/schema';
import type { WebviewMessage } from '../../src/protocol/messages';
import { BreakdownView } from '../breakdown/breakdownView';
import { codicon, progressRing } from '../components';
import { clear, el } from '../dom';
import { formatCount, formatDuration } from '../format';
import { DisposableStore, type Disposable } from '../lifecycle';
import { IDLE_CAP_MS, ReplayClock } from '../replay/clock';
import { replayControls, type ReplayControls } from '../replay/controls';
import { Player, SPEEDS, type Speed } from '../replay/player';
import type { SessionStore, StoreChange } from '../store/sessionStore';
import { filterBar, KIND_LABELS, type FilterBar } from '../toolbar/filters';
import { helpPopover } from '../toolbar/help';
import { paintHighlights } from '../toolbar/highlight';
import { installShortcuts } from '../toolbar/keyboard';
import { MatchScan, findMatches } from '../toolbar/matchScan';
import { searchBox, type SearchBox } from '../toolbar/search';
import { Timeline } from '../toolbar/timeline';
import type { AfterCurrent, UiState } from '../uiState';
import { isFiltering, lowerBound, nextEvent, prevEvent, Projector, visibleCount, type Projection } from '../virtual/projection';
import { VirtualList } from '../virtual/virtualList';
import type { RenderContext } from './context';
import { linkCallToResult, renderEventRow } from './eventRow';
import { renderHeader } from './header';
import { renderRunHead } from './run';
import { errorView, loadingView, waitingView } from './states';

export class InspectorApp {
  private readonly ctx: RenderContext;
  private view: SessionView | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: SessionStore,
    private readonly ui: UiState,
    post: (message: WebviewMessage) => void,
  ) {
    this.ctx = { store, ui, post, ask: post, reveal: (i) => this.view?.reveal(i) ?? false };
    store.subscribe((c) => this.onChange(c));
    document.body.classList.toggle('nowrap', !ui.wrap);
    installShortcuts({
      toggle: () => this.view?.player.toggle(),
      stepBack: () => this.view?.player.stepBack(),
      stepForward: () => this.view?.player.stepForward(),
      toStart: () => this.view?.player.toStart(),
      toEnd: () => this.view?.player.toEnd(),
      stop: () => this.view?.stopReplay() ?? false,
      focusSearch: () => this.view?.focusSearch(),
      nextError: (d) => this.view?.nextError(d),
      help: () => this.view?.help.toggle(),
    });
    this.show(waitingView(), 'idle');
  }

  /** A link from outside the page (the Chat view's /explain answer) to one event. */
  revealEvent(eventId: string): boolean {
    const i = this.store.indexOfId(eventId);
    return i !== undefined && this.ctx.reveal(i);
  }

  private onChange(change: StoreChange): void {
    switch (change.type) {
      case 'loading':
        this.dispose();
        this.show(loadingView(change.title), 'loading');
        break;
      case 'begin':
        this.dispose();
        // The view's own marks and measures start again; the page's boot marks (bootMarks.ts) stay.
        for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('inspector:')) performance.clearMarks(m.name);
        performance.clearMeasures();
        performance.mark('inspector:begin');
        this.ui.useSession(change.header.id);
        this.view = new SessionView(this.root, this.store, this.ui, this.ctx);
        break;
      case 'error':
        this.dispose();
        this.show(errorView(change.message, this.ctx), 'error');
        break;
      default:
        this.view?.onStoreChange(change);
    }
  }

  private dispose(): void {
    this.view?.dispose();
    this.view = undefined;
  }

  private show(view: HTMLElement, state: string): void {
    clear(this.root);
    this.root.append(view);
    document.body.dataset.state = state;
    document.body.dataset.rendered = '0';
  }
}

/** How long one slice of a search may take before the page answers again. */
const SEARCH_SLICE_MS = 8;
/** How long one slice of making search texts in the background may take. */
const WARM_SLICE_MS = 6;
const NO_EVENTS = new Int32Array(0);
/** What a disposed view projects: nothing. */
const NO_PROJECTION: Projection = {
  items: NO_EVENTS,
  keys: NO_EVENTS,
  segments: [],
  segmentOf: NO_EVENTS,
  events: NO_EVENTS,
  itemOf: NO_EVENTS,
  layout: 0,
  settled: 0,
};

class SessionView {
  readonly player: Player;
  readonly help = helpPopover();
  private readonly clock = new ReplayClock();
  private readonly list: VirtualList;
  private readonly toolbar: HTMLElement;
  private readonly controls: ReplayControls;
  private readonly timeline: Timeline;
  private readonly search: SearchBox;
  private readonly filters: FilterBar;
  private status: HTMLElement;
  private headerElement: HTMLElement;
  private readonly breakdown: BreakdownView;
  private readonly announcer = el('div', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  /** What a key found nothing for ("No more errors after this one."), on screen (the announcer is not). */
  private readonly notice = el('div', { class: 'toolbar__notice', attrs: { 'aria-hidden': 'true' } });
  /** Keeps `projection` current, taking in only the events added since its last pass. */
  private readonly projector: Projector;
  private projection: Projection;
  private hiddenKinds = new Set<EventKind>();
  private onlyErrors = false;
  private query = '';
  private matches: Int32Array = new Int32Array(0);
  private matchAt = -1;
  /** The event last brought into view by a jump (next error, search, link), for "next" from there. */
  private focusIndex = -1;
  private reprojectPending = false;
  private finished = false;
  private disposed = false;
  /** The list, the timeline, the replay's timer and pending passes: let go when the session is replaced. */
  private readonly disposables = new DisposableStore();

  constructor(
    root: HTMLElement,
    private readonly store: SessionStore,
    private readonly ui: UiState,
    private readonly ctx: RenderContext,
  ) {
    const header = this.drawHeader();
    this.headerElement = header.element;
    this.status = header.status;
    this.player = new Player({
      first: () => (this.projection.events.length ? this.projection.events[0]! : -1),
      last: () => (this.projection.events.length ? this.projection.events[this.projection.events.length - 1]! : -1),
      next: (i) => nextEvent(this.projection, i + 1),
      prev: (i) => prevEvent(this.projection, i - 1),
      delay: (a, b) => this.clock.delay(a, b),
      mayGrow: () => store.status === 'streaming' || store.live,
      changed: () => this.onReplayChange(),
    });
    this.player.speed = (SPEEDS.find((s) => String(s) === ui.speed) ?? 1) as Speed;
    this.controls = replayControls({
      toStart: () => this.player.toStart(),
      stepBack: () => this.player.stepBack(),
      toggle: () => this.player.toggle(),
      stepForward: () => this.player.stepForward(),
      toEnd: () => this.player.toEnd(),
      stop: () => this.player.stop(),
      seek: (i) => this.player.seek(i),
      setSpeed: (s) => {
        ui.setReplayPreferences(String(s), ui.afterCurrent);
        this.player.setSpeed(s);
      },
      setAfter: (a) => this.setAfter(a),
    });
    this.timeline = new Timeline(store, this.clock, (i) => {
      this.player.seek(i);
      if (!this.player.playing) this.reveal(i, false);
    });
    this.search = searchBox({ query: (q) => this.setQuery(q), next: () => this.stepMatch(1), prev: () => this.stepMatch(-1) });
    this.filters = filterBar({
      setKind: (kind, shown) => {
        if (shown) this.hiddenKinds.delete(kind);
        else this.hiddenKinds.add(kind);
        this.reprojectNow();
      },
      setOnlyErrors: (only) => {
        this.onlyErrors = only;
        this.reprojectNow();
      },
      collapseAll: () => this.setAllFolds(false),
      expandAll: () => this.setAllFolds(true),
    });
    this.toolbar = el('div', { class: 'toolbar', attrs: { role: 'region', 'aria-label': 'Replay, timeline, search and filters' } }, [
      el('div', { class: 'toolbar__row' }, [this.controls.element, this.help.button, this.help.popover]),
      this.timeline.element,
      el('div', { class: 'toolbar__row' }, [this.search.element, this.filters.element]),
      this.announcer,
      this.notice,
    ]);
    this.notice.hidden = true;
    this.list = new VirtualList(
      store,
      {
        row: (i) => this.buildRow(i),
        head: (seg) => renderRunHead(seg, (runId, expanded) => this.toggleRun(runId, expanded)),
        decorate: (row, i) => this.decorate(row, i),
      },
      () => this.toolbar.offsetHeight,
    );
    this.list.onDrawn = () => this.onDrawn();
    this.disposables.add(this.list);
    this.disposables.add(
      ui.usePosition(() => {
        const top = this.list.topRow();
        const eventId = top && this.store.events[top.index]?.event.id;
        return { y: this.list.scrollPosition, eventId, offset: eventId === undefined ? undefined : top?.offset };
      }),
    );
    this.disposables.add(this.timeline);
    this.disposables.add({ dispose: () => this.player.stop() });
    // The selected event (focused by click, keyboard, link or search) is kept for a reload.
    this.disposables.listen(this.list.element, 'focusin', (e) => {
      const id = (e.target as HTMLElement | null)?.closest<HTMLElement>('li.event[data-event-id]')?.dataset.eventId;
      if (id) ui.setSelected(id);
    });
    this.projector = new Projector(store);
    this.projection = this.projector.project(this.filter, (id) => ui.isRunCollapsed(id));
    clear(root);
    this.breakdown = new BreakdownView(ctx);
    root.append(header.element, this.breakdown.element, this.toolbar, this.list.element);
    this.clock.extend(store);
    this.reproject(false);
    this.updateProgress();
    document.body.dataset.state = 'streaming';
    document.body.dataset.rendered = '0';
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
    this.breakdown.dispose();
    // Whatever may still reach this view (a handler the page has not let go of yet) reaches none
    // of the session: the projection and the matches are as long as the session.
    this.projection = NO_PROJECTION;
    this.projector.release();
    this.matches = new Int32Array(0);
  }

  private drawHeader() {
    const { store, ui, ctx } = this;
    return renderHeader(
      store.header!,
      ctx,
      (wrap) => {
        ui.setWrap(wrap);
        document.body.classList.toggle('nowrap', !wrap);
        this.list.rebuild();
      },
      (expanded) => {
        ui.setHeaderExpanded(expanded);
        ctx.ask?.({ type: 'headerExpanded', expanded });
        // The header's height changed: the list's window follows.
        this.list.update();
      },
    );
  }

  /** The full header came with the end (a session read in slices): it replaces the first one, focus kept where it was. */
  private redrawHeader(): void {
    const focused = this.headerElement.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset.control
      : undefined;
    const header = this.drawHeader();
    this.headerElement.replaceWith(header.element);
    this.headerElement = header.element;
    this.status = header.status;
    if (focused) header.element.querySelector<HTMLElement>(`[data-control="${focused}"]`)?.focus();
    this.list.update();
  }

  private get filter() {
    return { hiddenKinds: this.hiddenKinds, onlyErrors: this.onlyErrors };
  }

  onStoreChange(change: StoreChange): void {
    if (this.disposed) return;
    this.breakdown.onStoreChange(change);
    switch (change.type) {
      case 'append':
        this.clock.extend(this.store);
        this.linkResults(change.from, change.to);
        if (this.list.drawnRows === 0) {
          // The first events paint now, not after the rest of the queue.
          this.reproject(false);
          this.list.update();
          this.timeline.invalidate();
        } else {
          this.scheduleReproject();
          this.timeline.invalidate();
        }
        break;
      case 'update':
        this.list.rebuild(change.indexes);
        // A replaced event may now pass a filter or not (the projector says), or match the query.
        if (this.projector.changed(change.indexes) || this.query) this.scheduleReproject();
        this.timeline.rebuild();
        break;
      case 'run':
        this.scheduleReproject();
        break;
      case 'end':
        if (change.header) this.redrawHeader();
        this.scheduleReproject();
        this.timeline.invalidate();
        break;
      default:
        break;
    }
  }

  // ---- projection -----------------------------------------------------------------------------

  private scheduleReproject(): void {
    if (this.reprojectPending) return;
    this.reprojectPending = true;
    // A pass is asked for by two timers (a frame, and a timeout for a hidden panel): the one left
    // over once the other ran must not run the next pass asked for early, past its pause.
    const asked = ++this.reprojectAsked;
    const run = () => {
      if (!this.reprojectPending || this.disposed || asked !== this.reprojectAsked) return;
      this.reprojectPending = false;
      const started = performance.now();
      this.reproject(false);
      // For the benchmark: what re-projecting cost while a session streamed in.
      performance.measure('inspector:reproject', { start: started });
      this.lastProjected = performance.now();
      this.projectCost = this.lastProjected - started;
    };
    // While a large session streams in, a pass a few times a second is plenty: the rows on screen
    // are already drawn. A pass takes in only the new events, but what follows it (the search's
    // matches, the filter counts) may cost more: the pause grows with what a pass costs, so it stays
    // a tenth of the page's time instead of most of it.
    const pause = Math.max(150, 10 * this.projectCost);
    const wait = this.store.status === 'streaming' ? Math.max(0, pause - (performance.now() - this.lastProjected)) : 0;
    if (wait > 0) this.disposables.timeout(run, wait);
    else {
      this.disposables.frame(run);
      this.disposables.timeout(run, 50);
    }
  }

  private lastProjected = 0;
  private projectCost = 0;
  /** How many passes were asked for: a timer of an earlier ask does nothing. */
  private reprojectAsked = 0;

  /** Rebuilds what the list shows from the store; `filtersChanged` when the reader changed a filter. */
  private reproject(filtersChanged: boolean): void {
    if (filtersChanged) this.projector.invalidate();
    this.projection = this.projector.project(this.filter, (id) => this.ui.isRunCollapsed(id));
    if (filtersChanged) {
      this.player.refit();
      document.body.classList.toggle('is-filtered', isFiltering(this.filter));
    }
    if (this.query) {
      // The events shown changed: a scan still under way would search the old ones.
      const scanning = this.scan !== undefined;
      this.stopScan();
      const found = findMatches(this.store, this.projection.events, this.query);
      if (scanning) {
        // Matches before the current one may have been found only now: it stays current.
        this.takeMatches(found);
        this.counted();
      } else this.matches = found;
    }
    this.matchAt = Math.min(this.matchAt, this.matches.length - 1);
    this.applyCount();
    this.filters.update(this.hiddenKinds, this.onlyErrors, this.store.kindCounts, this.store.errorIndexes.length);
    this.updateControls();
    this.search.show(this.matchAt, this.matches.length, this.query);
    this.updateProgress();
    this.player.grew();
    document.body.dataset.rendered = String(this.store.events.length);
  }

  /** After something the reader did: show the result in this frame, not the next. */
  private reprojectNow(): void {
    this.reproject(true);
    this.list.update();
  }

  /** Hands the list the projection, cut after the current event when later events are hidden. */
  private applyCount(): void {
    const p = this.projection;
    const cursor = this.player.cursor;
    const count = this.ui.afterCurrent === 'hide' && cursor !== null ? visibleCount(p, cursor) : p.items.length;
    this.list.setItems(p, count);
  }

  // ---- rows -----------------------------------------------------------------------------------

  private buildRow(index: number): HTMLElement {
    const stored = this.store.get(index)!;
    const row = renderEventRow(stored, this.ctx);
    for (const r of this.store.resultsOf(index)) linkCallToResult(row, this.store.get(r)!, this.ctx);
    const idle = this.clock.idleBefore.get(index);
    if (idle !== undefined) {
      row.prepend(
        el('div', { class: 'idle-gap', attrs: { title: `The replay waits at most ${formatDuration(IDLE_CAP_MS)} here` } }, [
          codicon('watch'),
          el('span', { text: `${formatDuration(idle)} idle` }),
        ]),
      );
    }
    return row;
  }

  /** Results arriving after their call was drawn: the call gets its link and "failed" chip now. */
  private linkResults(from: number, to: number): void {
    const stale: number[] = [];
    for (let i = from; i < to; i++) {
      const s = this.store.get(i)!;
      if (s.callIndex === undefined || s.callIndex >= from) continue;
      const row = this.list.rowOf(s.callIndex);
      if (row) linkCallToResult(row, s, this.ctx);
      else stale.push(s.callIndex);
    }
    if (stale.length) this.list.rebuild(stale);
  }

  private decorate(row: HTMLElement, index: number): void {
    const cursor = this.player.cursor;
    const current = cursor === index;
    row.classList.toggle('is-current', current);
    if (current) row.setAttribute('aria-current', 'step');
    else row.removeAttribute('aria-current');
    row.classList.toggle('is-future', cursor !== null && index > cursor && this.ui.afterCurrent === 'dim');
    const at = lowerBound(this.matches, index);
    row.classList.toggle('is-match', this.matches[at] === index);
    row.classList.toggle('is-match-current', this.matchAt >= 0 && this.matches[this.matchAt] === index);
  }

  private onDrawn(): void {
    if (this.disposed) return;
    if (this.list.drawnRows > 0 && !performance.getEntriesByName('inspector:first-paint').length && !this.firstPaintPending) {
      this.firstPaintPending = true;
      // The next frame starts after the one that painted the first rows.
      requestAnimationFrame(() => performance.mark('inspector:first-paint'));
    }
    const rows: HTMLElement[] = [];
    let current: HTMLElement | undefined;
    if (this.query && this.matches.length) {
      this.list.forEachDrawn((row, i) => {
        if (this.matches[lowerBound(this.matches, i)] !== i) return;
        rows.push(row);
        if (this.matchAt >= 0 && this.matches[this.matchAt] === i) current = row;
      });
    }
    paintHighlights(rows, current, this.query);
    document.body.dataset.drawn = String(this.list.drawnRows);
    if (!this.finished && this.store.status === 'complete' && !this.reprojectPending) this.finish();
  }

  private firstPaintPending = false;

  /** Back to where a reload left the page: the same event row at the same place, else the same position. */
  private restoreScroll(): void {
    const { y, eventId, offset } = this.ui.savedScroll;
    // Left at the top, the page stays at the top (its header may come out taller or shorter).
    if (y <= 0) return;
    const index = eventId === undefined ? undefined : this.store.indexOfId(eventId);
    if (index !== undefined && offset !== undefined && this.list.scrollToRow(index, offset)) return;
    this.list.scrollToPosition(y);
  }

  private finish(): void {
    this.finished = true;
    performance.mark('inspector:complete');
    document.body.dataset.state = 'complete';
    this.restoreScroll();
    this.ui.scrollRestored();
    this.reselect();
    this.warmSearch();
  }

  /**
   * The events' search texts are made once the session has loaded, a few milliseconds a task, so
   * that neither the intake waits for them nor the first search makes them all (searchIndex.ts).
   * A search before they are done makes the rest itself.
   */
  private warmSearch(): void {
    const slice = () => {
      if (!this.store.searchText.warm(performance.now() + WARM_SLICE_MS)) this.disposables.timeout(slice, 0);
    };
    this.disposables.timeout(slice, 0);
  }

  /** After a reload: the event that was selected is again, where the page was scrolled (not scrolled to it). */
  private reselect(): void {
    const id = this.ui.selectedEventId;
    const index = id === undefined ? undefined : this.store.indexOfId(id);
    if (index === undefined) return;
    this.focusIndex = index;
    const card = this.list.rowOf(index)?.querySelector<HTMLElement>('.event__card');
    if (card) card.focus({ preventScroll: true });
    document.body.dataset.selected = id;
  }

  /** Why there is nothing to show: the provider's word when it gave one, else what the header says. */
  private whyEmpty(): string {
    const reason = this.store.header?.emptyReason;
    if (reason) return `This session has no events. ${reason}`;
    const runs = this.store.runs.length;
    if (!runs) return 'This session has no events: it has no runs.';
    return `This session has no events: its ${formatCount(runs)} ${runs === 1 ? 'run has' : 'runs have'} none.`;
  }

  private updateProgress(): void {
    const total = Math.max(this.store.totalEvents, this.store.events.length);
    if (this.store.status !== 'complete') return this.showLoading(total);
    clear(this.status);
    if (!this.store.events.length) {
      // Not "All 0 events loaded.": the session itself is empty (the replay is disabled too).
      this.status.append(el('span', { class: 'load-status__done', text: 'This session has no events.' }));
      this.list.element.parentElement?.querySelector('.empty-note--session')?.remove();
      // Beside the list, not in it: the list owns its children and redraws them.
      this.list.element.after(el('p', { class: 'empty-note empty-note--session', text: this.whyEmpty() }));
      return;
    }
    const shown = this.projection.events.length;
    const text = isFiltering(this.filter)
      ? `${formatCount(shown)} of ${formatCount(this.store.events.length)} events match the filters.`
      : `All ${formatCount(this.store.events.length)} events loaded.`;
    this.status.append(el('span', { class: 'load-status__done', text }));
  }

  /** The count so far; the spinner and its line are made once and then only their text changes. */
  private showLoading(total: number): void {
    // An estimate says so: a figure shown as a count must be one.
    const text = `Loading events: ${formatCount(this.store.events.length)} of ${this.store.totalEstimated && total > this.store.events.length ? 'about ' : ''}${formatCount(total)}…`;
    const line = this.status.querySelector<HTMLElement>('.load-status__loading');
    if (line) {
      if (line.textContent !== text) line.textContent = text;
      return;
    }
    clear(this.status);
    this.status.append(progressRing('Loading events'), el('span', { class: 'load-status__loading', text }));
  }

  // ---- replay ---------------------------------------------------------------------------------

  private onReplayChange(): void {
    if (this.disposed) return;
    const cursor = this.player.cursor;
    if (cursor !== null) this.unfoldRunOf(cursor);
    this.applyCount();
    this.list.redecorate();
    if (cursor !== null) {
      this.focusIndex = cursor;
      this.list.scrollToEvent(cursor, 'nearest');
    } else {
      this.list.update();
    }
    this.timeline.setCursor(cursor);
    this.updateControls();
  }

  private updateControls(): void {
    const p = this.player;
    const cursor = p.cursor;
    const place = cursor === null ? 0 : lowerBound(this.projection.events, cursor) + 1;
    const e = cursor === null ? undefined : this.store.get(cursor)?.event;
    const name = e && 'name' in e && e.name ? ` ${e.name}` : '';
    this.controls.update({
      cursor,
      playing: p.playing,
      waiting: p.waiting,
      speed: p.speed,
      after: this.ui.afterCurrent,
      total: this.store.events.length,
      place,
      shown: this.projection.events.length,
      label: e ? `${KIND_LABELS[e.kind].replace(/s$/, '')}${name}` : '',
    });
    document.body.dataset.cursor = cursor === null ? '' : String(cursor);
    document.body.dataset.playing = String(p.playing);
  }

  private setAfter(after: AfterCurrent): void {
    this.ui.setReplayPreferences(String(this.player.speed), after);
    document.body.classList.toggle('replay-hides', after === 'hide');
    this.onReplayChange();
  }

  stopReplay(): boolean {
    if (!this.player.active) return false;
    this.player.stop();
    return true;
  }

  /** The current or revealed event sits in a folded run: unfold it. */
  private unfoldRunOf(index: number): void {
    const runId = this.store.get(index)?.event.runId;
    if (runId && this.ui.isRunCollapsed(runId)) {
      this.ui.setRunCollapsed(runId, false);
      this.projector.invalidate();
      this.projection = this.projector.project(this.filter, (id) => this.ui.isRunCollapsed(id));
      this.applyCount();
    }
  }

  private toggleRun(runId: string, expanded: boolean): void {
    this.ui.setRunCollapsed(runId, !expanded);
    this.reprojectNow();
  }

  private setAllFolds(expanded: boolean): void {
    this.ui.setAllFolds(
      expanded,
      this.store.runs.map((r) => r.id),
    );
    this.list.rebuild();
    this.reprojectNow();
    this.announce(expanded ? 'Everything expanded' : 'Everything collapsed');
  }

  // ---- jumps: links, errors, search ---------------------------------------------------------------

  /** Scrolls to the event at `index`; `focus` moves keyboard focus to it (links do, search does not). */
  reveal(index: number, focus = true): boolean {
    if (!this.store.get(index)) return false;
    this.unfoldRunOf(index);
    if (this.projection.itemOf[index] === undefined || this.projection.itemOf[index]! < 0) {
      this.announce('That event is hidden by the filters.');
      return false;
    }
    if (this.player.active && this.ui.afterCurrent === 'hide' && index > this.player.cursor!) this.player.seek(index);
    this.applyCount();
    this.focusIndex = index;
    const id = this.store.get(index)?.event.id;
    if (id !== undefined) this.ui.setSelected(id);
    if (!this.list.scrollToEvent(index, 'center')) return false;
    const row = this.list.rowOf(index);
    if (!row) return false;
    if (focus) row.querySelector<HTMLElement>('.event__card')?.focus({ preventScroll: true });
    row.classList.remove('is-flashing');
    void row.offsetWidth; // restart the highlight animation
    row.classList.add('is-flashing');
    return true;
  }

  nextError(direction: 1 | -1): void {
    const errors = this.store.errorIndexes.filter(
      (i) => (this.projection.itemOf[i] ?? -1) >= 0 || this.ui.isRunCollapsed(this.store.get(i)!.event.runId),
    );
    if (!errors.length) {
      this.tell('This session has no errors.');
      return;
    }
    const from = this.player.cursor ?? this.focusIndex;
    const at = direction > 0 ? errors.find((i) => i > from) : [...errors].reverse().find((i) => i < (from < 0 ? Infinity : from));
    if (at === undefined) {
      this.tell(direction > 0 ? 'No more errors after this one.' : 'No errors before this one.');
      return;
    }
    if (this.player.active) this.player.seek(at);
    this.reveal(at);
    this.announce(`Error ${errors.indexOf(at) + 1} of ${errors.length}`);
  }

  focusSearch(): void {
    this.search.input.focus();
    this.search.input.select();
  }

  /**
   * Searches from where the reader is: the first match there is shown as soon as it is found, and
   * the rest of the session is searched a slice at a time after (the count says "…" till then).
   */
  private setQuery(q: string): void {
    this.stopScan();
    this.query = q.trim();
    this.matches = new Int32Array(0);
    this.matchAt = -1;
    delete document.body.dataset.searchAllMs;
    const started = performance.now();
    this.scanStarted = started;
    const from = Math.max(0, this.player.cursor ?? this.focusIndex);
    const scan = new MatchScan(this.store.searchText, this.projection.events, this.query, from);
    scan.step(started + SEARCH_SLICE_MS, true);
    // For tests and the benchmark: how long the search took to its first match (the store, not the DOM).
    document.body.dataset.searchMs = (performance.now() - started).toFixed(2);
    this.scan = scan;
    this.scanned(scan);
  }

  /** What a slice of the scan found is shown; the next slice is queued, or the count made final. */
  private scanned(scan: MatchScan): void {
    if (this.takeMatches(scan.matches)) {
      // Matches found before it (after the scan wrapped to the start): the same match stays current.
      this.list.redecorate();
      this.onDrawn();
    } else if (scan.next !== undefined) {
      // The first match at or after where the reader is (else the first of all), once it is known.
      this.matchAt = lowerBound(this.matches, scan.next);
      this.goToMatch();
    } else if (scan.done || this.matches.length) {
      this.list.redecorate();
      this.onDrawn();
    }
    this.search.show(this.matchAt, this.matches.length, this.query, !scan.done);
    if (scan.done) {
      this.scan = undefined;
      this.counted();
      return;
    }
    this.scanSlice = this.disposables.timeout(() => {
      this.scanSlice = undefined;
      if (this.scan !== scan) return;
      scan.step(performance.now() + SEARCH_SLICE_MS);
      this.scanned(scan);
    }, 0);
  }

  /** Searches the rest at once (the reader stepped to the next match, or the events shown changed). */
  private finishScan(): void {
    const scan = this.scan;
    if (!scan) return;
    this.stopScan();
    scan.step(Infinity);
    this.takeMatches(scan.matches);
    this.search.show(this.matchAt, this.matches.length, this.query);
    this.list.redecorate();
    this.counted();
  }

  /** The matches are now `next`; the current match, if there is one, stays current. Whether there was one. */
  private takeMatches(next: Int32Array): boolean {
    const current = this.matchAt >= 0 ? this.matches[this.matchAt]! : -1;
    this.matches = next;
    if (current >= 0) this.matchAt = lowerBound(next, current);
    return current >= 0;
  }

  /** For tests and the benchmark: how long the search took to count every match. */
  private counted(): void {
    document.body.dataset.searchAllMs = (performance.now() - this.scanStarted).toFixed(2);
  }

  private stopScan(): void {
    this.scan = undefined;
    if (this.scanSlice) this.disposables.delete(this.scanSlice);
    this.scanSlice = undefined;
  }

  private scan: MatchScan | undefined;
  private scanSlice: Disposable | undefined;
  private scanStarted = 0;

  private stepMatch(direction: 1 | -1): void {
    this.finishScan();
    if (!this.matches.length) return;
    const n = this.matches.length;
    this.matchAt = this.matchAt < 0 ? (direction > 0 ? 0 : n - 1) : (this.matchAt + direction + n) % n;
    this.goToMatch();
    this.search.show(this.matchAt, n, this.query);
  }

  private goToMatch(): void {
    const index = this.matches[this.matchAt]!;
    this.reveal(index, false);
    this.list.redecorate();
    this.onDrawn();
  }

  private announce(text: string): void {
    this.announcer.textContent = '';
    // A fresh text node, so the same message twice is announced twice.
    requestAnimationFrame(() => (this.announcer.textContent = text));
  }

  /** Announced and also shown for a few seconds: a key that found nothing must say so on screen. */
  private tell(text: string): void {
    this.announce(text);
    this.notice.textContent = text;
    this.notice.hidden = false;
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => (this.notice.hidden = true), 4000);
  }

  private noticeTimer: number | undefined;
}
