// One chat panel per agent and session: owns the webview and draws its conversation
// (src/chat/conversation.ts: the turns, the streamed reply in 40 ms batches, history, the draft
// kept per agent and session) in the page; an inspector open on the session watches the reply
// arrive too. What is VS Code's alone stays here: the tab, localised text, Set Token…, Raw JSON.
import * as vscode from 'vscode';
import {
  forPage,
  parseChatWebviewMessage,
  type ChatHostMessage,
  type ChatPendingDecision,
  type ChatRestore,
  type ChatTargetInfo,
  type ChatTurn,
  type ChatWebviewMessage,
} from '../../protocol/chat';
import type { Services } from '../../services';
import { describeError } from '../../util/errors';
import { sessionKey } from '../../util/sessionKey';
import { createPanel, WebviewPanelHost, type PageHandlers } from '../webviewHost/panelHost';
import type { TreeNode } from '../tree/nodes';
import { afterReply } from '../../chat/afterReply';
import { Conversation, summarize, type ConversationChange, type TurnSummary } from '../../chat/conversation';
import type { ChatDrafts } from '../../chat/drafts';
import { CHAT_PAGE } from './html';
import { canContinue, canGreet, streams, type ChatTarget } from '../../chat/target';

export interface ChatPanelOptions {
  s: Services;
  drafts: ChatDrafts;
  /** The tree's agent element, when the chat was started from it. */
  agentNode?: TreeNode;
  /**
   * After Reload Window: the turns the page showed (kept in its saved state), and why the chat
   * cannot go on when its connection is gone. With turns, the history is not fetched again.
   */
  restored?: { turns: ChatTurn[]; gone?: string };
}

/** What a send came to, for commands and tests (no event content). */
export type SendSummary = TurnSummary;

export class ChatPanel extends WebviewPanelHost<ChatWebviewMessage, ChatHostMessage> {
  static readonly viewType = 'agentInspector.chat';

  private readonly chat: Conversation;
  /** Ids of this turn's events an open inspector already got while they streamed. */
  private sentToInspector = new Set<string>();
  private readonly keyChanged = this.register(new vscode.EventEmitter<{ from: string; to: string }>());
  readonly onDidChangeKey = this.keyChanged.event;

  protected readonly handlers: PageHandlers<ChatWebviewMessage> = {
    'chat/send': (m) => this.send(m.text),
    'chat/stop': () => this.stop(),
    'chat/continue': (m) => this.continueRun(m.turnId, m.runId, m.decisions),
    'chat/draft': (m) => this.chat.saveDraft(m.text),
    'chat/openInspector': () => this.openInInspector(),
    'chat/reloadHistory': () => this.chat.loadHistory(),
    showRaw: (m) => this.showRaw(m.eventId),
  };

  /** A new panel, or one VS Code brought back after a reload (`panel` from the serializer, `o.restored`). */
  constructor(
    panel: vscode.WebviewPanel,
    target: ChatTarget,
    private readonly o: ChatPanelOptions,
  ) {
    super(
      panel,
      { extensionUri: o.s.context.extensionUri, log: o.s.log, page: CHAT_PAGE, who: 'Chat', parse: parseChatWebviewMessage },
      titleOf(target),
    );
    this.chat = new Conversation(target, {
      provider: () => o.s.registry.get(this.target.connection),
      settings: () => vscode.workspace.getConfiguration('agentInspector'),
      drafts: o.drafts,
      secrets: () => o.s.store.storedTokens(),
      log: o.s.log,
      texts: {
        busyContinue: vscode.l10n.t('A reply is still coming: wait for it or press Stop, then Retry.'),
        notContinued: (error) => vscode.l10n.t('The run did not continue: {0}', error),
      },
    });
    this.chat.onChange((c) => this.onChange(c));
    const restored = o.restored;
    if (restored?.turns.length) {
      // The turns as the page showed them before the reload; a reply the reload cut short says so.
      for (const t of restored.turns) {
        const cut = t.status === 'pending' || t.status === 'streaming';
        this.chat.turns.push(
          cut ? { ...t, status: 'incomplete', error: vscode.l10n.t('The window reloaded before this reply ended.') } : t,
        );
      }
    } else if (target.sessionId && !restored?.gone) {
      void this.chat.loadHistory();
    }
  }

  static create(target: ChatTarget, o: ChatPanelOptions): ChatPanel {
    return new ChatPanel(createPanel(ChatPanel.viewType, titleOf(target), o.s.context.extensionUri), target, o);
  }

  private get target(): ChatTarget {
    return this.chat.target;
  }

  get key(): string {
    return this.chat.key;
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
    return this.chat.busy;
  }

  /** Events of the latest turn so far (a test waits for a reply's first before pressing Stop). */
  get latestTurnEvents(): number {
    return this.chat.turns.at(-1)?.events.length ?? 0;
  }

  /** A new chat nobody has written in yet can be reused instead of opening another. */
  get isBlank(): boolean {
    return this.chat.isBlank;
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
    return summarize(await this.chat.send(text));
  }

  /** Continues a turn's paused run with the person's decisions (see Conversation.continueRun). */
  continueRun(turnId: string, runId: string, decisions: ChatPendingDecision[]): Promise<SendSummary> {
    return this.chat.continueRun(turnId, runId, decisions);
  }

  stop(): void {
    this.chat.stop();
  }

  /** The conversation's changes, drawn in the page; the tree and inspectors learn of replies. */
  private async onChange(c: ConversationChange): Promise<void> {
    switch (c.type) {
      case 'turnStart':
        this.sentToInspector = new Set();
        await this.post({ type: 'chat/turnStart', turn: c.turn });
        return;
      case 'turnResume':
        this.sentToInspector = new Set();
        await this.post({ type: 'chat/turnResume', turnId: c.turnId, decisions: c.decisions });
        return;
      case 'delivery':
        return;
      case 'events': {
        void this.post({ type: 'chat/events', turnId: c.turnId, events: forPage(c.events) });
        // An inspector showing this session watches the reply arrive too.
        const inspector = this.liveInspector();
        if (inspector) {
          for (const e of c.events) this.sentToInspector.add(e.id);
          void inspector.append(c.events);
        }
        return;
      }
      case 'turnEnd': {
        const { turn, outcome } = c;
        if (outcome?.status === 'failed' && outcome.action === 'setToken') {
          void vscode.window
            .showErrorMessage(outcome.error, vscode.l10n.t('Set Token…'))
            .then((a) => a && vscode.commands.executeCommand('agentInspector.setToken', this.target.connection.id));
        }
        await this.post({
          type: 'chat/turnEnd',
          turnId: turn.id,
          status: turn.status,
          events: forPage(turn.events),
          elapsedMs: turn.elapsedMs,
          error: c.error,
          ...(c.restoreDraft !== undefined ? { restoreDraft: c.restoreDraft } : {}),
          ...(c.decisions ? { decisions: c.decisions } : {}),
        });
        return;
      }
      case 'session':
        this.keyChanged.fire({ from: c.from, to: c.to });
        this.panel.title = this.title();
        this.restoreKeyChanged();
        await this.post({ type: 'chat/session', sessionId: c.sessionId, title: c.title });
        return;
      case 'replied':
        try {
          await afterReply(this.o.s, {
            target: this.target,
            sessionId: c.sessionId,
            title: c.title,
            agentNode: this.o.agentNode,
            events: c.events,
            streamedIds: this.sentToInspector,
          });
        } catch (e) {
          this.o.s.log.warn(`Chat: could not update the Sessions view after a reply: ${describeError(e)}`);
        }
        return;
      case 'history':
        if (c.title) this.panel.title = this.title();
        await this.post({
          type: 'chat/history',
          turns: c.turns.map((t) => ({ ...t, events: forPage(t.events) })),
          ...(c.error ? { error: c.error } : {}),
        });
        return;
    }
  }

  private liveInspector() {
    const { connection, agentId, sessionId } = this.target;
    const panel = sessionId ? this.o.s.inspector.find(sessionKey(connection.id, agentId, sessionId)) : undefined;
    return panel?.current ? panel : undefined;
  }

  /** The page (re)loaded: everything it shows, in one message. */
  protected async onPageReady(): Promise<void> {
    await this.post({
      type: 'chat/init',
      target: this.info(),
      turns: this.chat.turns.map((t) => ({ ...t, events: forPage(t.events) })),
      draft: this.chat.draft,
      loadingHistory: this.chat.history.state === 'loading',
      historyError: this.o.restored?.gone ?? this.chat.history.error,
    });
  }

  /** chat/init carries the turns, the target and the draft: only an insert into the composer waits for the page. */
  protected override coveredByReady(message: ChatHostMessage): boolean {
    return message.type !== 'chat/insert';
  }

  protected override restoreKey(): ChatRestore {
    const t = this.target;
    return {
      connectionId: t.connection.id,
      connectionLabel: t.connection.label,
      provider: t.connection.kind,
      agentId: t.agentId,
      agentName: t.agentName,
      ...(t.sessionId ? { sessionId: t.sessionId } : {}),
      ...(t.sessionTitle ? { sessionTitle: t.sessionTitle } : {}),
    };
  }

  async openInInspector(): Promise<void> {
    const { connection, agentId, sessionId } = this.target;
    if (!sessionId) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This chat has no session yet: send a message first.'));
      return;
    }
    await vscode.commands.executeCommand('agentInspector.openSessionItem', {
      connectionId: connection.id,
      agentId,
      sessionId,
      title: this.target.sessionTitle ?? sessionId,
    });
  }

  private async showRaw(eventId: string | undefined): Promise<void> {
    const event = this.chat.event(eventId);
    if (event) return this.o.s.raw.show(`${this.target.agentName} — ${event.kind} ${event.id}`, event.raw ?? event);
    void vscode.window.showWarningMessage(vscode.l10n.t('That event is no longer in the chat.'));
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
    return titleOf(this.target);
  }

  protected override onWillDispose(): void {
    // Closing the panel mid-reply stops the request; what the agent said so far stays on its side.
    this.chat.dispose();
    super.onWillDispose();
  }
}

function titleOf(t: ChatTarget): string {
  return t.sessionTitle ? `Chat: ${t.agentName} · ${t.sessionTitle}` : `Chat: ${t.agentName}`;
}
