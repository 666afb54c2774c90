// Commands that open sessions: from the tree, by picking, or from a file on disk.
import * as vscode from 'vscode';
import { detectSessionFile } from '../providers/detect';
import { looksLikeOtlpJson } from '../providers/otel/sniff';
import type { Session } from '../model';
import { otel } from '../views/otel/bundle';
import type { Services } from '../services';
import type { StoredConnection } from '../connections/store';
import type { TreeNode } from '../views/tree/nodes';
import { staticSource, type SessionSource } from '../views/inspector/sources';
import { describeError } from '../util/errors';
import { toAbortSignal } from '../util/cancellation';
import { sessionKey } from '../util/sessionKey';
import { pickAgent, resolveConnection } from './pick';

interface SessionRef { connectionId: string; agentId: string; sessionId: string; title?: string }

export function registerSessionCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('agentInspector.openSessionItem', async (arg?: TreeNode | SessionRef) => {
      const ref = toRef(arg);
      if (!ref) return vscode.commands.executeCommand('agentInspector.openSession');
      const connection = s.store.get(ref.connectionId);
      if (!connection) {
        void vscode.window.showErrorMessage(vscode.l10n.t('That connection no longer exists.'));
        return;
      }
      s.inspector.open(providerSource(s, connection, ref));
    }),

    vscode.commands.registerCommand('agentInspector.openSession', async () => {
      const connection = await resolveConnection(s, undefined, () => true, vscode.l10n.t('Open a session from which connection?'));
      if (!connection) return;
      const agent = await pickAgent(s, connection);
      if (!agent) return;
      const sessionId = await pickSession(s, connection, agent.id);
      if (!sessionId) return;
      s.inspector.open(providerSource(s, connection, { connectionId: connection.id, agentId: agent.id, sessionId: sessionId.id, title: sessionId.title }));
    }),

    vscode.commands.registerCommand('agentInspector.openSessionFile', async (uriArg?: vscode.Uri) => {
      const uri = uriArg instanceof vscode.Uri ? uriArg : (await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Open Session'),
        title: vscode.l10n.t('Open Session File'),
        filters: { [vscode.l10n.t('Session JSON')]: ['json'], [vscode.l10n.t('All files')]: ['*'] },
      }))?.[0];
      if (!uri) return;
      const name = uri.path.split('/').pop() ?? uri.toString();
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        const text = new TextDecoder('utf-8').decode(bytes);
        const { format, session } = looksLikeOtlpJson(text) ? await otlpSession(text, name) ?? { format: 'otlp', session: undefined } : detectSessionFile(text);
        if (!session) return;
        s.log.info(`Opened ${name} as a ${format} session (${session.totals.events ?? 0} events)`);
        const key = `file:${uri.toString()}`;
        const panel = s.inspector.open(staticSource(key, session, vscode.l10n.t('File: {0}', name)));
        // Opening the same file again shows its current content.
        if (panel.current && panel.current !== session) panel.replaceSource(staticSource(key, session, vscode.l10n.t('File: {0}', name)));
      } catch (e) {
        s.log.warn(`Could not open ${name}: ${describeError(e)}`);
        // The cause first: a toast cuts long messages, and the file's name is the least news.
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} — “{1}” was not opened as a session.', capitalise(describeError(e)), name));
      }
    }),

    vscode.commands.registerCommand('agentInspector.copySessionId', async (arg?: TreeNode) => {
      const id = arg && arg.type === 'session' ? arg.summary.id : s.inspector.active()?.current?.id;
      if (!id) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select a session in the Sessions view or open one in the inspector first.'));
        return;
      }
      await vscode.env.clipboard.writeText(id);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Session ID copied: {0}', id), 3000);
    }),
  ];
}

function toRef(arg: TreeNode | SessionRef | undefined): SessionRef | undefined {
  if (!arg) return undefined;
  if ('type' in arg) return arg.type === 'session' ? { connectionId: arg.connection.id, agentId: arg.agentId, sessionId: arg.summary.id, title: arg.summary.title } : undefined;
  return typeof arg.connectionId === 'string' && typeof arg.agentId === 'string' && typeof arg.sessionId === 'string' ? arg : undefined;
}

function providerSource(s: Services, connection: StoredConnection, ref: SessionRef): SessionSource {
  return {
    key: sessionKey(connection.id, ref.agentId, ref.sessionId),
    title: ref.title || ref.sessionId,
    connectionLabel: connection.label,
    load: async (signal) => {
      const session = await (await s.registry.get(connection)).getSession(ref.agentId, ref.sessionId, signal);
      // Piper sessions are added by id, so the tree knows no title until one is opened: keep it.
      if (connection.kind === 'piper' && session.title && session.title !== ref.title) {
        await s.registry.memory(connection.id).addSession(ref.agentId, { id: ref.sessionId, title: session.title, createdAt: session.createdAt });
        s.tree.refresh({ type: 'agent', connection, agent: { id: ref.agentId, name: ref.agentId } });
      }
      return session;
    },
  };
}

async function pickSession(s: Services, connection: StoredConnection, agentId: string): Promise<{ id: string; title?: string } | undefined> {
  const typeId = vscode.l10n.t('$(edit) Enter a session id…');
  try {
    const page = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading sessions…'), cancellable: true }, async (_p, token) =>
      (await s.registry.get(connection)).listSessions(agentId, undefined, 50, toAbortSignal(token)),
    );
    const items = [
      ...page.items.map((x) => ({ label: x.title || x.id, description: x.createdAt, detail: x.id, id: x.id })),
      { label: typeId, id: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Choose a session (newest first)'), matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.id) return { id: picked.id, title: picked.label };
  } catch (e) {
    void vscode.window.showErrorMessage(describeError(e));
    return undefined;
  }
  const id = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Session id'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the session id')) });
  return id ? { id: id.trim() } : undefined;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An OTLP JSON file: its sessions read by the OpenTelemetry bundle; the user picks one when there are several. */
async function otlpSession(text: string, name: string): Promise<{ format: string; session: Session } | undefined> {
  const file = otel().readOtlpJson(text);
  if (file.sessions.length === 1) return { format: 'otlp', session: file.sessions[0]! };
  const pick = await vscode.window.showQuickPick(
    file.sessions.map((s) => ({ label: s.title, description: s.agentName, detail: vscode.l10n.t('{0} runs · {1} events · {2}', s.runs.length, s.totals.events ?? 0, s.id), session: s })),
    { title: vscode.l10n.t('{0} holds {1} sessions', name, file.sessions.length), placeHolder: vscode.l10n.t('Pick the session to open') },
  );
  return pick ? { format: 'otlp', session: pick.session } : undefined;
}
