// "Where the tokens, money and time went": a folding section above the event list with one tab
// per grouping of computeBreakdown() (runs, agents, models, tools, the costliest model calls, the
// largest tool results, prompt growth). The store's events are folded into a live breakdown
// (src/model/breakdownLive.ts), each once (a replaced event: its old figures out, its new in): as
// they arrive while it is open; while it is folded away, once the session has loaded, in the
// background (foldSoon); drawn only while open, a few times a second while a session streams,
// and a table draws its first ROW_CAP rows with a "Show more" button (a 100,000-event session has
// thousands of runs), so neither opening nor a redraw costs the session's length.
// Every row opens its events: the first is revealed and Previous / Next walk through the rest.
import type { Breakdown, Figures, Group, ModelCall, ToolResultSize } from '../../src/model/breakdown';
import { BreakdownBuilder, type RunMeta } from '../../src/model/breakdownLive';
import type { RunHeader } from '../../src/protocol/messages';
import { tokenSum } from '../../src/model/totals';
import { codicon, disclosure } from '../components';
import { clear, el, uniqueId } from '../dom';
import { formatBytes, formatCost, formatCount, formatDuration, UNKNOWN } from '../format';
import type { RenderContext } from '../render/context';
import type { StoreChange } from '../store/sessionStore';
import { promptChart } from './promptChart';

type TabId = 'runs' | 'agents' | 'models' | 'tools' | 'calls' | 'results' | 'prompt';

const TABS: Array<{ id: TabId; label: string }> = [
  { id: 'runs', label: 'Runs' },
  { id: 'agents', label: 'Agents' },
  { id: 'models', label: 'Models' },
  { id: 'tools', label: 'Tools' },
  { id: 'calls', label: 'Costliest calls' },
  { id: 'results', label: 'Largest results' },
  { id: 'prompt', label: 'Prompt growth' },
];

const EXPANDED_KEY = 'breakdown';
/** Rows a table draws before its "Show more" button; each press draws this many more. */
export const ROW_CAP = 100;
/** Redraws while a session streams come at most this often. */
const REDRAW_MS = 100;
/** A background fold's task (foldSoon) takes about this long, checking the time every FOLD_CHECK_EVERY events. */
const FOLD_SLICE_MS = 8;
const FOLD_CHECK_EVERY = 512;

function runMeta(r: RunHeader): RunMeta {
  const run: RunMeta = { id: r.id, totals: r.totals };
  if (r.title !== undefined) run.title = r.title;
  if (r.model !== undefined) run.model = r.model;
  if (r.agentName !== undefined) run.agentName = r.agentName;
  if (r.providerTotals) run.providerTotals = r.providerTotals;
  return run;
}

export class BreakdownView {
  readonly element: HTMLElement;
  private readonly tabs = new Map<TabId, HTMLButtonElement>();
  private readonly panel: HTMLElement;
  private readonly nav: HTMLElement;
  private readonly summary: HTMLElement;
  private tab: TabId = 'runs';
  private data: Breakdown | undefined;
  private stale = true;
  private open: boolean;
  /** The events of the row last opened, as store indexes, and where the walk is. */
  private walk: { label: string; indexes: number[]; at: number } | undefined;

  constructor(private readonly ctx: RenderContext) {
    this.open = ctx.ui.isExpanded(EXPANDED_KEY, false);
    const region = el('div', { class: 'breakdown__body', attrs: { id: uniqueId('breakdown') } });
    const toggle = disclosure({
      label: 'Where the tokens, money and time went',
      expanded: this.open,
      controls: region.id,
      onToggle: (next) => {
        ctx.ui.setExpanded(EXPANDED_KEY, false, next);
        this.open = next;
        region.hidden = !next;
        if (next) this.draw();
      },
    });
    this.summary = el('span', { class: 'breakdown__summary' });
    const tablist = el('div', { class: 'breakdown__tabs', attrs: { role: 'tablist', 'aria-label': 'Break down by' } });
    this.panel = el('div', { class: 'breakdown__panel', attrs: { role: 'tabpanel', id: uniqueId('breakdown-panel'), tabindex: '0' } });
    for (const t of TABS) {
      const b = el('button', {
        class: 'breakdown__tab',
        text: t.label,
        attrs: { type: 'button', role: 'tab', id: uniqueId('breakdown-tab'), 'aria-controls': this.panel.id, 'data-tab': t.id },
      });
      b.addEventListener('click', () => this.select(t.id, false));
      b.addEventListener('keydown', (ev) => this.onTabKey(ev, t.id));
      this.tabs.set(t.id, b);
      tablist.append(b);
    }
    this.nav = el('div', { class: 'breakdown__nav', attrs: { role: 'status', 'aria-live': 'polite' } });
    region.append(tablist, this.panel, this.nav);
    region.hidden = !this.open;
    const explain = el('button', {
      class: 'breakdown__action',
      text: 'Explain with the editor’s model',
      attrs: { type: 'button', title: "Ask the editor's language model (Copilot or another) about this session in the Chat view" },
    });
    explain.addEventListener('click', () => ctx.ask?.({ type: 'explain' }));
    this.element = el('section', { class: 'breakdown', attrs: { 'aria-label': 'Breakdown' } }, [
      el('div', { class: 'breakdown__head' }, [toggle.element, this.summary, explain]),
      region,
    ]);
    this.markTabs();
  }

  /** The store changed: fold in what arrived, and redraw soon when shown. */
  onStoreChange(change: StoreChange): void {
    if (this.disposed) return;
    if (change.type === 'loading' || change.type === 'begin') {
      // Another session (or the same one loaded again): nothing of the last one stays.
      this.forget();
      return;
    }
    if (change.type === 'update') for (const i of change.indexes) if (i < this.folded) this.replaced.add(i);
    if (change.type === 'end' && change.header && this.live) {
      // The full header (a session read in slices): the session's totals and every run's, folded in again.
      const h = change.header;
      this.live.setSession({ agentName: h.agentName, agentId: h.agentId, totals: h.totals, providerTotals: h.providerTotals });
      this.runsFolded = 0;
    }
    if (change.type !== 'append' && change.type !== 'update' && change.type !== 'run' && change.type !== 'end') return;
    this.stale = true;
    if (!this.open) return this.foldSoon();
    this.fold();
    if (this.pending) return;
    // The first change after a quiet spell draws in the next frame; then at most every REDRAW_MS.
    const wait = Math.max(0, REDRAW_MS - (performance.now() - this.drawnAt));
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.open && this.stale) this.draw();
    }, wait);
  }

  /** The session view that owns this one is gone: no redraw comes, and no figure of its session stays. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.pending);
    clearTimeout(this.background);
    this.pending = undefined;
    this.forget();
    clear(this.panel);
  }

  private disposed = false;

  private forget(): void {
    clearTimeout(this.background);
    this.background = undefined;
    this.live = undefined;
    this.folded = this.runsFolded = 0;
    this.replaced.clear();
    this.data = undefined;
    this.drawnTable = undefined;
    this.shown.clear();
    this.walk = undefined;
    clear(this.nav);
    this.stale = true;
  }

  private pending: ReturnType<typeof setTimeout> | undefined;
  private drawnAt = -Infinity;
  private draws = 0;
  private live: BreakdownBuilder | undefined;
  /** Store events [0, folded) and runs [0, runsFolded) are in `live`; `replaced` were sent again since. */
  private folded = 0;
  private runsFolded = 0;
  private readonly replaced = new Set<number>();

  /**
   * Folded away, the breakdown is not brought up to date with every chunk of a session still
   * loading: the load comes first (at 100,000 events the folds were a tenth of the page's work).
   * Once it has loaded, what is left is folded a slice a task, so that opening it is quick.
   */
  private foldSoon(): void {
    if (this.background !== undefined || this.ctx.store.status === 'streaming') return;
    const slice = () => {
      this.background = undefined;
      if (this.disposed || this.open) return;
      this.fold(performance.now() + FOLD_SLICE_MS);
      if (this.folded < this.ctx.store.events.length) this.background = setTimeout(slice, 0);
    };
    this.background = setTimeout(slice, 0);
  }

  private background: ReturnType<typeof setTimeout> | undefined;

  /** Folds what the store got since the last fold into the live breakdown (each event once), until `deadline` when given. */
  private fold(deadline = Infinity): BreakdownBuilder | undefined {
    const { store } = this.ctx;
    const header = store.header;
    if (!header) return undefined;
    const started = performance.now();
    this.live ??= new BreakdownBuilder(
      { agentName: header.agentName, agentId: header.agentId, totals: header.totals, providerTotals: header.providerTotals },
      { top: 10 },
    );
    for (; this.runsFolded < store.runs.length; this.runsFolded++) this.live.setRun(runMeta(store.runs[this.runsFolded]!));
    for (const i of this.replaced) this.live.put(i, store.events[i]!.event);
    this.replaced.clear();
    const events = store.events;
    while (this.folded < events.length) {
      const stop = deadline === Infinity ? events.length : Math.min(events.length, this.folded + FOLD_CHECK_EVERY);
      for (; this.folded < stop; this.folded++) this.live.put(this.folded, events[this.folded]!.event);
      if (performance.now() >= deadline) break;
    }
    this.foldMs += performance.now() - started;
    // For the tests: how far the fold has come.
    document.body.dataset.breakdownFolded = String(this.folded);
    return this.live;
  }

  /** Time spent folding since the last draw (the tests and the benchmark read it). */
  private foldMs = 0;

  private compute(): Breakdown {
    if (this.stale || !this.data) {
      const started = performance.now();
      const live = this.fold();
      if (!live) return (this.data ??= new BreakdownBuilder({ totals: { tokens: {} } }).result());
      this.data = live.result();
      // For the tests and the benchmark: what bringing the breakdown up to date cost on this page
      // (the folds since the last draw, and reading the result).
      document.body.dataset.breakdownMs = (this.foldMs + performance.now() - started).toFixed(2);
      this.foldMs = 0;
      this.stale = false;
    }
    return this.data;
  }

  private draw(): void {
    if (this.disposed) return;
    const started = performance.now();
    const b = this.compute();
    // A redraw while the session streams keeps the keyboard on the row it was on.
    const focused =
      document.activeElement instanceof HTMLElement && this.panel.contains(document.activeElement) ? document.activeElement : undefined;
    const focusKey = focused?.dataset.focusKey;
    clear(this.summary);
    this.summary.append(summaryLine(b));
    this.panel.setAttribute('aria-labelledby', this.tabs.get(this.tab)!.id);
    this.patching = true;
    const node = this.content(b);
    this.patching = false;
    if (node) {
      clear(this.panel);
      this.panel.append(node);
    }
    if (focused && focusKey !== undefined) {
      const again = [...this.panel.querySelectorAll<HTMLElement>('[data-focus-key]')].find((n) => n.dataset.focusKey === focusKey);
      (again ?? this.panel).focus();
    }
    this.drawnAt = performance.now();
    // For the tests and the benchmark: how many events the drawn figures include, and the draw's cost.
    document.body.dataset.breakdownEvents = String(this.live?.size ?? 0);
    document.body.dataset.breakdownDraws = String(++this.draws);
    document.body.dataset.breakdownDrawMs = (this.drawnAt - started).toFixed(2);
  }

  private content(b: Breakdown): Node | undefined {
    switch (this.tab) {
      case 'runs':
        return this.groupTable(b.runs, 'Run', true);
      case 'agents':
        return this.groupTable(b.agents, 'Agent', false);
      case 'models':
        return this.groupTable(b.models, 'Model', false);
      case 'tools':
        return this.toolTable(b.tools);
      case 'calls':
        return this.callTable(b.topCalls);
      case 'results':
        return this.resultTable(b.topResults);
      case 'prompt':
        return promptChart(
          b.calls,
          (call) => this.openCall(call),
          (call) => this.compare(call),
        );
    }
  }

  private select(tab: TabId, focus: boolean): void {
    this.tab = tab;
    this.markTabs();
    if (focus) this.tabs.get(tab)!.focus();
    this.draw();
  }

  private markTabs(): void {
    for (const [id, b] of this.tabs) {
      const on = id === this.tab;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      b.classList.toggle('is-selected', on);
    }
  }

  /** Tabs as the ARIA pattern has them: arrows move, Home / End jump. */
  private onTabKey(ev: KeyboardEvent, id: TabId): void {
    const i = TABS.findIndex((t) => t.id === id);
    const to =
      ev.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : ev.key === 'ArrowLeft'
          ? (i - 1 + TABS.length) % TABS.length
          : ev.key === 'Home'
            ? 0
            : ev.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    ev.preventDefault();
    this.select(TABS[to]!.id, true);
  }

  // ---- tables ---------------------------------------------------------------------------------

  /**
   * A table of rows; on a redraw of the same tab with the same rows in the same places (a session
   * streaming: new rows come last) only the rows whose figures changed are drawn again, so a long
   * run list costs its changed rows, not all of them. Returns undefined when it patched the table
   * already on the page.
   */
  private table(head: string[], all: Row[]): HTMLElement | undefined {
    const last = this.drawnTable;
    const headKey = head.join('\u0000');
    const key = (r: Row) => (r.data as { key?: string } | undefined)?.key ?? r.label;
    const cap = this.shown.get(this.tab) ?? ROW_CAP;
    const rows = all.length > cap ? all.slice(0, cap) : all;
    const more = all.length - rows.length;
    if (
      this.patching &&
      last &&
      last.tab === this.tab &&
      last.head === headKey &&
      last.tbody.isConnected &&
      last.more.isConnected &&
      rows.length >= last.rows.length &&
      last.rows.every((o, i) => o.key === key(rows[i]!))
    ) {
      setMore(last.more, more);
      rows.forEach((r, i) => {
        const old = last.rows[i];
        if (old && old.data !== undefined && old.data === r.data) return;
        const tr = rowElement(r);
        if (old) old.tr.replaceWith(tr);
        else last.tbody.append(tr);
        last.rows[i] = { key: key(r), data: r.data, tr };
      });
      return undefined;
    }
    const t = table(head, rows);
    const button = el('button', { class: 'breakdown__action breakdown__more', attrs: { type: 'button' } });
    const tab = this.tab;
    button.addEventListener('click', () => {
      // The button outlives the draw that made it (a redraw patches the table): read the cap now.
      // Keyboard users stay on the button (or, when all rows are drawn, on the first new row).
      const firstNew = this.shown.get(tab) ?? ROW_CAP;
      this.shown.set(tab, firstNew + ROW_CAP);
      this.draw();
      const again = this.panel.querySelector<HTMLButtonElement>('.breakdown__more');
      if (again && !again.hidden) again.focus();
      else this.panel.querySelectorAll<HTMLElement>('.breakdown__row-link')[firstNew]?.focus();
    });
    setMore(button, more);
    this.drawnTable = {
      tab: this.tab,
      head: headKey,
      tbody: t.tbody,
      more: button,
      rows: rows.map((r, i) => ({ key: key(r), data: r.data, tr: t.trs[i]! })),
    };
    return el('div', { class: 'breakdown__tablewrap' }, [t.element, button]);
  }

  /** Rows drawn per tab, when "Show more" was pressed there. */
  private readonly shown = new Map<TabId, number>();

  private drawnTable: DrawnTable | undefined;
  /** The draw in progress may patch the table on the page (not after a tab change). */
  private patching = false;

  private groupTable(groups: Group[], what: string, isRun: boolean): Node | undefined {
    if (!groups.length) return el('p', { class: 'breakdown__empty', text: `No ${what.toLowerCase()} figures in this session.` });
    const head = [
      what,
      'Input',
      'Output',
      'Cache read',
      'Cache write',
      'Reasoning',
      'Cost',
      'Cache hit',
      'Model time',
      'Tool time',
      'Model calls',
      'Tool calls',
      'Errors',
      // A run's time to its first token, as the provider measured it.
      ...(isRun ? ['First token'] : []),
    ];
    const rows = groups.map((g) => {
      const label = g.role && g.role !== 'agent' ? `${g.label} (${g.role})` : g.label;
      const open = () => (isRun ? this.openRun(g) : this.openIds(label, g.eventIds ?? []));
      const cells = () => [...figureCells(g), ...(isRun ? [formatDuration(g.ttftMs)] : [])];
      return { label, open, cells, note: isRun ? providerNote(g) : undefined, data: g };
    });
    return this.table(head, rows);
  }

  private toolTable(groups: Group[]): Node | undefined {
    if (!groups.length) return el('p', { class: 'breakdown__empty', text: 'No tools ran in this session.' });
    const sorted = [...groups].sort((a, b) => (b.resultChars ?? 0) - (a.resultChars ?? 0));
    return this.table(
      ['Tool', 'Calls', 'Errors', 'Tool time', 'Result size'],
      sorted.map((g) => ({
        label: g.label,
        open: () => this.openIds(g.label, g.eventIds ?? []),
        cells: () => [
          formatCount(g.toolCalls),
          formatCount(g.errors),
          formatDuration(g.toolMs),
          g.resultChars === undefined ? UNKNOWN : formatBytes(g.resultChars),
        ],
      })),
    );
  }

  private callTable(calls: ModelCall[]): Node | undefined {
    if (!calls.length) return el('p', { class: 'breakdown__empty', text: 'No model call in this session reports tokens or cost.' });
    return this.table(
      ['Model call', 'Model', 'Agent', 'Prompt', 'Output', 'Cache hit', 'Cost', 'Time', 'First token'],
      calls.map((c) => ({
        label: `#${c.index + 1} ${kindLabel(c.kind)}`,
        open: () => this.openCall(c),
        cells: () => [
          c.model ?? UNKNOWN,
          c.agent,
          formatCount(c.promptTokens),
          formatCount(c.tokens.output),
          rate(c.cacheHitRate),
          formatCost(c.costUsd),
          formatDuration(c.latencyMs),
          formatDuration(c.ttftMs),
        ],
      })),
    );
  }

  private resultTable(results: ToolResultSize[]): Node | undefined {
    if (!results.length) return el('p', { class: 'breakdown__empty', text: 'No tool results in this session.' });
    return this.table(
      ['Tool result', 'Size', 'Failed'],
      results.map((r) => ({
        label: r.name ?? '(unnamed tool)',
        open: () => this.openIds(`${r.name ?? 'tool'} result`, [r.eventId, ...(r.callEventId ? [r.callEventId] : [])], true),
        cells: () => [formatBytes(r.chars), r.isError ? 'yes' : 'no'],
      })),
    );
  }

  // ---- opening a row's events -----------------------------------------------------------------

  private openRun(g: Group): void {
    const runId = g.key.slice(g.key.indexOf(':') + 1);
    const indexes: number[] = [];
    for (const s of this.ctx.store.events) if (s.event.runId === runId) indexes.push(s.index);
    this.startWalk(g.label, indexes);
  }

  private openCall(c: ModelCall): void {
    this.openIds(`model call #${c.index + 1}`, [c.eventId]);
  }

  private openIds(label: string, ids: readonly string[], keepOrder = false): void {
    const indexes = ids.map((id) => this.ctx.store.indexOfId(id)).filter((i): i is number => i !== undefined);
    this.startWalk(label, keepOrder ? indexes : indexes.sort((a, b) => a - b));
  }

  private compare(c: ModelCall): void {
    this.ctx.ask?.({ type: 'compareRequests', eventId: c.eventId });
  }

  private startWalk(label: string, indexes: number[]): void {
    this.walk = { label, indexes, at: 0 };
    this.step(0);
  }

  private step(delta: number): void {
    const w = this.walk;
    clear(this.nav);
    if (!w) return;
    if (!w.indexes.length) {
      this.nav.append(el('span', { text: `${w.label}: no events to show.` }));
      return;
    }
    w.at = Math.max(0, Math.min(w.indexes.length - 1, w.at + delta));
    const shown = this.ctx.reveal(w.indexes[w.at]!);
    const prev = navButton('arrow-up', 'Previous event', w.at > 0, () => this.step(-1));
    const next = navButton('arrow-down', 'Next event', w.at < w.indexes.length - 1, () => this.step(1));
    this.nav.append(
      el('span', {
        class: 'breakdown__nav-text',
        text: `${w.label}: event ${formatCount(w.at + 1)} of ${formatCount(w.indexes.length)}${shown ? '' : ' (hidden by the filters)'}`,
      }),
      prev,
      next,
    );
  }
}

// ---- pieces ---------------------------------------------------------------------------------------

interface Row {
  label: string;
  open: () => void;
  /** Formatted only when the row is drawn (a live redraw keeps the rows whose figures did not change). */
  cells: () => string[];
  note?: string;
  /** The figures the row shows: the same object means the same row (see BreakdownView.table). */
  data?: object;
}

/** A drawn table that a redraw of the same tab can patch: its rows by place, with what they show. */
interface DrawnTable {
  tab: TabId;
  head: string;
  tbody: HTMLElement;
  /** Its "Show more" button (hidden when every row is drawn). */
  more: HTMLButtonElement;
  rows: Array<{ key: string; data: object | undefined; tr: HTMLElement }>;
}

function setMore(button: HTMLButtonElement, more: number): void {
  button.hidden = more <= 0;
  const n = Math.min(more, ROW_CAP);
  button.textContent = `Show ${formatCount(n)} more (${formatCount(more)} not shown)`;
}

function rowElement(r: Row): HTMLElement {
  const button = el('button', {
    class: 'breakdown__row-link',
    text: r.label,
    attrs: { type: 'button', title: `Show the events of ${r.label}`, 'data-focus-key': r.label },
  });
  button.addEventListener('click', r.open);
  const first = el('th', { attrs: { scope: 'row' } }, [button, r.note ? el('span', { class: 'breakdown__note', text: r.note }) : null]);
  return el('tr', {}, [first, ...r.cells().map((c) => el('td', { class: c === UNKNOWN ? 'num is-unknown' : 'num', text: c }))]);
}

function table(head: string[], rows: Row[]): { element: HTMLElement; tbody: HTMLElement; trs: HTMLElement[] } {
  const thead = el('thead', {}, [
    el(
      'tr',
      {},
      head.map((h, i) => el('th', { text: h, attrs: { scope: 'col', class: i ? 'num' : undefined } })),
    ),
  ]);
  const trs = rows.map(rowElement);
  const tbody = el('tbody', {}, trs);
  return { element: el('div', { class: 'breakdown__scroll' }, [el('table', { class: 'breakdown__table' }, [thead, tbody])]), tbody, trs };
}

function figureCells(f: Figures): string[] {
  const t = f.tokens;
  return [
    formatCount(t.input),
    formatCount(t.output),
    formatCount(t.cacheRead),
    formatCount(t.cacheWrite),
    formatCount(t.reasoning),
    formatCost(f.costUsd),
    rate(f.cacheHitRate),
    formatDuration(f.modelMs),
    formatDuration(f.toolMs),
    formatCount(f.modelCalls),
    formatCount(f.toolCalls),
    formatCount(f.errors),
  ];
}

/** A run's provider figures that differ from ours, said beside the row (never resolved silently). */
function providerNote(g: Group): string | undefined {
  if (!g.mismatches?.length) return undefined;
  return `provider says ${g.mismatches.map((m) => `${m.field.replace('tokens.', '')} ${m.field === 'costUsd' ? formatCost(m.reported) : formatCount(m.reported)}`).join(', ')}`;
}

function rate(r: number | undefined): string {
  return r === undefined ? UNKNOWN : `${(r * 100).toFixed(r >= 0.995 || r < 0.005 ? 0 : 1)}%`;
}

function kindLabel(kind: string): string {
  return kind.replace(/_/g, ' ');
}

function summaryLine(b: Breakdown): string {
  const s = b.session;
  const parts = [
    `${formatCount(tokenSum(s.tokens))} tokens`,
    formatCost(s.costUsd),
    `cache hit ${rate(s.cacheHitRate)}`,
    `model ${formatDuration(s.modelMs)}`,
    `tools ${formatDuration(s.toolMs)}`,
  ];
  if (b.mismatches.length) parts.push(`provider differs on ${b.mismatches.map((m) => m.field.replace('tokens.', '')).join(', ')}`);
  return parts.join(' · ');
}

function navButton(icon: string, label: string, enabled: boolean, onClick: () => void): HTMLButtonElement {
  const b = el('button', { class: 'breakdown__nav-button', attrs: { type: 'button', 'aria-label': label, title: label } }, [codicon(icon)]);
  b.disabled = !enabled;
  b.addEventListener('click', onClick);
  return b;
}
