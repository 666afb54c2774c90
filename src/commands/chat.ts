// Chat commands: "Chat with Agent…" (palette, an agent in the tree), "Continue Session in Chat"
// (a session in the tree), "Send Selection to Agent" (the editor's context menu) and the
// programmatic "send to agent" the others build on.
import * as vscode from 'vscode';
import type { StoredConnection } from '../connections/store';
import type { Services } from '../services';
import type { ChatManager } from '../views/chat/manager';
import type { SendSummary } from '../views/chat/panel';
import { selectionMessage } from '../chat/selection';
import type { ChatTarget } from '../chat/target';
import type { TreeNode } from '../views/tree/nodes';
import { pickAgent, resolveConnection } from './pick';

const LAST_AGENT_KEY = 'agentInspector.chat.lastAgent';

interface AgentRef {
  connectionId: string;
  agentId: string;
  agentName?: string;
}
interface SessionRef extends AgentRef {
  sessionId: string;
  title?: string;
}
interface SendArgs extends AgentRef {
  sessionId?: string;
  text: string;
}

export function registerChatCommands(s: Services, chats: ChatManager): vscode.Disposable[] {
  const open = (target: ChatTarget, agentNode?: TreeNode) => {
    void remember(s, target);
    return chats.open(target, agentNode);
  };
  return [
    vscode.commands.registerCommand('agentInspector.chatWithAgent', async (arg?: TreeNode | AgentRef) => {
      const target = await agentTarget(s, arg);
      if (target) open(target, isNode(arg) ? arg : undefined);
    }),

    vscode.commands.registerCommand('agentInspector.continueSessionChat', async (arg?: TreeNode | SessionRef) => {
      let target: ChatTarget | undefined;
      if (isNode(arg) && arg.type === 'session') {
        const connection = s.store.get(arg.connection.id) ?? arg.connection;
        target = {
          connection,
          agentId: arg.agentId,
          agentName: await agentNameOf(s, connection, arg.agentId),
          sessionId: arg.summary.id,
          sessionTitle: arg.summary.title,
        };
      } else if (arg && !isNode(arg) && typeof arg.sessionId === 'string') {
        const connection = s.store.get(arg.connectionId);
        if (connection)
          target = {
            connection,
            agentId: arg.agentId,
            agentName: arg.agentName ?? (await agentNameOf(s, connection, arg.agentId)),
            sessionId: arg.sessionId,
            sessionTitle: arg.title,
          };
      } else {
        // From the palette: the session of the active inspector, if any.
        const current = s.inspector.active()?.info ?? s.inspector.lastActive()?.info;
        const connection = current?.connectionId ? s.store.get(current.connectionId) : undefined;
        if (current && connection && current.agentId) {
          target = {
            connection,
            agentId: current.agentId,
            agentName: current.agentName ?? current.agentId,
            sessionId: current.id,
            sessionTitle: current.title,
          };
        }
      }
      if (!target) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Choose a session in the Sessions view (right-click → Continue Session in Chat).'),
        );
        return;
      }
      open(target);
    }),

    vscode.commands.registerCommand('agentInspector.sendToAgent', async (arg?: SendArgs): Promise<SendSummary | undefined> => {
      if (!arg || typeof arg.text !== 'string' || typeof arg.connectionId !== 'string' || typeof arg.agentId !== 'string') return undefined;
      const connection = s.store.get(arg.connectionId);
      if (!connection) return { status: 'failed', events: 0, kinds: [], error: 'That connection no longer exists.' };
      const panel = open({
        connection,
        agentId: arg.agentId,
        agentName: arg.agentName ?? (await agentNameOf(s, connection, arg.agentId)),
        sessionId: arg.sessionId,
      });
      return panel.send(arg.text);
    }),

    vscode.commands.registerCommand('agentInspector.stopChatReply', () => {
      const busy = chats.current()?.isBusy ? chats.current() : chats.all().find((p) => p.isBusy);
      if (!busy) {
        void vscode.window.setStatusBarMessage(vscode.l10n.t('No chat reply is coming.'), 3000);
        return false;
      }
      busy.stop();
      return true;
    }),

    vscode.commands.registerCommand('agentInspector.sendSelectionToAgent', async () => {
      const editor = vscode.window.activeTextEditor;
      const parts = editor ? editor.selections.filter((sel) => !sel.isEmpty) : [];
      if (!editor || !parts.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some code or text first.'));
        return;
      }
      const doc = editor.document;
      const first = parts.reduce((a, b) => (a.start.isBefore(b.start) ? a : b));
      const last = parts.reduce((a, b) => (a.end.isAfter(b.end) ? a : b));
      const message = selectionMessage({
        text: parts.map((sel) => doc.getText(sel)).join('\n…\n'),
        fileName: doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false),
        languageId: doc.languageId,
        startLine: first.start.line + 1,
        endLine: last.end.character === 0 && last.end.line > first.start.line ? last.end.line : last.end.line + 1,
      });
      let panel = chats.current();
      if (!panel) {
        const target = await chooseAgent(s);
        if (!target) return;
        panel = open(target);
      } else panel.reveal();
      if (panel.isBusy) {
        panel.insert(message);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('The selection is in the chat box: a reply is still coming.'), 4000);
        return;
      }
      await panel.send(message);
    }),
  ];
}

function isNode(arg: unknown): arg is TreeNode {
  return !!arg && typeof arg === 'object' && typeof (arg as { type?: unknown }).type === 'string';
}

async function agentTarget(s: Services, arg: TreeNode | AgentRef | undefined): Promise<ChatTarget | undefined> {
  if (isNode(arg) && arg.type === 'agent') {
    return {
      connection: s.store.get(arg.connection.id) ?? arg.connection,
      agentId: arg.agent.id,
      agentName: arg.agent.name || arg.agent.id,
    };
  }
  if (arg && !isNode(arg) && typeof arg.connectionId === 'string' && typeof arg.agentId === 'string') {
    const connection = s.store.get(arg.connectionId);
    if (!connection) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That connection no longer exists.'));
      return undefined;
    }
    return { connection, agentId: arg.agentId, agentName: arg.agentName ?? (await agentNameOf(s, connection, arg.agentId)) };
  }
  const connection = await resolveConnection(
    s,
    isNode(arg) ? arg : undefined,
    () => true,
    vscode.l10n.t('Chat with an agent of which connection?'),
  );
  if (!connection) return undefined;
  const agent = await pickAgent(s, connection);
  return agent ? { connection, agentId: agent.id, agentName: agent.name || agent.id } : undefined;
}

/** "Send Selection" with no chat open: the agent used last, or another one. */
export async function chooseAgent(s: Services): Promise<ChatTarget | undefined> {
  const last = lastAgent(s);
  if (last) {
    const other = vscode.l10n.t('$(person) Another agent…');
    const picked = await vscode.window.showQuickPick(
      [
        { label: last.agentName, description: last.connection.label, detail: vscode.l10n.t('Last used'), target: last },
        { label: other, target: undefined },
      ],
      { placeHolder: vscode.l10n.t('Send to which agent?') },
    );
    if (!picked) return undefined;
    if (picked.target) return picked.target;
  }
  return agentTarget(s, undefined);
}

export function lastAgent(s: Services): ChatTarget | undefined {
  const v = s.context.globalState.get<AgentRef>(LAST_AGENT_KEY);
  if (!v || typeof v.connectionId !== 'string' || typeof v.agentId !== 'string') return undefined;
  const connection = s.store.get(v.connectionId);
  return connection ? { connection, agentId: v.agentId, agentName: typeof v.agentName === 'string' ? v.agentName : v.agentId } : undefined;
}

export function remember(s: Services, t: ChatTarget): Thenable<void> {
  return s.context.globalState.update(LAST_AGENT_KEY, {
    connectionId: t.connection.id,
    agentId: t.agentId,
    agentName: t.agentName,
  } satisfies AgentRef);
}

/** A name for an agent known only by id: the provider's list (cached by the provider), else the id. */
async function agentNameOf(s: Services, connection: StoredConnection, agentId: string): Promise<string> {
  const remembered = s.registry
    .memory(connection.id)
    .agents()
    .find((a) => a.id === agentId)?.label;
  if (remembered) return remembered;
  try {
    const agents = await (await s.registry.get(connection)).listAgents(AbortSignal.timeout(5000));
    return agents.find((a) => a.id === agentId)?.name || agentId;
  } catch {
    return agentId;
  }
}
