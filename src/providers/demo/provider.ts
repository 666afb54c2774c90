// The built-in demo source: sample sessions bundled with the extension, so a new user sees the
// inspector working at first launch without an account. Never touches the network. Chats with a
// demo agent get a scripted reply and are kept through the host (chats.ts), so they outlive a reload.
import { withTotals, type Agent, type Connection, type Session, type SessionEvent, type SessionSummary } from '../../model';
import {
  ProviderError,
  type Page,
  type ProviderKeep,
  type ProviderLog,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../types';
import { catalog, DEMO_AGENTS, summarise } from './catalog';
import { scriptedRun } from './chat';
import { DemoChats } from './chats';
import { compareNewestFirst, decodeCursor, encodeCursor, isAfter } from './cursor';
import { demoId } from './prng';

export const DEMO_CONNECTION: Connection = { id: 'demo', kind: 'demo', label: 'Demo Sessions' };

/** The demo world's "now": chats are dated after the newest sample so they sort first. */
const DEMO_NOW_MS = Date.parse('2026-11-28T12:00:00.000Z');
const DEFAULT_PAGE_SIZE = 25;

export interface DemoProviderOptions {
  /** Pause between streamed chat events, to look like a live agent (0 in tests). */
  stepDelayMs?: number;
  /** Where the chats are kept across window reloads (the host's); without it they last as long as the provider. */
  keep?: ProviderKeep;
  log?: ProviderLog;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProviderError('cancelled', 'Cancelled.');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('cancelled', 'Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The last assistant message of a stopped reply says it was cut short. */
function markInterrupted(events: SessionEvent[]): SessionEvent[] {
  const at = events.map((e) => e.kind).lastIndexOf('assistant_message');
  return at < 0 ? events : events.map((e, i) => (i === at && e.kind === 'assistant_message' ? { ...e, interrupted: true } : e));
}

function lastEventMs(session: Session): number {
  const last = session.runs.at(-1)?.events.at(-1);
  return last?.timeMs ?? (session.updatedAt ? Date.parse(session.updatedAt) : 0);
}

export class DemoProvider implements SessionProvider {
  private readonly stepDelayMs: number;
  /** Sessions created or continued by chatting; they replace the sample of the same id. */
  private readonly chats: DemoChats;
  private chatCount = 0;
  private chatClockMs = DEMO_NOW_MS;

  constructor(
    readonly connection: Connection,
    options: DemoProviderOptions = {},
  ) {
    this.stepDelayMs = options.stepDelayMs ?? 250;
    this.chats = new DemoChats({
      keep: options.keep,
      log: options.log,
      sample: (agentId, sessionId) =>
        catalog()
          .find((e) => e.summary.id === sessionId && e.summary.agentId === agentId)
          ?.load(),
      base: { provider: connection.kind, connectionId: connection.id, metadata: { channel: 'vscode' } },
    });
    // The demo's clock goes on after the chats kept from before a reload.
    for (const chat of this.chats.values()) this.chatClockMs = Math.max(this.chatClockMs, lastEventMs(chat) + 1_000);
  }

  async listAgents(signal?: AbortSignal): Promise<Agent[]> {
    throwIfAborted(signal);
    return DEMO_AGENTS.map((a) => ({ ...a }));
  }

  async listSessions(agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<SessionSummary>> {
    throwIfAborted(signal);
    this.agent(agentId);
    const size = Number.isFinite(pageSize) && pageSize >= 1 ? Math.floor(pageSize) : DEFAULT_PAGE_SIZE;
    const after = cursor ? decodeCursor(cursor, agentId) : undefined;
    const all = this.summaries(agentId).sort(compareNewestFirst);
    const rest = after ? all.filter((s) => isAfter(s, after)) : all;
    const items = rest.slice(0, size);
    return rest.length > size ? { items, nextCursor: encodeCursor(agentId, items[items.length - 1]) } : { items };
  }

  async getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session> {
    throwIfAborted(signal);
    const session = this.load(agentId, sessionId);
    // Generating the large sample takes a moment: a cancel during it still wins.
    throwIfAborted(signal);
    return session;
  }

  async sendMessage(req: SendMessageRequest, onEvent: (e: SessionEvent) => void, signal?: AbortSignal): Promise<SendMessageResult> {
    throwIfAborted(signal);
    const agent = this.agent(req.agentId);
    const existing = req.sessionId ? this.load(req.agentId, req.sessionId) : undefined;
    const sessionId = existing?.id ?? this.newChatId();
    const startMs = Math.max(this.chatClockMs, existing ? lastEventMs(existing) + 20_000 : 0);
    const run = scriptedRun({
      sessionId,
      agent,
      turn: existing?.runs.length ?? 0,
      startMs,
      message: req.message,
      samples: catalog().map((e) => e.summary),
    });
    const session: Session =
      existing ??
      withTotals({
        id: sessionId,
        provider: this.connection.kind,
        connectionId: this.connection.id,
        agentId: agent.id,
        agentName: agent.name,
        title: req.message.trim().split('\n')[0].slice(0, 60) || 'New conversation',
        createdAt: run.createdAt,
        metadata: { channel: 'vscode' },
        runs: [],
      });

    const emitted: SessionEvent[] = [];
    try {
      for (const event of run.events) {
        await sleep(this.stepDelayMs, signal);
        emitted.push(event);
        onEvent(event);
      }
    } catch (e) {
      // The contract: a Stop after part of the reply arrived hands that part back, marked.
      if (e instanceof ProviderError && e.code === 'cancelled' && emitted.length) {
        throw new ProviderError('cancelled', 'Stopped: the reply so far is kept.', {
          partial: { sessionId, runId: run.id, events: markInterrupted(emitted), incomplete: true },
        });
      }
      throw e;
    } finally {
      // Whatever was said before a cancel stays in the session, as on a real platform.
      const done = emitted.length === run.events.length;
      const kept = {
        ...run,
        events: emitted,
        status: done ? run.status : 'cancelled',
        providerTotals: done ? run.providerTotals : undefined,
      };
      if (emitted.length) {
        const runs = [...session.runs, kept];
        this.chatClockMs = (emitted[emitted.length - 1].timeMs ?? startMs) + 1_000;
        // Kept before the reply resolves: a reload right after it still finds the chat.
        await this.chats.put(withTotals({ ...session, runs, updatedAt: emitted[emitted.length - 1].timestamp }));
      }
    }
    return { sessionId, runId: run.id, events: emitted };
  }

  /** A chat id no kept chat has (the count starts again in every window; other windows may have chatted). */
  private newChatId(): string {
    this.chats.refresh();
    let id: string;
    do id = demoId(`chat:${this.connection.id}`, ++this.chatCount);
    while (this.chats.has(id));
    return id;
  }

  private agent(agentId: string): Agent {
    const agent = DEMO_AGENTS.find((a) => a.id === agentId);
    if (!agent) throw new ProviderError('not_found', `The demo has no agent "${agentId}".`);
    return agent;
  }

  private summaries(agentId: string): SessionSummary[] {
    const byId = new Map<string, SessionSummary>();
    for (const e of catalog()) if (e.summary.agentId === agentId) byId.set(e.summary.id, e.summary);
    for (const s of this.chats.values()) if (s.agentId === agentId) byId.set(s.id, summarise(s));
    return [...byId.values()].map((s) => ({ ...s }));
  }

  private load(agentId: string, sessionId: string): Session {
    this.agent(agentId);
    const chat = this.chats.get(sessionId);
    if (chat?.agentId === agentId) return { ...structuredClone(chat), connectionId: this.connection.id };
    const entry = catalog().find((e) => e.summary.id === sessionId && e.summary.agentId === agentId);
    if (!entry) throw new ProviderError('not_found', `The demo agent "${agentId}" has no session "${sessionId}".`);
    return { ...entry.load(), connectionId: this.connection.id };
  }
}
