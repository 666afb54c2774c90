// The replay's state machine, without DOM: where the replay is (the current event), whether it
// plays, and how fast. Steps follow what the list shows (filters apply); the wait between two
// events comes from the replay clock. `cursor === null` means no replay: the whole session shows.
export type Speed = 1 | 2 | 10 | 'instant';
export const SPEEDS: readonly Speed[] = [1, 2, 10, 'instant'];

export interface PlayerDeps {
  /** First / last event that can be shown, or -1 when there is none. */
  first(): number;
  last(): number;
  /** Next shown event after `index` (-1 at the end); previous before it (-1 at the start). */
  next(index: number): number;
  prev(index: number): number;
  /** Wait before showing `to` after `from`, at 1×. */
  delay(from: number, to: number): number;
  /** More events may still come (loading, or a live session): playing waits at the end. */
  mayGrow(): boolean;
  changed(): void;
  /** Injected for tests; the page uses setTimeout. */
  setTimer?(fn: () => void, ms: number): number;
  clearTimer?(id: number): void;
}

/** "Instant" plays the whole session in about this long, one frame at a time. */
const INSTANT_MS = 1000;
const FRAME_MS = 16;

export class Player {
  cursor: number | null = null;
  playing = false;
  /** Playing, at the end, waiting for a live session to grow. */
  waiting = false;
  speed: Speed = 1;
  private timer: number | undefined;

  constructor(private readonly deps: PlayerDeps) {}

  get active(): boolean {
    return this.cursor !== null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    const last = this.deps.last();
    if (last < 0) return;
    // From the full view or the end, a replay starts at the beginning.
    if (this.cursor === null || (this.cursor >= last && !this.deps.mayGrow())) this.cursor = this.deps.first();
    this.playing = true;
    this.waiting = false;
    this.deps.changed();
    this.scheduleNext();
  }

  pause(): void {
    this.playing = false;
    this.waiting = false;
    this.stopTimer();
    this.deps.changed();
  }

  /** Leaves the replay: everything shows again. */
  stop(): void {
    this.playing = false;
    this.waiting = false;
    this.stopTimer();
    this.cursor = null;
    this.deps.changed();
  }

  stepForward(): void {
    this.pauseQuietly();
    const to = this.cursor === null ? this.deps.first() : this.deps.next(this.cursor);
    if (to >= 0) this.cursor = to;
    this.deps.changed();
  }

  stepBack(): void {
    this.pauseQuietly();
    const from = this.cursor ?? this.deps.last();
    const to = this.deps.prev(from);
    if (to >= 0) this.cursor = to;
    else if (this.cursor === null && from >= 0) this.cursor = from;
    this.deps.changed();
  }

  toStart(): void {
    this.pauseQuietly();
    const first = this.deps.first();
    if (first >= 0) this.cursor = first;
    this.deps.changed();
  }

  toEnd(): void {
    this.pauseQuietly();
    const last = this.deps.last();
    if (last >= 0) this.cursor = last;
    this.deps.changed();
  }

  /** Moves to `index` (an event that shows, or the nearest one before it); keeps playing if it was. */
  seek(index: number): void {
    let to = this.deps.prev(index + 1);
    if (to < 0) to = this.deps.first();
    if (to < 0) return;
    this.cursor = to;
    this.deps.changed();
    if (this.playing) {
      this.stopTimer();
      this.scheduleNext();
    }
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    if (this.playing) {
      this.stopTimer();
      this.scheduleNext();
    }
    this.deps.changed();
  }

  /** The session grew: a replay waiting at the end plays on. */
  grew(): void {
    if (this.playing && this.waiting) {
      this.waiting = false;
      this.scheduleNext();
    }
  }

  /** The filters changed: a cursor on an event that no longer shows moves to the one before. */
  refit(): void {
    if (this.cursor === null) return;
    const to = this.deps.prev(this.cursor);
    this.cursor = to >= 0 ? to : this.deps.first() >= 0 ? this.deps.first() : null;
  }

  private pauseQuietly(): void {
    this.playing = false;
    this.waiting = false;
    this.stopTimer();
  }

  private scheduleNext(): void {
    if (!this.playing || this.cursor === null) return;
    const from = this.cursor;
    let to = this.deps.next(from);
    if (to < 0) {
      if (this.deps.mayGrow()) this.waiting = true;
      else this.playing = false;
      this.deps.changed();
      return;
    }
    let wait: number;
    if (this.speed === 'instant') {
      // As many events per frame as it takes to finish in about a second.
      const total = Math.max(1, this.deps.last() - this.deps.first());
      const stride = Math.max(1, Math.ceil(total / (INSTANT_MS / FRAME_MS)));
      for (let k = 1; k < stride; k++) {
        const further = this.deps.next(to);
        if (further < 0) break;
        to = further;
      }
      wait = FRAME_MS;
    } else {
      wait = this.deps.delay(from, to) / this.speed;
    }
    const set = this.deps.setTimer ?? ((fn, ms) => window.setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = undefined;
      if (!this.playing) return;
      this.cursor = to;
      this.deps.changed();
      this.scheduleNext();
    }, wait);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    (this.deps.clearTimer ?? ((id) => window.clearTimeout(id)))(this.timer);
    this.timer = undefined;
  }
}
