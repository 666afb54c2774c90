// One chat panel per agent and session: owns the webview, sends the user's messages through the
// provider, streams the reply's events to the page as they arrive (upserted by id), and keeps
// what the user typed safe — a failed send gives the message back to the composer, and the draft
// is saved per agent and session so closing the panel loses nothing.
import * as vscode from 'vscode';
import type { SessionEvent } from '../../model';
import {
  forPage, mergeDraft, parseChatWebviewMessage,
  type ChatHostMessage, type ChatPendingDecision, type ChatTargetInfo, type ChatTurn, type ChatWebviewMessage,
} from '../../protocol/chat';
import type { Services } from '../../services';
import { describeError } from '../../util/errors';
import { answerPageRequest } from '../inspector/pageRequests';
import type { TreeNode } from '../tree/nodes';
import { afterReply, titleFrom } from '../../chat/afterReply';
import type { ChatDrafts } from '../../chat/drafts';
import { makeNonce, renderChatHtml } from './html';
import { senderIdentity } from '../../chat/profile';
import { continueTurn, runTurn, type TurnOutcome } from '../../chat/runTurn';
import { canContinue, canGreet, chatKey, streams, type ChatTarget } from '../../chat/target';
import { Disposable } from '../../util/disposable';

/** Streamed deliveries are batched for this long: a token-by-token stream is many tiny updates. */
const FLUSH_MS = 40;

export interface ChatPanelOptions {
  s: Services;
  drafts: ChatDrafts;
  /** The tree's agent element, when the chat was started from it. */
  agentNode?: TreeNode;
}

/** What a send came to, for commands and tests (no event content). */
export interface SendSummary {
  status: TurnOutcome['status'];
  sessionId?: string;
  events: number;
  kinds: string[];
  error?: string;
}

export class ChatPanel extends Disposable implements vscode.Disposable {
  static readonly viewType = 'agentInspector.chat';

  private readonly turns: ChatTurn[] = [];
  private busy: AbortController | undefined;
  private pageReady = false;
  private history: 'none' | 'loading' | 'loaded' | 'failed' = 'none';
  private historyError: string | undefined;
  private historyLoad: AbortController | undefined;
  private lastDraft: string;
  private pending = new Map<string, SessionEvent>();
  private pendingTurn: string | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private turnCount = 0;
  /** Ids of this turn's events an open inspector already got while they streamed. */
  private sentToInspector = new Set<string>();
  private readonly disposed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private readonly keyChanged = this.register(new vscode.EventEmitter<{ from: string; to: string }>());
  readonly onDidChangeKey = this.keyChanged.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly target: ChatTarget, private readonly o: ChatPanelOptions) {
    super();
    panel.iconPath = vscode.Uri.joinPath(o.s.context.extensionUri, 'media', 'icon.svg');
    panel.title = this.title();
    this.lastDraft = o.drafts.get(this.key);
    panel.webview.html = this.html();
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel);
    if (target.sessionId) void this.loadHistory();
  }

  static create(target: ChatTarget, o: ChatPanelOptions): ChatPanel {
    const root = o.s.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(ChatPanel.viewType, `Chat: ${target.agentName}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      // A reply keeps streaming while the tab is hidden; the page must be there to receive it.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    });
    return new ChatPanel(panel, target, o);
  }

  get key(): string {
    return chatKey(this.target);
  }

  get connectionId(): string {
    return this.target.connection.id;
  }

  get agentId(): string {
    return this.target.agentId;
  }

  get sessionId(): string | undefined {
    return this.target.sessionId;
  }

  get isBusy(): boolean {
    return !!this.busy;
  }

  /** A new chat nobody has written in yet can be reused instead of opening another. */
  get isBlank(): boolean {
    return !this.target.sessionId && !this.turns.length && !this.busy;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Puts text in the composer (the page appends it to what is there). */
  insert(text: string): void {
    void this.post({ type: 'chat/insert', text });
  }

  /** Sends a message as if typed and sent in the page; resolves when the reply has ended. */
  async send(text: string): Promise<SendSummary> {
    if (this.busy) return { status: 'failed', events: 0, kinds: [], error: 'A reply is still coming: wait for it or press Stop.' };
    const controller = new AbortController();
    this.busy = controller;
    const turn: ChatTurn = {
      id: `turn-${Date.now().toString(36)}-${++this.turnCount}`,
      userText: text,
      status: streams(this.target.connection.kind) ? 'streaming' : 'pending',
      events: [],
      startedAt: new Date().toISOString(),
    };
    this.turns.push(turn);
    this.sentToInspector = new Set();
    await this.post({ type: 'chat/turnStart', turn: { ...turn } });
    // The message is in the conversation now; it comes back to the draft only if sending fails.
    await this.saveDraft('');
    const { connection, agentId } = this.target;
    let outcome: TurnOutcome;
    try {
      const provider = await this.o.s.registry.get(connection);
      outcome = await runTurn(
        provider,
        {
          agentId,
          sessionId: this.target.sessionId,
          message: text,
          ...senderIdentity(connection.kind),
        },
        { onEvent: (e) => this.queue(turn.id, e) },
        controller.signal,
      );
    } catch (e) {
      // The provider could not even be created (no token, incomplete connection).
      outcome = { status: 'failed', events: [], elapsedMs: 0, cancelled: false, error: describeError(e) };
    } finally {
      this.busy = undefined;
    }
    this.dropPending();
    await this.finish(turn, outcome, text);
    return {
      status: outcome.status,
      sessionId: 'sessionId' in outcome ? outcome.sessionId : undefined,
      events: outcome.events.length,
      kinds: outcome.events.map((e) => e.kind),
      error: 'error' in outcome ? outcome.error : undefined,
    };
  }

  /**
   * Continues a turn's paused run with the person's decisions: the turn streams again and ends
   * with the run as stored. If the run did not continue, the turn is back as it was, the decisions
   * kept on it for Retry, and the reason shown: nothing decided is lost.
   */
  async continueRun(turnId: string, runId: string, decisions: ChatPendingDecision[]): Promise<SendSummary> {
    const turn = this.turns.find((t) => t.id === turnId);
    const sessionId = this.target.sessionId;
    if (!turn || !sessionId) return { status: 'failed', events: 0, kinds: [], error: 'That reply is no longer in this chat.' };
    const before = { status: turn.status, events: turn.events, elapsedMs: turn.elapsedMs };
    if (this.busy) {
      const error = vscode.l10n.t('A reply is still coming: wait for it or press Stop, then Retry.');
      await this.post({ type: 'chat/turnEnd', turnId, status: turn.status, events: forPage(turn.events), elapsedMs: turn.elapsedMs, error, decisions });
      return { status: 'failed', events: 0, kinds: [], error };
    }
    const controller = new AbortController();
    this.busy = controller;
    turn.status = 'streaming';
    turn.decisions = decisions;
    turn.error = undefined;
    this.sentToInspector = new Set();
    await this.post({ type: 'chat/turnResume', turnId, decisions });
    const { connection, agentId } = this.target;
    let outcome: TurnOutcome;
    try {
      const provider = await this.o.s.registry.get(connection);
      const userId = senderIdentity(connection.kind).userId;
      outcome = await continueTurn(provider, { agentId, sessionId, runId, decisions, ...(userId ? { userId } : {}) }, { onEvent: (e) => this.queue(turn.id, e) }, controller.signal);
    } catch (e) {
      outcome = { status: 'failed', events: [], elapsedMs: 0, cancelled: false, error: describeError(e) };
    } finally {
      this.busy = undefined;
    }
    this.dropPending();
    const log = this.o.s.log;
    if (outcome.status === 'failed') {
      // The run did not continue: the paused turn as it was, the decisions kept for Retry.
      Object.assign(turn, before);
      turn.error = vscode.l10n.t('The run did not continue: {0}', outcome.error);
      log.warn(`Chat with ${this.target.agentName}: continuing run ${runId} failed: ${outcome.error}`);
      await this.post({ type: 'chat/turnEnd', turnId, status: turn.status, events: forPage(turn.events), elapsedMs: turn.elapsedMs, error: turn.error, decisions });
      return { status: 'failed', events: turn.events.length, kinds: turn.events.map((e) => e.kind), error: outcome.error };
    }
    turn.status = outcome.status;
    turn.events = outcome.events;
    turn.elapsedMs = (before.elapsedMs ?? 0) + outcome.elapsedMs;
    turn.decisions = undefined;
    turn.error = 'error' in outcome ? outcome.error : undefined;
    log.info(`Chat with ${this.target.agentName}: run ${runId} continued, ${outcome.status}, ${outcome.events.length} events in ${outcome.elapsedMs} ms`);
    await this.post({ type: 'chat/turnEnd', turnId, status: turn.status, events: forPage(turn.events), elapsedMs: turn.elapsedMs, error: turn.error });
    await this.adoptSession(sessionId, turn.userText ?? '', outcome.events);
    return { status: outcome.status, sessionId, events: outcome.events.length, kinds: outcome.events.map((e) => e.kind), error: turn.error };
  }

  stop(): void {
    this.busy?.abort();
  }

  private async finish(turn: ChatTurn, outcome: TurnOutcome, text: string): Promise<void> {
    turn.status = outcome.status;
    turn.events = outcome.events;
    turn.elapsedMs = outcome.elapsedMs;
    if ('error' in outcome) turn.error = outcome.error;
    const log = this.o.s.log;
    let restoreDraft: string | undefined;
    if (outcome.status === 'failed') {
      log.warn(`Chat with ${this.target.agentName} (${this.target.connection.label}): the message was not answered: ${outcome.error}`);
      // Nothing arrived: the turn leaves the conversation and the message goes back to the composer.
      this.turns.splice(this.turns.indexOf(turn), 1);
      restoreDraft = text;
      await this.saveDraft(mergeDraft(text, this.lastDraft));
      if (outcome.action === 'setToken') {
        void vscode.window.showErrorMessage(outcome.error, vscode.l10n.t('Set Token…')).then((a) => a && vscode.commands.executeCommand('agentInspector.setToken', this.target.connection.id));
      }
    } else {
      log.info(`Chat with ${this.target.agentName} (${this.target.connection.label}): reply ${outcome.status}, ${outcome.events.length} events in ${outcome.elapsedMs} ms`);
    }
    await this.post({
      type: 'chat/turnEnd',
      turnId: turn.id,
      status: turn.status,
      events: forPage(turn.events),
      elapsedMs: turn.elapsedMs,
      error: turn.error,
      restoreDraft,
    });
    const sessionId = 'sessionId' in outcome ? outcome.sessionId : undefined;
    if (sessionId) await this.adoptSession(sessionId, text, outcome.events);
  }

  /** The reply named its session: a new chat now belongs to it, and the tree and inspectors learn of the run. */
  private async adoptSession(sessionId: string, firstMessage: string, events: SessionEvent[]): Promise<void> {
    if (this.target.sessionId !== sessionId) {
      const from = this.key;
      this.target.sessionId = sessionId;
      this.target.sessionTitle = this.target.sessionTitle ?? titleFrom(firstMessage, `Chat with ${this.target.agentName}`);
      await this.o.drafts.move(from, this.key);
      this.keyChanged.fire({ from, to: this.key });
      this.panel.title = this.title();
      this.history = 'loaded';
      await this.post({ type: 'chat/session', sessionId, title: this.target.sessionTitle });
    }
    try {
      await afterReply(this.o.s, {
        target: this.target, sessionId, title: this.target.sessionTitle ?? sessionId, agentNode: this.o.agentNode, events, streamedIds: this.sentToInspector,
      });
    } catch (e) {
      this.o.s.log.warn(`Chat: could not update the Sessions view after a reply: ${describeError(e)}`);
    }
  }

  private queue(turnId: string, e: SessionEvent): void {
    const turn = this.turns.find((t) => t.id === turnId);
    if (turn) {
      const i = turn.events.findIndex((x) => x.id === e.id);
      if (i >= 0) turn.events[i] = e;
      else turn.events.push(e);
      if (turn.status === 'pending') turn.status = 'streaming';
    }
    this.pendingTurn = turnId;
    this.pending.set(e.id, e);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.pendingTurn || !this.pending.size) return;
    const delivered = [...this.pending.values()];
    this.pending = new Map();
    void this.post({ type: 'chat/events', turnId: this.pendingTurn, events: forPage(delivered) });
    // An inspector showing this session watches the reply arrive too.
    const inspector = this.liveInspector();
    if (inspector) {
      for (const e of delivered) this.sentToInspector.add(e.id);
      void inspector.append(delivered);
    }
  }

  private liveInspector() {
    const { connection, agentId, sessionId } = this.target;
    const panel = sessionId ? this.o.s.inspector.find(`${connection.id}/${agentId}/${sessionId}`) : undefined;
    return panel?.current ? panel : undefined;
  }

  /** The end of a turn carries the whole reply: deliveries still waiting are superseded. */
  private dropPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = new Map();
  }

  private async loadHistory(): Promise<void> {
    const sessionId = this.target.sessionId;
    if (!sessionId) return;
    this.historyLoad?.abort();
    const controller = new AbortController();
    this.historyLoad = controller;
    this.history = 'loading';
    this.historyError = undefined;
    try {
      const provider = await this.o.s.registry.get(this.target.connection);
      const session = await provider.getSession(this.target.agentId, sessionId, controller.signal);
      if (controller.signal.aborted) return;
      const earlier: ChatTurn[] = session.runs.map((run) => ({ id: `history-${run.id}`, status: 'complete', events: run.events, startedAt: run.createdAt }));
      // Turns sent while the history loaded stay after it.
      this.turns.unshift(...earlier);
      this.history = 'loaded';
      if (session.title && !this.target.sessionTitle) {
        this.target.sessionTitle = session.title;
        this.panel.title = this.title();
      }
      await this.post({ type: 'chat/history', turns: earlier.map((t) => ({ ...t, events: forPage(t.events) })) });
    } catch (e) {
      if (controller.signal.aborted) return;
      this.history = 'failed';
      this.historyError = describeError(e);
      this.o.s.log.warn(`Chat: loading the earlier messages of ${sessionId} failed: ${this.historyError}`);
      await this.post({ type: 'chat/history', turns: [], error: this.historyError });
    }
  }

  private async onMessage(data: unknown): Promise<void> {
    const parsed = parseChatWebviewMessage(data);
    if (!parsed.ok) {
      this.o.s.log.warn(`Chat: ignored a message that does not fit the protocol (${parsed.error})`);
      return;
    }
    const m: ChatWebviewMessage = parsed.value;
    try {
      switch (m.type) {
        case 'ready':
          this.pageReady = true;
          await this.post({
            type: 'chat/init',
            target: this.info(),
            turns: this.turns.map((t) => ({ ...t, events: forPage(t.events) })),
            draft: this.lastDraft,
            loadingHistory: this.history === 'loading',
            historyError: this.history === 'failed' ? this.historyError : undefined,
          });
          return;
        case 'chat/send':
          await this.send(m.text);
          return;
        case 'chat/stop':
          this.stop();
          return;
        case 'chat/continue':
          await this.continueRun(m.turnId, m.runId, m.decisions);
          return;
        case 'chat/draft':
          await this.saveDraft(m.text);
          return;
        case 'chat/openInspector':
          await this.openInInspector();
          return;
        case 'chat/reloadHistory':
          await this.loadHistory();
          return;
        case 'showRaw':
          await this.showRaw(m.eventId);
          return;
        case 'log':
          this.o.s.log[m.level](`Chat page: ${m.message}`);
          return;
        case 'copy':
        case 'openCode':
        case 'openLink':
        case 'resolvePaths':
        case 'openFile':
          await answerPageRequest(m, { post: (msg) => this.post(msg), log: this.o.s.log, who: 'Chat' });
          return;
        case 'retry':
          // The inspector's page-level Retry; the chat page retries with chat/send.
          return;
      }
    } catch (e) {
      this.o.s.log.error(`Chat: ${m.type} failed: ${describeError(e)}`);
      void vscode.window.showErrorMessage(describeError(e));
    }
  }

  async openInInspector(): Promise<void> {
    const { connection, agentId, sessionId } = this.target;
    if (!sessionId) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This chat has no session yet: send a message first.'));
      return;
    }
    await vscode.commands.executeCommand('agentInspector.openSessionItem', { connectionId: connection.id, agentId, sessionId, title: this.target.sessionTitle ?? sessionId });
  }

  private async showRaw(eventId: string | undefined): Promise<void> {
    for (const turn of this.turns) {
      const event = turn.events.find((e) => e.id === eventId);
      if (event) return this.o.s.raw.show(`${this.target.agentName} — ${event.kind} ${event.id}`, event.raw ?? event);
    }
    void vscode.window.showWarningMessage(vscode.l10n.t('That event is no longer in the chat.'));
  }

  private async saveDraft(text: string): Promise<void> {
    this.lastDraft = text;
    await this.o.drafts.set(this.key, text);
  }

  private info(): ChatTargetInfo {
    const t = this.target;
    return {
      provider: t.connection.kind,
      connectionLabel: t.connection.label,
      agentId: t.agentId,
      agentName: t.agentName,
      sessionId: t.sessionId,
      sessionTitle: t.sessionTitle,
      canGreet: canGreet(t.connection.kind),
      streams: streams(t.connection.kind),
      canContinue: canContinue(t.connection.kind),
    };
  }

  private title(): string {
    const t = this.target;
    return t.sessionTitle ? `Chat: ${t.agentName} · ${t.sessionTitle}` : `Chat: ${t.agentName}`;
  }

  private html(): string {
    const webview = this.panel.webview;
    const asUri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.o.s.context.extensionUri, ...segments)).toString();
    return renderChatHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'chat.js'),
      styleUris: [asUri('dist', 'codicons', 'codicon.css'), asUri('media', 'inspector.css'), asUri('media', 'chat.css')],
      title: this.title(),
    });
  }

  private post(message: ChatHostMessage): Thenable<boolean> {
    if (!this.pageReady && message.type !== 'chat/init') return Promise.resolve(false);
    return this.panel.webview.postMessage(message).then(undefined, () => false);
  }

  protected override onWillDispose(): void {
    // Closing the panel mid-reply stops the request; what the agent said so far stays on its side.
    this.busy?.abort();
    this.historyLoad?.abort();
    this.dropPending();
    this.disposed.fire();
  }
}
