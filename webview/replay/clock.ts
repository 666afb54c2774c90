// Replay time: when each event happens on the replay's clock. At 1× the pacing follows the
// events' own timestamps, except that a long idle gap (the user away, a scheduled run) is cut to
// IDLE_CAP_MS and remembered, so the list can mark it. Events without a time get a short default
// step. Built incrementally as events arrive.
import type { SessionStore } from '../store/sessionStore';

export const IDLE_CAP_MS = 2000;
/** Between two events when either has no timestamp. */
export const UNTIMED_STEP_MS = 400;

export class ReplayClock {
  /** Per event, milliseconds from the first event on the replay clock. */
  readonly at: number[] = [];
  /** Event index → the real idle time before it, for gaps longer than the cap. */
  readonly idleBefore = new Map<number, number>();

  reset(): void {
    this.at.length = 0;
    this.idleBefore.clear();
  }

  /** Takes in events added to the store since the last call. */
  extend(store: SessionStore): void {
    for (let i = this.at.length; i < store.events.length; i++) {
      if (i === 0) {
        this.at.push(0);
        continue;
      }
      const prev = store.events[i - 1]!.event.timeMs;
      const now = store.events[i]!.event.timeMs;
      let step = UNTIMED_STEP_MS;
      if (typeof prev === 'number' && typeof now === 'number' && Number.isFinite(prev) && Number.isFinite(now)) {
        const gap = Math.max(0, now - prev);
        step = Math.min(gap, IDLE_CAP_MS);
        if (gap > IDLE_CAP_MS) this.idleBefore.set(i, gap);
      }
      this.at.push(this.at[i - 1]! + step);
    }
  }

  /** The wait between showing event `from` and event `to` at 1× (capped, like any idle gap). */
  delay(from: number, to: number): number {
    const a = this.at[from];
    const b = this.at[to];
    if (a === undefined || b === undefined) return UNTIMED_STEP_MS;
    return Math.min(Math.max(0, b - a), IDLE_CAP_MS);
  }

  get duration(): number {
    return this.at.length ? this.at[this.at.length - 1]! : 0;
  }
}
