// Piper as a SessionProvider. Piper's public API has no listing routes, so agents and sessions
// come from what the user added by id (ProviderMemory); opening a session and chatting use the
// two known routes.
import type { Agent, Connection, Session, SessionEvent, SessionSummary } from '../../model';
import { toMillis } from '../../model/time';
import { mapOrBadResponse, type NetworkProviderOptions } from '../http';
import { ResponseShapeError, type MapContext } from '../mapping';
import { piperSlicedSession } from './fileSlices';
import { completeBytes, PiperLayoutScan } from './layoutScan';
import {
  ProviderError,
  type SlicedSession,
  type Page,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../types';
import { mapPiperCreateResponse, mapPiperSession } from './map';
import { checkPiperOrgId, PIPER_NAME, PiperClient } from './client';

export class PiperProvider implements SessionProvider {
  private readonly client: PiperClient;

  constructor(
    readonly connection: Connection,
    token: string | undefined,
    private readonly options: NetworkProviderOptions = {},
  ) {
    this.client = new PiperClient(connection.baseUrl, checkPiperOrgId(connection.orgId), token, options, connection.label);
  }

  async listAgents(): Promise<Agent[]> {
    return (this.options.memory?.agents() ?? []).map((a) => ({ id: a.id, name: a.label?.trim() || a.id }));
  }

  /** The sessions added for this agent, newest first; the cursor is an offset into that list. */
  async listSessions(agentId: string, cursor: string | undefined, pageSize: number): Promise<Page<SessionSummary>> {
    const offset = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(offset) || offset < 0)
      throw new ProviderError('validation', `Invalid page cursor "${cursor}" for Piper sessions.`);
    const size = Math.max(1, Math.floor(pageSize) || 1);
    const remembered = this.options.memory?.sessions(agentId) ?? [];
    // Sessions added without a date were added just now: they go first, latest added first.
    const dated = remembered.map((s, i) => ({ s, i, ms: toMillis(s.createdAt) }));
    dated.sort((a, b) => (a.ms === undefined ? (b.ms === undefined ? b.i - a.i : -1) : b.ms === undefined ? 1 : b.ms - a.ms || b.i - a.i));
    const items: SessionSummary[] = dated.slice(offset, offset + size).map(({ s }) => {
      const item: SessionSummary = { id: s.id, agentId, title: s.title?.trim() || `Session ${s.id.slice(0, 8)}` };
      if (s.createdAt) item.createdAt = s.createdAt;
      return item;
    });
    const page: Page<SessionSummary> = { items };
    if (offset + size < dated.length) page.nextCursor = String(offset + size);
    return page;
  }

  async getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session> {
    const payload = await this.client.sessionEvents(sessionId, signal);
    return mapOrBadResponse(PIPER_NAME, 'a session', () => mapPiperSession(payload, this.mapContext(agentId, sessionId)));
  }

  /**
   * The session's reply as bytes, mapped in slices with the files' mapper (fileSlices.ts): the
   * first events show while the rest are mapped. Undefined when the reply is not the shape to
   * slice (getSession then says what is wrong with it).
   */
  async openSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<SlicedSession | undefined> {
    const bytes = await this.client.sessionEventsBytes(sessionId, signal);
    // Only as far as its first run: the first slice does not wait for the layout of the rest.
    const layout = new PiperLayoutScan(completeBytes(bytes));
    try {
      while (!layout.finished && !layout.runTexts.length) layout.step();
    } catch {
      return undefined;
    }
    if (layout.notPiper) return undefined;
    const sliced = piperSlicedSession(bytes, layout, this.mapContext(agentId, sessionId));
    return {
      ...sliced,
      // Bytes past the first run that are not JSON: said as a reply that could not be read.
      slices: function* () {
        try {
          return yield* sliced.slices();
        } catch (e) {
          return mapOrBadResponse(PIPER_NAME, 'a session', () => {
            throw e;
          });
        }
      },
    };
  }

  private mapContext(agentId: string, sessionId: string): MapContext {
    const remembered = this.options.memory?.sessions(agentId).find((s) => s.id === sessionId);
    return {
      connectionId: this.connection.id,
      agentId,
      agentName: this.agentName(agentId),
      sessionId,
      title: remembered?.title?.trim() || undefined,
    };
  }

  /**
   * One request, one whole answer: events are handed to `onEvent` when it arrives (Piper does not
   * stream). An empty message asks for a greeting (`message: null`); `profileMetadata` goes along
   * as `profile_metadata`. Never retried: a repeat would send the message twice.
   */
  async sendMessage(req: SendMessageRequest, onEvent: (e: SessionEvent) => void, signal?: AbortSignal): Promise<SendMessageResult> {
    const payload = await this.client.createResponse(
      {
        agent_id: req.agentId,
        message: req.message.trim() ? req.message : null,
        ...(req.sessionId ? { session_id: req.sessionId } : {}),
        ...(req.profileMetadata && Object.keys(req.profileMetadata).length ? { profile_metadata: req.profileMetadata } : {}),
      },
      signal,
    );
    const result = mapOrBadResponse(PIPER_NAME, 'a response', () => mapPiperCreateResponse(payload));
    const sessionId = result.sessionId ?? req.sessionId;
    if (!sessionId) throw new ResponseShapeError('Piper', 'a response', 'session_id', 'missing (a new session needs its id)');
    for (const e of result.events) onEvent(e);
    const out: SendMessageResult = { sessionId, events: result.events };
    if (result.runId) out.runId = result.runId;
    return out;
  }

  private agentName(agentId: string): string | undefined {
    return (
      this.options.memory
        ?.agents()
        .find((a) => a.id === agentId)
        ?.label?.trim() || undefined
    );
  }
}
