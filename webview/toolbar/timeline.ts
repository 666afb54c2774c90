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
    // For the benchmark: what the timeline cost while a session streamed in.
    performance.measure('inspector:timeline', { start: started });
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

    // Drawn as coverage per device-pixel column (a difference array per colour, then one rect per
    // covered stretch): O(events) arithmetic and O(width) rectangles, where a rectangle per event
    // cost most of a second per redraw at 100,000 events while they streamed in.
    const columns = this.canvas.width;
    const px = this.scale * ratio;
    const cover = (diff: Int32Array, x: number, w: number) => {
      const a = Math.max(0, Math.min(columns, Math.floor(x * px)));
      const b = Math.max(a + 1, Math.min(columns, Math.ceil((x + w) * px)));
      diff[a]! += 1;
      diff[b]! -= 1;
    };
    const fillCovered = (diff: Int32Array, y: number, h: number) => {
      let depth = 0;
      let from = -1;
      for (let c = 0; c <= columns; c++) {
        depth += diff[c]!;
        if (depth > 0 && from < 0) from = c;
        else if (depth <= 0 && from >= 0) {
          g.fillRect(from / ratio, y, (c - from) / ratio, h);
          from = -1;
        }
      }
    };

    // Runs: alternate two tones so neighbours stay apart; a gap of a pixel between two runs.
    const runTone = [new Int32Array(columns + 1), new Int32Array(columns + 1)];
    let runs = 0;
    for (let i = 0; i < n;) {
      const runId = this.store.events[i]!.event.runId;
      let j = i;
      while (j + 1 < n && this.store.events[j + 1]!.event.runId === runId) j++;
      const x = this.clock.at[i]! * this.scale;
      const w = Math.max(MIN_BAR_PX, (this.clock.at[j]! + this.width(j)) * this.scale - x);
      cover(runTone[runs % 2]!, x / this.scale, Math.max(1, w - 1) / this.scale);
      runs++;
      i = j + 1;
    }
    runTone.forEach((diff, k) => {
      g.fillStyle = colour(k ? '--timeline-run-b' : '--timeline-run-a');
      fillCovered(diff, 0, RUN_LANE);
    });
    // Idle gaps that the clock cut short: a tick across both lanes.
    g.fillStyle = colour('--timeline-idle');
    for (const i of this.clock.idleBefore.keys()) if (i < n) g.fillRect(Math.round(this.clock.at[i]! * this.scale) - 1, 0, 1, HEIGHT);

    // Steps, one coverage per colour.
    const steps = new Map<string, Int32Array>();
    // The errors are listed in order (errorIndexes): walked beside the events, not asked per event.
    const errors = this.store.errorIndexes;
    let nextError = 0;
    for (let i = 0; i < n; i++) {
      const e = this.store.events[i]!.event;
      while (nextError < errors.length && errors[nextError]! < i) nextError++;
      const key = errors[nextError] === i ? '--ai-error' : (KIND_COLOUR[e.kind] ?? '--ai-accent-muted');
      let diff = steps.get(key);
      if (!diff) steps.set(key, (diff = new Int32Array(columns + 1)));
      cover(diff, this.clock.at[i]!, Math.max(MIN_BAR_PX / this.scale, this.width(i)));
    }
    for (const [key, diff] of steps) {
      g.globalAlpha = key === '--ai-error' ? 1 : 0.75;
      g.fillStyle = colour(key);
      fillCovered(diff, RUN_LANE + GAP, STEP_LANE);
    }
    g.globalAlpha = 1;
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
