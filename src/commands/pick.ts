// Commands run from the palette get no tree node: these ask for what is missing.
import * as vscode from 'vscode';
import type { Agent } from '../model';
import type { Services } from '../services';
import type { StoredConnection } from '../connections/store';
import type { TreeNode } from '../views/tree/nodes';
import { describeError } from '../util/errors';
import { toAbortSignal } from '../util/cancellation';

/** A connection from a tree node, a connection id, or a pick. */
export async function resolveConnection(
  s: Services,
  arg: unknown,
  filter: (c: StoredConnection) => boolean = () => true,
  placeHolder?: string,
): Promise<StoredConnection | undefined> {
  if (typeof arg === 'string') return s.store.get(arg);
  const node = arg as TreeNode | undefined;
  if (node && 'connection' in node && node.connection) return s.store.get(node.connection.id) ?? node.connection;
  if (node && node.type === 'error' && node.connectionId) return s.store.get(node.connectionId);
  const candidates = s.store.list().filter(filter);
  if (!candidates.length) {
    void vscode.window
      .showInformationMessage(vscode.l10n.t('There is no connection for this yet.'), vscode.l10n.t('Add Connection…'))
      .then((a) => a && vscode.commands.executeCommand('agentInspector.addConnection'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.label, description: c.kind, connection: c })),
    { placeHolder: placeHolder ?? vscode.l10n.t('Choose a connection') },
  );
  return picked?.connection;
}

export async function pickAgent(s: Services, connection: StoredConnection): Promise<Agent | undefined> {
  try {
    const agents = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Loading agents of {0}…', connection.label),
        cancellable: true,
      },
      async (_p, token) => (await s.registry.get(connection)).listAgents(toAbortSignal(token)),
    );
    if (!agents.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no agents yet.', connection.label));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      agents.map((a) => ({ label: a.name, description: a.model, detail: a.id, agent: a })),
      { placeHolder: vscode.l10n.t('Choose an agent') },
    );
    return picked?.agent;
  } catch (e) {
    void vscode.window.showErrorMessage(describeError(e));
    return undefined;
  }
}
