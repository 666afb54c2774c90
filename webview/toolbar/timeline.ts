// The timeline: a compact waterfall above the list. The top lane has one bar per run, the lower
// lane one bar per step, placed on the replay clock (idle gaps cut short and ticked) and as wide
// as the step's latency. Clicking a bar jumps there. Drawn on a canvas from bins each event is
// folded into once (timelineBins.ts), so a redraw costs the same at 100 events as at a million and
// is made at most once a frame; a marker shows the replay's current event.
import { el } from '../dom';
import { DisposableStore, type Disposable } from '../lifecycle';
import { formatDuration } from '../format';
import { IDLE_CAP_MS, type ReplayClock } from '../replay/clock';
import type { SessionStore } from '../store/sessionStore';
import { KIND_LABELS } from './filters';
import { RunBar, TimelineBins, type Lane } from './timelineBins';

const RUN_LANE = 8;
const GAP = 3;
const STEP_LANE = 16;
const HEIGHT = RUN_LANE + GAP + STEP_LANE;
const MIN_BAR_PX = 2;
/** Redraws while a session streams in: the bars grow smoothly enough at a few a second. */
const MIN_REDRAW_MS = 200;
/** The run lane's two tones, as bin keys (colour keys are CSS variable names, which cannot clash). */
const RUN_KEY = 'run:';
const ERROR_KEY = '--ai-error';
const runKey = (run: number) => `${RUN_KEY}${run % 2}`;
/** A step's bar: as long as its latency, up to the idle cap. */
const barMs = (latency: number | undefined) => (typeof latency === 'number' && latency > 0 ? Math.min(latency, IDLE_CAP_MS) : 0);

const KIND_COLOUR: Record<string, string> = {
  user_message: '--ai-accent-user',
  assistant_message: '--ai-accent-assistant',
  tool_call: '--ai-accent-tool',
  tool_result: '--ai-accent-tool',
  code_execution: '--ai-accent-code',
  model_call: '--ai-accent-model',
  other: '--ai-accent-other',
  reasoning: '--ai-accent-muted',
  system_message: '--ai-accent-muted',
  error: '--ai-error',
  pending_input: '--ai-warning',
};

export class Timeline {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly marker: HTMLElement;
  private scale = 1;
  private cursor: number | null = null;
  private pending = false;
  private lastDraw = -Infinity;
  private readonly passes: Disposable[] = [];
  private readonly disposables = new DisposableStore();
  /** The bars of the events folded in so far, and where the folding stopped. */
  private readonly bins = new TimelineBins();
  private folded = 0;
  private runs = 0;
  private lastRunId: string | undefined;
  private nextError = 0;
  /** The run folded last, so far (one bar a run, not one an event: half the bars to fold at a million events). */
  private readonly runBar = new RunBar();

  constructor(
    private readonly store: SessionStore,
    private readonly clock: ReplayClock,
    private readonly jump: (index: number) => void,
  ) {
    this.canvas = el('canvas', { class: 'timeline__canvas', attrs: { height: String(HEIGHT) } });
    this.marker = el('div', { class: 'timeline__marker', attrs: { 'aria-hidden': 'true' } });
    this.marker.hidden = true;
    this.element = el('div', { class: 'timeline', attrs: { role: 'img', 'aria-label': 'Timeline of runs and steps' } }, [
      this.canvas,
      this.marker,
    ]);
    this.canvas.addEventListener('click', (e) => {
      const i = this.hit(e.offsetX, e.offsetY);
      if (i >= 0) this.jump(i);
    });
    this.canvas.addEventListener('mousemove', (e) => {
      const i = this.hit(e.offsetX, e.offsetY);
      this.canvas.title = i >= 0 ? this.describe(i, e.offsetY < RUN_LANE + GAP / 2) : '';
    });
    this.disposables.resizeObserver(() => this.invalidate()).observe(this.element);
  }

  /** Stops observing and drawing. */
  dispose(): void {
    this.disposables.dispose();
  }

  /**
   * Redraws in a frame (once, however often it is asked), and not sooner than MIN_REDRAW_MS after
   * the last: a streaming session asks with every chunk, a few hundred times a second.
   */
  invalidate(): void {
    if (this.pending || this.disposables.isDisposed) return;
    this.pending = true;
    const run = () => {
      for (const pass of this.passes.splice(0)) this.disposables.delete(pass);
      if (this.pending) this.draw();
    };
    // requestAnimationFrame does not fire while the panel is hidden; the timeout keeps going.
    const inFrame = () => this.passes.push(this.disposables.frame(run), this.disposables.timeout(run, 100));
    const wait = this.lastDraw + MIN_REDRAW_MS - performance.now();
    if (wait > 0) this.passes.push(this.disposables.timeout(inFrame, wait));
    else inFrame();
  }

  /** Events already drawn changed (a streamed answer replaced, an error found): folded in again. */
  rebuild(): void {
    this.unfold();
    this.invalidate();
  }

  private unfold(): void {
    this.bins.clear();
    this.folded = 0;
    this.runs = 0;
    this.lastRunId = undefined;
    this.nextError = 0;
  }

  setCursor(index: number | null): void {
    this.cursor = index;
    this.placeMarker();
  }

  private width(index: number): number {
    return barMs(this.store.events[index]?.event.latencyMs);
  }

  private draw(): void {
    const started = performance.now();
    this.paint();
    // For the benchmark: what the timeline cost while a session streamed in.
    performance.measure('inspector:timeline', { start: started });
    this.lastDraw = performance.now();
  }

  /**
   * Folds the events that arrived since into the bins: the run lane covers each run from its first
   * event to its last one's end, alternating two tones; the step lane each step from its start for
   * its latency, in its kind's colour (an error's own).
   */
  private fold(n: number): void {
    if (n < this.folded) this.unfold();
    const errors = this.store.errorIndexes;
    const at = this.clock.at;
    const events = this.store.events;
    const error = this.bins.lane(ERROR_KEY);
    const byKind = new Map<string, Lane>();
    const bar = this.runBar;
    for (let i = this.folded; i < n; i++) {
      const e = events[i]!.event;
      const end = at[i]! + barMs(e.latencyMs);
      if (e.runId !== this.lastRunId) {
        if (this.runs) bar.addTo(this.bins, runKey(this.runs - 1));
        this.lastRunId = e.runId;
        this.runs++;
        bar.begin(at[i]!, end);
      }
      // A run's bar has no holes: from the run's event before to this one's end.
      else bar.extend(at[i - 1]!, end);
      while (this.nextError < errors.length && errors[this.nextError]! < i) this.nextError++;
      let lane = errors[this.nextError] === i ? error : byKind.get(e.kind);
      if (!lane) byKind.set(e.kind, (lane = this.bins.lane(KIND_COLOUR[e.kind] ?? '--ai-accent-muted')));
      this.bins.add(lane, at[i]!, end);
    }
    // The last run may go on in the next chunk: its bar so far now, the rest of it then.
    if (this.runs) bar.addTo(this.bins, runKey(this.runs - 1));
    this.folded = n;
  }

  private paint(): void {
    this.pending = false;
    const n = Math.min(this.clock.at.length, this.store.events.length);
    const cssWidth = this.element.clientWidth;
    if (!cssWidth) return;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(cssWidth * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssWidth, HEIGHT);
    const span = n ? this.clock.at[n - 1]! + Math.max(this.width(n - 1), 1) : 1;
    // Room at the right for the last bar's minimum width.
    this.scale = Math.max(1, cssWidth - MIN_BAR_PX * 2) / span;
    const style = getComputedStyle(this.element);
    const colour = (v: string) => style.getPropertyValue(v).trim() || style.color;
    this.fold(n);

    const columns = this.canvas.width;
    const columnsPerMs = this.scale * ratio;
    // Runs: two tones, so neighbours stay apart, and a pixel's gap at each run's end (at least a pixel wide).
    for (const tone of [0, 1]) {
      g.fillStyle = colour(tone ? '--timeline-run-b' : '--timeline-run-a');
      this.bins.stretches(runKey(tone), columns, columnsPerMs, (from, to) =>
        g.fillRect(from / ratio, 0, (Math.max(from + ratio, to - ratio) - from) / ratio, RUN_LANE),
      );
    }
    // Idle gaps that the clock cut short: a tick across both lanes.
    g.fillStyle = colour('--timeline-idle');
    for (const i of this.clock.idleBefore.keys()) if (i < n) g.fillRect(Math.round(this.clock.at[i]! * this.scale) - 1, 0, 1, HEIGHT);

    // Steps, per colour, each at least MIN_BAR_PX wide; errors last, over the rest.
    for (const key of [...this.bins.keys].filter((k) => !k.startsWith(RUN_KEY) && k !== ERROR_KEY).concat(ERROR_KEY)) {
      g.globalAlpha = key === ERROR_KEY ? 1 : 0.75;
      g.fillStyle = colour(key);
      this.bins.stretches(key, columns, columnsPerMs, (from, to) =>
        g.fillRect(from / ratio, RUN_LANE + GAP, (Math.max(to, from + MIN_BAR_PX * ratio) - from) / ratio, STEP_LANE),
      );
    }
    g.globalAlpha = 1;
    const runs = this.runs;
    this.element.setAttribute('aria-label', `Timeline of ${runs} run${runs === 1 ? '' : 's'} and ${n} steps; click a bar to jump to it`);
    this.placeMarker();
  }

  private placeMarker(): void {
    const i = this.cursor;
    if (i === null || this.clock.at[i] === undefined) {
      this.marker.hidden = true;
      return;
    }
    this.marker.hidden = false;
    this.marker.style.left = `${Math.round(this.clock.at[i]! * this.scale)}px`;
  }

  /** The event under a point: the last one that starts at or before it (a run's first event in the run lane). */
  private hit(x: number, y: number): number {
    const at = this.clock.at;
    const n = Math.min(at.length, this.store.events.length);
    if (!n) return -1;
    const t = x / this.scale;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    let i = Math.max(0, lo - 1);
    if (y < RUN_LANE + GAP / 2) {
      const runId = this.store.events[i]!.event.runId;
      while (i > 0 && this.store.events[i - 1]!.event.runId === runId) i--;
    }
    return i;
  }

  private describe(i: number, run: boolean): string {
    const s = this.store.events[i]!;
    const runIndex = this.store.runs.findIndex((r) => r.id === s.event.runId);
    const e = s.event;
    const name = 'name' in e && e.name ? ` ${e.name}` : '';
    const latency = e.latencyMs !== undefined ? ` · ${formatDuration(e.latencyMs)}` : '';
    const idle = this.clock.idleBefore.get(i);
    const idleText = idle ? ` · after ${formatDuration(idle)} idle` : '';
    if (run)
      return `Run ${runIndex + 1}${this.store.runs[runIndex]?.title ? ` · ${this.store.runs[runIndex]!.title}` : ''} — click to jump to its start`;
    return `Run ${runIndex + 1} · ${KIND_LABELS[e.kind].replace(/s$/, '')}${name}${latency}${idleText}`;
  }
}
