// Draws the store: the state views, the header, and the runs with their events. Events are
// drawn in slices of a few milliseconds per frame, so a 5,000-event session shows its first
// events at once and the page stays responsive while the rest arrive and render.
import type { RunHeader } from '../../src/protocol/messages';
import { progressRing } from '../components';
import { clear, el } from '../dom';
import { formatCount } from '../format';
import type { SessionStore, StoreChange } from '../store/sessionStore';
import type { UiState } from '../uiState';
import type { RenderContext } from './context';
import { linkCallToResult, renderEventRow } from './eventRow';
import { renderHeader } from './header';
import { renderRun, type RunParts } from './run';
import { errorView, loadingView, waitingView } from './states';

/** Milliseconds of rendering per frame before yielding to input and paint. */
const FRAME_BUDGET_MS = 10;

export class InspectorApp {
  private readonly ctx: RenderContext;
  private readonly runs = new Map<string, RunParts>();
  private readonly rows = new Map<number, HTMLElement>();
  private runsHolder: HTMLElement | undefined;
  private status: HTMLElement | undefined;
  private rendered = 0;
  private scheduled = false;
  private generation = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: SessionStore,
    private readonly ui: UiState,
    post: RenderContext['post'],
  ) {
    this.ctx = { store, ui, post, reveal: (i) => this.reveal(i) };
    store.subscribe((c) => this.onChange(c));
    document.body.classList.toggle('nowrap', !ui.wrap);
    this.show(waitingView(), 'idle');
  }

  private onChange(change: StoreChange): void {
    switch (change.type) {
      case 'loading':
        this.reset();
        this.show(loadingView(change.title), 'loading');
        break;
      case 'begin':
        this.reset();
        performance.clearMarks();
        performance.mark('inspector:begin');
        this.ui.useSession(change.header.id);
        this.beginSession();
        break;
      case 'run':
        this.addRun(change.run, false);
        break;
      case 'append':
        this.schedule();
        break;
      case 'end':
        this.schedule();
        break;
      case 'error':
        this.reset();
        this.show(errorView(change.message, this.ctx), 'error');
        break;
    }
  }

  private reset(): void {
    this.generation += 1;
    this.runs.clear();
    this.rows.clear();
    this.rendered = 0;
    this.runsHolder = undefined;
    this.status = undefined;
  }

  private show(view: HTMLElement, state: string): void {
    clear(this.root);
    this.root.append(view);
    this.setState(state);
  }

  private setState(state: string): void {
    document.body.dataset.state = state;
    document.body.dataset.rendered = String(this.rendered);
  }

  private beginSession(): void {
    const header = this.store.header!;
    const parts = renderHeader(header, this.ctx, (wrap) => {
      this.ui.setWrap(wrap);
      document.body.classList.toggle('nowrap', !wrap);
    });
    this.status = parts.status;
    this.runsHolder = el('main', { class: 'runs', attrs: { 'aria-label': 'Runs and events' } });
    clear(this.root);
    this.root.append(parts.element, this.runsHolder);
    this.store.runs.forEach((run) => this.addRun(run, true));
    if (!this.store.runs.length) this.runsHolder.append(el('p', { class: 'empty-note', text: 'This session has no runs.' }));
    this.updateProgress();
    this.setState('streaming');
  }

  private addRun(run: RunHeader, listed: boolean): void {
    if (!this.runsHolder || this.runs.has(run.id)) return;
    const parts = renderRun(run, this.runs.size + 1, listed, this.ctx);
    this.runs.set(run.id, parts);
    this.runsHolder.append(parts.element);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const generation = this.generation;
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      this.scheduled = false;
      if (generation === this.generation) this.renderSlice();
    };
    // requestAnimationFrame does not fire while the panel is hidden; the timeout keeps going.
    requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  private renderSlice(): void {
    const start = performance.now();
    const events = this.store.events;
    const batches = new Map<HTMLOListElement, DocumentFragment>();
    const links: Array<[number, number]> = [];
    while (this.rendered < events.length && performance.now() - start < FRAME_BUDGET_MS) {
      const stored = events[this.rendered]!;
      const run = this.runs.get(stored.event.runId);
      if (run) {
        const row = renderEventRow(stored, this.ctx);
        this.rows.set(stored.index, row);
        let fragment = batches.get(run.list);
        if (!fragment) batches.set(run.list, (fragment = document.createDocumentFragment()));
        fragment.append(row);
        if (stored.callIndex !== undefined) links.push([stored.callIndex, stored.index]);
      }
      this.rendered += 1;
    }
    for (const [list, fragment] of batches) list.append(fragment);
    // Marks for tests and the benchmark (issue 4): first events on screen, everything drawn.
    if (batches.size && !performance.getEntriesByName('inspector:first-events').length) performance.mark('inspector:first-events');
    for (const [callIndex, resultIndex] of links) {
      const callRow = this.rows.get(callIndex);
      const result = this.store.get(resultIndex);
      if (callRow && result) linkCallToResult(callRow, result, this.ctx);
    }
    this.updateProgress();
    document.body.dataset.rendered = String(this.rendered);
    if (this.rendered < events.length) this.schedule();
    else if (this.store.status === 'complete') this.finish();
  }

  private updateProgress(): void {
    if (!this.status) return;
    clear(this.status);
    const total = Math.max(this.store.totalEvents, this.store.events.length);
    if (this.store.status === 'complete' && this.rendered >= this.store.events.length) {
      this.status.append(el('span', { class: 'load-status__done', text: `All ${formatCount(this.rendered)} events shown.` }));
      return;
    }
    this.status.append(progressRing('Loading events'), el('span', { text: `Loading events: ${formatCount(this.rendered)} of ${formatCount(total)}…` }));
  }

  private finish(): void {
    performance.mark('inspector:complete');
    this.setState('complete');
    if (this.ui.savedScrollY > 0) window.scrollTo(0, this.ui.savedScrollY);
    this.ui.scrollRestored();
  }

  private reveal(index: number): boolean {
    const row = this.rows.get(index);
    if (!row) return false;
    const stored = this.store.get(index);
    if (stored) this.runs.get(stored.event.runId)?.expand();
    const card = row.querySelector<HTMLElement>('.event__card');
    row.scrollIntoView({ block: 'center' });
    card?.focus({ preventScroll: true });
    row.classList.remove('is-flashing');
    void row.offsetWidth; // restart the highlight animation
    row.classList.add('is-flashing');
    return true;
  }
}
