// One conversation with one agent, without `vscode`: its turns (the session's earlier runs loaded
// as history first), the reply streaming into the current turn (deliveries upserted by id and
// passed on in 40 ms batches: a token-by-token stream is many tiny updates), the draft kept per
// agent and session, and the session a new chat takes from its first reply. The chat panel draws
// it in its page, the @agent participant streams it into VS Code's Chat view, and the unit tests
// drive it in plain Node with a fake clock.
import { redactMessage } from '../providers/http/redact';
import { upsertEvent, type SessionEvent } from '../model';
import { mergeDraft, type ChatPendingDecision, type ChatTurn } from '../protocol/chat';
import type { ProviderLog, SessionProvider } from '../providers';
import { describeError } from '../util/errors';
import { titleFrom } from './afterReply';
import type { ChatDrafts } from './drafts';
import { senderIdentity, type ChatSettings } from './profile';
import { continueTurn, runTurn, type TurnOutcome } from './runTurn';
import { canGreet, chatKey, streams, type ChatTarget } from './target';

/** Streamed deliveries are batched for this long before they are passed on. */
export const FLUSH_MS = 40;

/** What a send came to, for commands and tests (no event content). */
export interface TurnSummary {
  status: TurnOutcome['status'];
  sessionId?: string;
  events: number;
  kinds: string[];
  error?: string;
}

/** What changed, in the order it happened; a listener returning a promise is waited for. */
export type ConversationChange =
  | { type: 'turnStart'; turn: ChatTurn }
  /** One delivery, at once (the @agent participant streams each). */
  | { type: 'delivery'; turnId: string; event: SessionEvent }
  /** The deliveries of the last 40 ms, latest version of each id (the chat page draws these). */
  | { type: 'events'; turnId: string; events: SessionEvent[] }
  | { type: 'turnResume'; turnId: string; decisions: ChatPendingDecision[] }
  /**
   * A turn ended, or a continue of it was refused or failed (the turn as it was, its `decisions`
   * kept). `outcome`: a send's, classified. A failed send has left the conversation; `restoreDraft`
   * is the text the composer gets back.
   */
  | { type: 'turnEnd'; turn: ChatTurn; outcome?: TurnOutcome; error?: string; restoreDraft?: string; decisions?: ChatPendingDecision[] }
  /** A new chat's first reply named its session: the conversation's key moved `from` → `to`. */
  | { type: 'session'; sessionId: string; title: string; from: string; to: string }
  /** A reply went to this session: what the rest of the extension should learn (afterReply). */
  | { type: 'replied'; sessionId: string; title: string; events: SessionEvent[] }
  /** The session's earlier runs (or why they could not be read); `title` when the session gave one. */
  | { type: 'history'; turns: ChatTurn[]; error?: string; title?: string };

export interface ConversationDeps {
  /** The provider of the target's connection (may throw: no token, incomplete connection). */
  provider(): Promise<SessionProvider>;
  /** The `agentInspector` settings, read at each send (who the user is to the platform). */
  settings(): ChatSettings;
  drafts?: ChatDrafts;
  /**
   * Every stored token. A new session is named after its first message (the tab, the Sessions
   * view, the state that remembers the session): a token pasted into it is masked there.
   */
  secrets?(): Promise<readonly string[]>;
  log?: Pick<ProviderLog, 'info' | 'warn'>;
  /** User-facing sentences the host localises (English by default). */
  texts?: Partial<ConversationTexts>;
  /** Injectable for tests: the batching timer and the turn ids' clock. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  now?: () => number;
}

export interface ConversationTexts {
  busy: string;
  busyContinue: string;
  notContinued(error: string): string;
  turnGone: string;
}

const ENGLISH: ConversationTexts = {
  busy: 'A reply is still coming: wait for it or press Stop.',
  busyContinue: 'A reply is still coming: wait for it or press Stop, then Retry.',
  notContinued: (error) => `The run did not continue: ${error}`,
  turnGone: 'That reply is no longer in this chat.',
};

export type HistoryState = 'none' | 'loading' | 'loaded' | 'failed';

export function summarize(outcome: TurnOutcome): TurnSummary {
  return {
    status: outcome.status,
    sessionId: 'sessionId' in outcome ? outcome.sessionId : undefined,
    events: outcome.events.length,
    kinds: outcome.events.map((e) => e.kind),
    error: 'error' in outcome ? outcome.error : undefined,
  };
}

export class Conversation {
  readonly turns: ChatTurn[] = [];
  private busyController: AbortController | undefined;
  private historyState: HistoryState = 'none';
  private historyFailure: string | undefined;
  private historyLoad: AbortController | undefined;
  private lastDraft: string;
  private pending = new Map<string, SessionEvent>();
  private pendingTurn: string | undefined;
  private flushTimer: unknown;
  private turnCount = 0;
  private readonly texts: ConversationTexts;
  private readonly timers: NonNullable<ConversationDeps['timers']>;
  private readonly now: () => number;
  private readonly listeners: Array<(c: ConversationChange) => void | PromiseLike<unknown>> = [];

  /** The target is the conversation's own: it gains the session id and title as they come. */
  constructor(
    readonly target: ChatTarget,
    private readonly deps: ConversationDeps,
  ) {
    this.texts = { ...ENGLISH, ...deps.texts };
    this.timers = deps.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.now = deps.now ?? Date.now;
    this.lastDraft = deps.drafts?.get(this.key) ?? '';
  }

  onChange(listener: (c: ConversationChange) => void | PromiseLike<unknown>): void {
    this.listeners.push(listener);
  }

  /** Where the draft is kept and how chats are told apart: "new" until the session has an id. */
  get key(): string {
    return chatKey(this.target);
  }

  get busy(): boolean {
    return !!this.busyController;
  }

  get draft(): string {
    return this.lastDraft;
  }

  get history(): { state: HistoryState; error?: string } {
    return { state: this.historyState, ...(this.historyState === 'failed' ? { error: this.historyFailure } : {}) };
  }

  /** A new chat nobody has written in yet. */
  get isBlank(): boolean {
    return !this.target.sessionId && !this.turns.length && !this.busy;
  }

  /** An empty message is a request for a greeting, which only some platforms answer. */
  accepts(text: string): boolean {
    return !!text.trim() || canGreet(this.target.connection.kind);
  }

  event(id: string | undefined): SessionEvent | undefined {
    for (const turn of this.turns) {
      const e = turn.events.find((x) => x.id === id);
      if (e) return e;
    }
    return undefined;
  }

  /**
   * Sends a message; resolves when the reply has ended. Never throws for a provider's failure.
   * `signal`: a caller's own cancellation (VS Code's Chat view), besides `stop()`.
   */
  async send(text: string, signal?: AbortSignal): Promise<TurnOutcome> {
    if (this.busyController) return { status: 'failed', events: [], elapsedMs: 0, cancelled: false, error: this.texts.busy };
    const controller = new AbortController();
    this.busyController = controller;
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const turn: ChatTurn = {
      id: `turn-${this.now().toString(36)}-${++this.turnCount}`,
      userText: text,
      status: streams(this.target.connection.kind) ? 'streaming' : 'pending',
      events: [],
      startedAt: new Date(this.now()).toISOString(),
    };
    this.turns.push(turn);
    let outcome: TurnOutcome;
    try {
      await this.emit({ type: 'turnStart', turn: { ...turn } });
      // The message is in the conversation now; it comes back to the draft only if sending fails.
      await this.saveDraft('');
      const { connection, agentId, sessionId } = this.target;
      const provider = await this.deps.provider();
      outcome = await runTurn(
        provider,
        { agentId, sessionId, message: text, ...senderIdentity(connection.kind, this.deps.settings()) },
        { onEvent: (e) => this.queue(turn, e) },
        controller.signal,
      );
    } catch (e) {
      // The provider could not even be created (no token, incomplete connection).
      outcome = { status: 'failed', events: [], elapsedMs: 0, cancelled: false, error: describeError(e) };
    } finally {
      this.busyController = undefined;
    }
    this.dropPending();
    await this.finish(turn, outcome, text);
    return outcome;
  }

  /**
   * Continues a turn's paused run with the person's decisions: the turn streams again and ends
   * with the run as stored. If the run did not continue, the turn is back as it was, the decisions
   * kept on it for Retry, and the reason shown: nothing decided is lost.
   */
  async continueRun(turnId: string, runId: string, decisions: ChatPendingDecision[]): Promise<TurnSummary> {
    const turn = this.turns.find((t) => t.id === turnId);
    const sessionId = this.target.sessionId;
    if (!turn || !sessionId) return { status: 'failed', events: 0, kinds: [], error: this.texts.turnGone };
    const before = { status: turn.status, events: turn.events, elapsedMs: turn.elapsedMs };
    if (this.busyController) {
      const error = this.texts.busyContinue;
      await this.emit({ type: 'turnEnd', turn, error, decisions });
      return { status: 'failed', events: 0, kinds: [], error };
    }
    const controller = new AbortController();
    this.busyController = controller;
    turn.status = 'streaming';
    // Deliveries go into a copy: a run that did not continue gets back exactly what it had.
    turn.events = [...turn.events];
    turn.decisions = decisions;
    turn.error = undefined;
    let outcome: TurnOutcome;
    try {
      await this.emit({ type: 'turnResume', turnId, decisions });
      const { connection, agentId } = this.target;
      const provider = await this.deps.provider();
      const userId = senderIdentity(connection.kind, this.deps.settings()).userId;
      outcome = await continueTurn(
        provider,
        { agentId, sessionId, runId, decisions, ...(userId ? { userId } : {}) },
        { onEvent: (e) => this.queue(turn, e) },
        controller.signal,
      );
    } catch (e) {
      outcome = { status: 'failed', events: [], elapsedMs: 0, cancelled: false, error: describeError(e) };
    } finally {
      this.busyController = undefined;
    }
    this.dropPending();
    const log = this.deps.log;
    if (outcome.status === 'failed') {
      // The run did not continue: the paused turn as it was, the decisions kept for Retry.
      Object.assign(turn, before);
      turn.error = this.texts.notContinued(outcome.error);
      log?.warn(`Chat with ${this.target.agentName}: continuing run ${runId} failed: ${outcome.error}`);
      await this.emit({ type: 'turnEnd', turn, error: turn.error, decisions });
      return { status: 'failed', events: turn.events.length, kinds: turn.events.map((e) => e.kind), error: outcome.error };
    }
    turn.status = outcome.status;
    turn.events = outcome.events;
    turn.elapsedMs = (before.elapsedMs ?? 0) + outcome.elapsedMs;
    turn.decisions = undefined;
    turn.error = 'error' in outcome ? outcome.error : undefined;
    log?.info(
      `Chat with ${this.target.agentName}: run ${runId} continued, ${outcome.status}, ${outcome.events.length} events in ${outcome.elapsedMs} ms`,
    );
    await this.emit({ type: 'turnEnd', turn, error: turn.error });
    await this.adoptSession(sessionId, turn.userText ?? '', outcome.events);
    return {
      status: outcome.status,
      sessionId,
      events: outcome.events.length,
      kinds: outcome.events.map((e) => e.kind),
      error: turn.error,
    };
  }

  stop(): void {
    this.busyController?.abort();
  }

  /** Reads the session's earlier runs as turns before the ones sent here (again after a failure). */
  async loadHistory(): Promise<void> {
    const sessionId = this.target.sessionId;
    if (!sessionId) return;
    this.historyLoad?.abort();
    const controller = new AbortController();
    this.historyLoad = controller;
    this.historyState = 'loading';
    this.historyFailure = undefined;
    try {
      const provider = await this.deps.provider();
      const session = await provider.getSession(this.target.agentId, sessionId, controller.signal);
      if (controller.signal.aborted) return;
      const earlier: ChatTurn[] = session.runs.map((run) => ({
        id: `history-${run.id}`,
        status: 'complete',
        events: run.events,
        startedAt: run.createdAt,
      }));
      // Turns sent while the history loaded stay after it.
      this.turns.unshift(...earlier);
      this.historyState = 'loaded';
      let title: string | undefined;
      if (session.title && !this.target.sessionTitle) title = this.target.sessionTitle = session.title;
      await this.emit({ type: 'history', turns: earlier, ...(title ? { title } : {}) });
    } catch (e) {
      if (controller.signal.aborted) return;
      this.historyState = 'failed';
      this.historyFailure = describeError(e);
      this.deps.log?.warn(`Chat: loading the earlier messages of ${sessionId} failed: ${this.historyFailure}`);
      await this.emit({ type: 'history', turns: [], error: this.historyFailure });
    }
  }

  async saveDraft(text: string): Promise<void> {
    this.lastDraft = text;
    await this.deps.drafts?.set(this.key, text);
  }

  /** Closing mid-reply stops the request; what the agent said so far stays on its side. */
  dispose(): void {
    this.busyController?.abort();
    this.historyLoad?.abort();
    this.dropPending();
    this.listeners.length = 0;
  }

  private async finish(turn: ChatTurn, outcome: TurnOutcome, text: string): Promise<void> {
    turn.status = outcome.status;
    turn.events = outcome.events;
    turn.elapsedMs = outcome.elapsedMs;
    if ('error' in outcome) turn.error = outcome.error;
    const { agentName, connection } = this.target;
    let restoreDraft: string | undefined;
    if (outcome.status === 'failed') {
      this.deps.log?.warn(`Chat with ${agentName} (${connection.label}): the message was not answered: ${outcome.error}`);
      // Nothing arrived: the turn leaves the conversation and the message goes back to the composer.
      this.turns.splice(this.turns.indexOf(turn), 1);
      restoreDraft = text;
      await this.saveDraft(mergeDraft(text, this.lastDraft));
    } else {
      this.deps.log?.info(
        `Chat with ${agentName} (${connection.label}): reply ${outcome.status}, ${outcome.events.length} events in ${outcome.elapsedMs} ms`,
      );
    }
    await this.emit({ type: 'turnEnd', turn, outcome, error: turn.error, restoreDraft });
    const sessionId = 'sessionId' in outcome ? outcome.sessionId : undefined;
    if (sessionId) await this.adoptSession(sessionId, text, outcome.events);
  }

  /** The reply named its session: a new chat now belongs to it (its draft moves along). */
  private async adoptSession(sessionId: string, firstMessage: string, events: SessionEvent[]): Promise<void> {
    const t = this.target;
    if (t.sessionId !== sessionId) {
      const from = this.key;
      t.sessionId = sessionId;
      t.sessionTitle = t.sessionTitle ?? titleFrom(await this.masked(firstMessage), `Chat with ${t.agentName}`);
      await this.deps.drafts?.move(from, this.key);
      this.historyState = 'loaded';
      await this.emit({ type: 'session', sessionId, title: t.sessionTitle, from, to: this.key });
    }
    await this.emit({ type: 'replied', sessionId, title: t.sessionTitle ?? sessionId, events });
  }

  /** `text` with every stored token (and any 8-character piece of one) masked. */
  private async masked(text: string): Promise<string> {
    const secrets = await this.deps.secrets?.().catch(() => undefined);
    // Without the list (no SecretStorage answer) nothing is known to mask but Bearer values.
    return redactMessage(text, secrets ?? []);
  }

  private queue(turn: ChatTurn, e: SessionEvent): void {
    upsertEvent(turn.events, e);
    if (turn.status === 'pending') turn.status = 'streaming';
    void this.emit({ type: 'delivery', turnId: turn.id, event: e });
    this.pendingTurn = turn.id;
    this.pending.set(e.id, e);
    this.flushTimer ??= this.timers.setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.pendingTurn || !this.pending.size) return;
    const events = [...this.pending.values()];
    this.pending = new Map();
    void this.emit({ type: 'events', turnId: this.pendingTurn, events });
  }

  /** The end of a turn carries the whole reply: deliveries still waiting are superseded. */
  private dropPending(): void {
    if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = new Map();
  }

  /** A listener that throws is logged: it cannot break the conversation or lose the reply. */
  private async emit(c: ConversationChange): Promise<void> {
    for (const l of [...this.listeners]) {
      try {
        await l(c);
      } catch (e) {
        this.deps.log?.warn(`Chat: handling ${c.type} failed: ${describeError(e)}`);
      }
    }
  }
}
