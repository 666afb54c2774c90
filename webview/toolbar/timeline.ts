// The timeline: a compact waterfall above the list. The top lane has one bar per run, the lower
// lane one bar per step, placed on the replay clock (idle gaps cut short and ticked) and as wide
// as the step's latency. Clicking a bar jumps there. Drawn on a canvas, so 100,000 steps cost one
// pass of fillRect; a marker shows the replay's current event.
import { el } from '../dom';
import { DisposableStore, type Disposable } from '../lifecycle';
import { formatDuration } from '../format';
import { IDLE_CAP_MS, type ReplayClock } from '../replay/clock';
import type { SessionStore } from '../store/sessionStore';
import { KIND_LABELS } from './filters';

const RUN_LANE = 8;
const GAP = 3;
const STEP_LANE = 16;
const HEIGHT = RUN_LANE + GAP + STEP_LANE;
const MIN_BAR_PX = 2;

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
  private lastDraw = 0;
  private drawCost = 0;
  private timer: Disposable | undefined;
  private readonly disposables = new DisposableStore();

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
    this.disposables.resizeObserver(() => this.invalidate(true)).observe(this.element);
  }

  /** Stops observing and drawing. */
  dispose(): void {
    this.disposables.dispose();
  }

  /** Redraws soon; while a large session streams in, at most twice a second (less when drawing is slow). */
  invalidate(now = false): void {
    if ((this.pending && !now) || this.disposables.isDisposed) return;
    if (this.timer) this.disposables.delete(this.timer);
    this.pending = true;
    // Drawing is O(events): the pause grows with its cost, so streaming 100,000 events does not
    // spend most of the page's time redrawing the timeline.
    const wait = now ? 0 : Math.max(0, Math.max(500, 10 * this.drawCost) - (performance.now() - this.lastDraw));
    this.timer = this.disposables.timeout(() => {
      this.timer = undefined;
      this.draw();
    }, wait);
  }

  setCursor(index: number | null): void {
    this.cursor = index;
    this.placeMarker();
  }

  private width(index: number): number {
    const e = this.store.events[index]?.event;
    const latency = e?.latencyMs;
    return typeof latency === 'number' && latency > 0 ? Math.min(latency, IDLE_CAP_MS) : 0;
  }

  private draw(): void {
    const started = performance.now();
    this.paint();
    this.lastDraw = performance.now();
    this.drawCost = this.lastDraw - started;
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

    // Runs: alternate two tones so neighbours stay apart.
    const runs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      const runId = this.store.events[i]!.event.runId;
      if (i === 0 || this.store.events[i - 1]!.event.runId !== runId) runs.push([i, i]);
      else runs[runs.length - 1]![1] = i;
    }
    runs.forEach(([a, b], k) => {
      g.fillStyle = colour(k % 2 ? '--timeline-run-b' : '--timeline-run-a');
      const x = this.clock.at[a]! * this.scale;
      const w = Math.max(MIN_BAR_PX, (this.clock.at[b]! + this.width(b)) * this.scale - x);
      g.fillRect(x, 0, Math.max(1, w - 1), RUN_LANE);
    });
    // Idle gaps that the clock cut short: a tick across both lanes.
    g.fillStyle = colour('--timeline-idle');
    for (const i of this.clock.idleBefore.keys()) if (i < n) g.fillRect(Math.round(this.clock.at[i]! * this.scale) - 1, 0, 1, HEIGHT);

    // Steps, one path per colour.
    const paths = new Map<string, Path2D>();
    for (let i = 0; i < n; i++) {
      const e = this.store.events[i]!.event;
      const key = this.store.isError(i) ? '--ai-error' : (KIND_COLOUR[e.kind] ?? '--ai-accent-muted');
      let path = paths.get(key);
      if (!path) paths.set(key, (path = new Path2D()));
      const x = this.clock.at[i]! * this.scale;
      path.rect(x, RUN_LANE + GAP, Math.max(MIN_BAR_PX, this.width(i) * this.scale), STEP_LANE);
    }
    for (const [key, path] of paths) {
      g.globalAlpha = key === '--ai-error' ? 1 : 0.75;
      g.fillStyle = colour(key);
      g.fill(path);
    }
    g.globalAlpha = 1;
    this.element.setAttribute(
      'aria-label',
      `Timeline of ${runs.length} run${runs.length === 1 ? '' : 's'} and ${n} steps; click a bar to jump to it`,
    );
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
