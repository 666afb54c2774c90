// Keeps one chat panel per agent and session: opening a chat that is already open reveals it, and
// a new chat nobody has written in yet is reused rather than opening a second empty one. A chat
// VS Code brings back after Reload Window reopens on its agent and session with its turns.
import * as vscode from 'vscode';
import * as z from '../../model/zod';
import { ChatRestoreSchema, ChatTurnSchema, type ChatTurn } from '../../protocol/chat';
import type { StoredConnection } from '../../connections/store';
import type { Services } from '../../services';
import type { TreeNode } from '../tree/nodes';
import { ChatDrafts } from '../../chat/drafts';
import { ChatPanel } from './panel';
import { chatKey, type ChatTarget } from '../../chat/target';
import { descriptorOf } from '../../providers/registry';

export class ChatManager implements vscode.Disposable {
  private readonly panels = new Map<string, ChatPanel>();
  private last: ChatPanel | undefined;
  readonly drafts: ChatDrafts;

  constructor(private readonly s: Services) {
    this.drafts = new ChatDrafts(s.context.workspaceState);
  }

  open(target: ChatTarget, agentNode?: TreeNode): ChatPanel {
    const existing = target.sessionId
      ? this.panels.get(chatKey(target))
      : [...this.panels.values()].find((p) => p.isBlank && p.connectionId === target.connection.id && p.agentId === target.agentId);
    if (existing) {
      existing.reveal();
      this.last = existing;
      return existing;
    }
    return this.adopt(ChatPanel.create({ ...target }, { s: this.s, drafts: this.drafts, agentNode }));
  }

  /**
   * A chat restored after Reload Window: `key` is the restore key its page kept, `state` the page's
   * saved state (its turns under `chatTurns`). A connection that is gone leaves the turns readable
   * and says so in the page; without a usable key the tab is closed (there is nothing to talk to).
   */
  revive(panel: vscode.WebviewPanel, key: unknown, state: unknown): ChatPanel | undefined {
    const parsed = ChatRestoreSchema.safeParse(key);
    if (!parsed.success) {
      this.s.log.warn('Chat: a chat tab came back after a reload without its agent; it was closed.');
      panel.dispose();
      return undefined;
    }
    const r = parsed.data;
    const saved = z.array(ChatTurnSchema).safeParse((state as { chatTurns?: unknown } | null | undefined)?.chatTurns);
    const turns: ChatTurn[] = saved.success ? saved.data : [];
    const stored = this.s.store.get(r.connectionId);
    // A connection that is gone keeps the kind its session named if the registry knows it; else no
    // kind (no capability: the page only shows the turns and why it cannot go on).
    const kind = stored?.kind ?? (r.provider && descriptorOf(r.provider) ? r.provider : '');
    const connection: StoredConnection = stored ?? {
      id: r.connectionId,
      kind,
      label: r.connectionLabel ?? r.connectionId,
      origin: 'state',
    };
    const gone = stored
      ? undefined
      : vscode.l10n.t(
          'The connection “{0}” this chat used no longer exists: add it again, then open the chat from the Sessions view.',
          r.connectionLabel ?? r.connectionId,
        );
    const target: ChatTarget = {
      connection,
      agentId: r.agentId,
      agentName: r.agentName,
      sessionId: r.sessionId,
      sessionTitle: r.sessionTitle,
    };
    const existing = target.sessionId ? this.panels.get(chatKey(target)) : undefined;
    if (existing) {
      panel.dispose();
      return existing;
    }
    this.s.log.info(`Chat: restoring the chat with ${r.agentName} (${turns.length} turns) after a reload`);
    return this.adopt(new ChatPanel(panel, target, { s: this.s, drafts: this.drafts, restored: { turns, gone } }));
  }

  private adopt(panel: ChatPanel): ChatPanel {
    // Blank new chats share the "new" key; each still needs a slot of its own.
    let key = panel.key;
    if (this.panels.has(key)) key = `${key}#${Date.now().toString(36)}`;
    this.panels.set(key, panel);
    this.last = panel;
    panel.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.last = panel;
    });
    panel.onDidChangeKey(({ to }) => {
      for (const [k, p] of this.panels) if (p === panel) this.panels.delete(k);
      this.panels.set(to, panel);
    });
    panel.onDidDispose(() => {
      for (const [k, p] of this.panels) if (p === panel) this.panels.delete(k);
      if (this.last === panel) this.last = undefined;
    });
    return panel;
  }

  /** The chat whose tab is active, else the one used last: where "Send Selection" goes. */
  current(): ChatPanel | undefined {
    for (const p of this.panels.values()) if (p.panel.active) return p;
    return this.last;
  }

  find(connectionId: string, agentId: string, sessionId?: string): ChatPanel | undefined {
    return this.panels.get(chatKey({ connection: { id: connectionId }, agentId, sessionId }));
  }

  all(): ChatPanel[] {
    return [...new Set(this.panels.values())];
  }

  dispose(): void {
    for (const p of this.all()) p.dispose();
    this.panels.clear();
  }
}
