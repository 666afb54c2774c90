// Keeps one chat panel per agent and session: opening a chat that is already open reveals it, and
// a new chat nobody has written in yet is reused rather than opening a second empty one.
import type * as vscode from 'vscode';
import type { Services } from '../../services';
import type { TreeNode } from '../tree/nodes';
import { ChatDrafts } from '../../chat/drafts';
import { ChatPanel } from './panel';
import { chatKey, type ChatTarget } from '../../chat/target';

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
    const panel = ChatPanel.create({ ...target }, { s: this.s, drafts: this.drafts, agentNode });
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
