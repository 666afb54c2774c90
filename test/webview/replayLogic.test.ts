// The replay's pure parts in plain Node: the projection (filters, folded runs, hidden later
// events), the replay clock (pacing by timestamps, idle gaps capped) and the player's steps.
import * as assert from 'assert';
import type { SessionEvent } from '../../src/model';
import { IDLE_CAP_MS, ReplayClock, UNTIMED_STEP_MS } from '../../webview/replay/clock';
import { Player } from '../../webview/replay/player';
import { SessionStore } from '../../webview/store/sessionStore';
import { NO_FILTER, nextEvent, prevEvent, project, visibleCount } from '../../webview/virtual/projection';
import { beginMessage, events as eventsOf } from '../builders';

function load(events: SessionEvent[], runs = ['r1', 'r2']): SessionStore {
  const store = new SessionStore();
  store.apply(beginMessage(runs, events.length));
  store.apply({ type: 'session/events', events });
  store.apply({ type: 'session/end' });
  return store;
}

const T = Date.parse('2026-01-01T00:00:00Z');
const r1 = eventsOf('r1');
const r2 = eventsOf('r2', 'f');
const events: SessionEvent[] = [
  r1.user('hi', { timeMs: T }),
  r1.toolCall('x', {}, { callId: 'c', timeMs: T + 500 }),
  r1.toolResult(1, { callId: 'c', isError: true, timeMs: T + 800 }),
  r2.assistant('later', { timeMs: T + 60_000 }),
  r2.error('boom'),
];

describe('replay logic (Node)', () => {
  it('projects run headings and events, filters, folds and hides what follows the cursor', () => {
    const store = load(events);
    const p = project(store, NO_FILTER, () => false);
    assert.deepStrictEqual(Array.from(p.items), [-1, 0, 1, 2, -2, 3, 4]);
    assert.deepStrictEqual(Array.from(p.keys), [0, 0, 1, 2, 3, 3, 4]);
    assert.strictEqual(visibleCount(p, 1), 3, 'heading, a, b');
    assert.strictEqual(visibleCount(p, 2), 4, 'run 2 not reached: its heading hides too');
    const errors = project(store, { hiddenKinds: new Set(), onlyErrors: true }, () => false);
    assert.deepStrictEqual(Array.from(errors.events), [2, 4]);
    assert.deepStrictEqual(Array.from(errors.items), [-1, 2, -2, 4]);
    const folded = project(store, NO_FILTER, (id) => id === 'r1');
    assert.deepStrictEqual(Array.from(folded.items), [-1, -2, 3, 4]);
    assert.deepStrictEqual(Array.from(folded.events), [0, 1, 2, 3, 4], 'replay still steps into a folded run');
    const noTools = project(store, { hiddenKinds: new Set(['tool_call', 'tool_result']), onlyErrors: false }, () => false);
    assert.strictEqual(nextEvent(noTools, 1), 3);
    assert.strictEqual(prevEvent(noTools, 2), 0);
  });

  it('paces by timestamps, caps idle gaps and remembers them', () => {
    const store = load(events);
    const clock = new ReplayClock();
    clock.extend(store);
    assert.deepStrictEqual(clock.at, [0, 500, 800, 800 + IDLE_CAP_MS, 800 + IDLE_CAP_MS + UNTIMED_STEP_MS]);
    assert.deepStrictEqual([...clock.idleBefore], [[3, 59_200]]);
    assert.strictEqual(clock.delay(0, 1), 500);
    assert.strictEqual(clock.delay(2, 3), IDLE_CAP_MS);
  });

  it('plays, steps, seeks and waits for more at the end of a growing session', () => {
    const store = load(events);
    const clock = new ReplayClock();
    clock.extend(store);
    const p = project(store, NO_FILTER, () => false);
    const timers: Array<{ fn: () => void; ms: number }> = [];
    let grows = false;
    const player = new Player({
      first: () => p.events[0]!,
      last: () => p.events[p.events.length - 1]!,
      next: (i) => nextEvent(p, i + 1),
      prev: (i) => prevEvent(p, i - 1),
      delay: (a, b) => clock.delay(a, b),
      mayGrow: () => grows,
      changed: () => undefined,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
    });
    player.stepForward();
    assert.strictEqual(player.cursor, 0, 'from the full view, stepping starts at the beginning');
    player.speed = 2;
    player.play();
    assert.strictEqual(timers.at(-1)!.ms, 250, '500 ms at 2×');
    timers.at(-1)!.fn();
    assert.strictEqual(player.cursor, 1);
    player.seek(3);
    assert.strictEqual(player.cursor, 3);
    grows = true;
    timers.at(-1)!.fn();
    assert.strictEqual(player.cursor, 4);
    assert.ok(player.playing && player.waiting, 'waits at the end of a growing session');
    player.stepBack();
    assert.strictEqual(player.cursor, 3);
    assert.ok(!player.playing);
    player.stop();
    assert.strictEqual(player.cursor, null);
  });
});
