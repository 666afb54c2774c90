// The webview's event store in plain Node: where events sit in the call tree and which result
// answers which call, independent of how they are drawn.
import * as assert from 'assert';
import type { SessionEvent } from '../../src/model';
import { SessionStore, type StoreChange } from '../../webview/store/sessionStore';
import { beginMessage, events as eventsOf } from '../builders';
import { everyKindSession, hostMessages } from './fixtures';

describe('webview SessionStore', () => {
  function load(events: SessionEvent[]): SessionStore {
    const store = new SessionStore();
    store.apply(beginMessage([{ id: 'r', eventCount: events.length }], events.length));
    store.apply({ type: 'session/events', events });
    store.apply({ type: 'session/end' });
    return store;
  }

  it('places results beside their calls and nested calls under their parents', () => {
    const store = new SessionStore();
    const changes: StoreChange['type'][] = [];
    store.subscribe((c) => changes.push(c.type));
    for (const m of hostMessages(everyKindSession(), 5)) assert.strictEqual(store.apply(m), undefined);
    assert.strictEqual(store.status, 'complete');
    assert.deepStrictEqual(changes, ['begin', 'append', 'append', 'append', 'append', 'end']);
    const at = (id: string) => store.get(store.indexOfId(id)!)!;
    assert.deepStrictEqual(
      ['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'].map((id) => at(id).depth),
      [0, 0, 0, 1, 1, 1, 0],
    );
    assert.strictEqual(at('e5').callIndex, at('e4').index);
    assert.strictEqual(at('e10').callIndex, at('e6').index);
    assert.deepStrictEqual(store.resultsOf(at('e6').index), [at('e10').index]);
    assert.strictEqual(at('e7').orphan, undefined);
  });

  it('keeps events whose call or parent is missing, and says so', () => {
    const e = eventsOf('r');
    const store = load([
      e.toolResult(1, { callId: 'nowhere' }),
      e.toolCall('x', {}, { callId: 'c1', parentCallId: 'ghost' }),
      e.toolCall('y', {}, { callId: 'c2', parentCallId: 'c1' }),
      e.toolResult(2, { callId: 'c2' }),
    ]);
    assert.deepStrictEqual(
      store.events.map((e) => [e.event.id, e.depth, e.callIndex, e.orphan]),
      [
        ['e1', 0, undefined, undefined],
        ['e2', 1, undefined, true],
        ['e3', 2, undefined, undefined],
        ['e4', 2, 2, undefined],
      ],
    );
  });

  it('caps the depth of very deep call chains', () => {
    const e = eventsOf('r');
    const events: SessionEvent[] = Array.from({ length: 50 }, (_, i) =>
      e.toolCall('n', {}, { callId: `c${i}`, parentCallId: i ? `c${i - 1}` : undefined }),
    );
    const store = load(events);
    assert.strictEqual(store.events[49]!.depth, 12);
  });

  it('adds runs the header did not list, and refuses events outside a load', () => {
    const store = load([eventsOf('other').user('hi')]);
    assert.deepStrictEqual(
      store.runs.map((r) => r.id),
      ['r', 'other'],
    );
    assert.match(store.apply({ type: 'session/events', events: [] }) ?? '', /while complete/);
    store.apply({ type: 'session/error', message: 'boom' });
    assert.strictEqual(store.status, 'error');
    assert.match(store.apply({ type: 'session/end' }) ?? '', /while error/);
    store.apply({ type: 'session/loading', title: 'again' });
    assert.deepStrictEqual([store.status, store.events.length, store.runs.length], ['loading', 0, 0]);
  });
});
