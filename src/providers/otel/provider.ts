// "Local traces": the sessions the trace receiver has stored, as a SessionProvider the tree and the
// inspector use like any other. Agents are what the spans named (gen_ai.agent.name, else the
// service), sessions newest first.
import type { Agent, Connection, Session, SessionSummary } from '../../model';
import { ProviderError, type Page, type SessionProvider } from '../types';
import type { TraceStore } from './store';

export const LOCAL_TRACES_ID = 'otel-local';

export class LocalTracesProvider implements SessionProvider {
  constructor(
    readonly connection: Connection,
    private readonly store: TraceStore,
  ) {}

  async listAgents(): Promise<Agent[]> {
    return this.store
      .agents()
      .map((a) => ({ id: a.id, name: a.name, description: `${a.sessions} session${a.sessions === 1 ? '' : 's'} received`, type: 'agent' }));
  }

  async listSessions(agentId: string, cursor: string | undefined, pageSize: number): Promise<Page<SessionSummary>> {
    const all = this.store.summaries(agentId);
    const from = cursor ? Math.max(0, Number(cursor) || 0) : 0;
    const items = all.slice(from, from + pageSize);
    return from + pageSize < all.length ? { items, nextCursor: String(from + pageSize) } : { items };
  }

  async getSession(_agentId: string, sessionId: string): Promise<Session> {
    const s = this.store.session(sessionId);
    if (!s)
      throw new ProviderError(
        'not_found',
        `No received session "${sessionId}": it may have been cleared or dropped by the retention settings.`,
      );
    return s;
  }
}
