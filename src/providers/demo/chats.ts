// The demo's chats: sessions made or continued by chatting with a demo agent. They exist nowhere
// but here, so they are kept through the host (ProviderKeep) and a chat that comes back after
// Reload Window can go on, its session still opens and lists, and a new chat does not reuse an id.
// Only what chatting added is kept: a continued sample keeps its own runs in the catalog.
import * as z from '../../model/zod';
import { RunSchema, withTotals, type Run, type Session } from '../../model';
import type { ProviderKeep, ProviderLog } from '../types';

/** Newest first, the rest forgotten: the host's state stays small. */
export const KEPT_CHATS = 20;

const KeptChatSchema = z.looseObject({
  id: z.string(),
  agentId: z.string(),
  agentName: z.optional(z.string()),
  title: z.string(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  /** A sample continued in a chat: its own runs come from the catalog, these follow them. */
  sample: z.optional(z.boolean()),
  runs: z.array(RunSchema),
});
type KeptChat = z.infer<typeof KeptChatSchema>;

export interface DemoChatsOptions {
  keep?: ProviderKeep;
  log?: ProviderLog;
  /** The sample of this id, if there is one (a continued sample is kept without its own runs). */
  sample(agentId: string, sessionId: string): Session | undefined;
  /** The chats' session fields that never change (provider, connection, metadata). */
  base: Pick<Session, 'provider' | 'connectionId' | 'metadata'>;
}

export class DemoChats {
  private chats = new Map<string, Session>();

  constructor(private readonly o: DemoChatsOptions) {
    this.chats = this.read();
  }

  get(id: string): Session | undefined {
    return this.chats.get(id);
  }

  has(id: string): boolean {
    return this.chats.has(id);
  }

  values(): IterableIterator<Session> {
    return this.chats.values();
  }

  /** Takes in what another window of this machine kept since (before a new chat picks its id). */
  refresh(): void {
    const kept = this.read();
    for (const [id, s] of this.chats) if (!kept.has(id)) kept.set(id, s);
    this.chats = kept;
  }

  /** Remembers the chat and keeps it; a failed write is logged, the chat goes on in memory. */
  async put(session: Session): Promise<void> {
    this.refresh();
    this.chats.set(session.id, session);
    const newest = [...this.chats.values()].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '')).slice(0, KEPT_CHATS);
    try {
      await this.o.keep?.write(newest.map((s) => this.toKept(s)));
    } catch (e) {
      this.o.log?.warn(`Demo: could not keep the chat ${session.id} for the next window: ${String(e)}`);
    }
  }

  private toKept(s: Session): KeptChat {
    const sample = s.agentId ? this.o.sample(s.agentId, s.id) : undefined;
    return {
      id: s.id,
      agentId: s.agentId ?? '',
      agentName: s.agentName,
      title: s.title,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      ...(sample ? { sample: true } : {}),
      runs: s.runs.slice(sample?.runs.length ?? 0),
    };
  }

  private read(): Map<string, Session> {
    const out = new Map<string, Session>();
    const raw = this.o.keep?.read();
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = KeptChatSchema.safeParse(item);
      if (!parsed.success) continue; // an older or damaged entry: that chat cannot go on, the others can
      const session = this.fromKept(parsed.data);
      if (session) out.set(session.id, session);
    }
    return out;
  }

  private fromKept(k: KeptChat): Session | undefined {
    const runs: Run[] = k.runs;
    if (k.sample) {
      const sample = this.o.sample(k.agentId, k.id);
      if (!sample) return undefined; // the sample is gone from this version of the demo
      return withTotals({ ...sample, runs: [...sample.runs, ...runs], updatedAt: k.updatedAt ?? sample.updatedAt });
    }
    return withTotals({
      ...this.o.base,
      id: k.id,
      agentId: k.agentId,
      agentName: k.agentName,
      title: k.title,
      createdAt: k.createdAt,
      updatedAt: k.updatedAt,
      runs,
    });
  }
}
