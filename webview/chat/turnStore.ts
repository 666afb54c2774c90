// The inspector's renderers read the call graph (which result answers which call, nesting depth)
// from a SessionStore. Each chat turn gets one, filled with the turn's events the way the inspector
// fills its own, so both pages place and draw events with the same code.
import type { SessionEvent } from '../../src/model/schema';
import type { ChatTargetInfo } from '../../src/protocol/chat';
import { SessionStore } from '../store/sessionStore';

/** Who the turn was with: the chat's target, as the host sent it (its provider is the connection's registry kind). */
export type TurnOwner = Pick<ChatTargetInfo, 'provider' | 'connectionLabel' | 'agentId' | 'agentName'>;

export function storeFor(turnId: string, owner: TurnOwner, events: readonly SessionEvent[]): SessionStore {
  const store = new SessionStore();
  store.apply({
    type: 'session/begin',
    header: {
      id: turnId,
      provider: owner.provider,
      connectionLabel: owner.connectionLabel,
      agentId: owner.agentId,
      agentName: owner.agentName,
      title: '',
      metadata: {},
      runs: [],
      totals: { tokens: {} },
    },
    totalEvents: events.length,
  });
  if (events.length) store.apply({ type: 'session/events', events: [...events] });
  store.apply({ type: 'session/end' });
  return store;
}
