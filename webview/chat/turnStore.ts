// The inspector's renderers read the call graph (which result answers which call, nesting depth)
// from a SessionStore. Each chat turn gets one, filled with the turn's events the way the inspector
// fills its own, so both pages place and draw events with the same code.
import type { SessionEvent } from '../../src/model/schema';
import { SessionStore } from '../store/sessionStore';

export function storeFor(turnId: string, events: readonly SessionEvent[]): SessionStore {
  const store = new SessionStore();
  store.apply({
    type: 'session/begin',
    header: { id: turnId, provider: 'demo', title: '', metadata: {}, runs: [], totals: { tokens: {} } },
    totalEvents: events.length,
  });
  if (events.length) store.apply({ type: 'session/events', events: [...events] });
  store.apply({ type: 'session/end' });
  return store;
}
