// Commands run from the palette get no tree node: these ask for what is missing.
import * as vscode from 'vscode';
import type { Agent } from '../model';
import type { Services } from '../services';
import type { StoredConnection } from '../connections/store';
import type { TreeNode } from '../views/tree/nodes';
import { describeError } from '../util/errors';

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
    // Kept open when the focus leaves (see pickAgent): the agent's pick follows it.
    { placeHolder: placeHolder ?? vscode.l10n.t('Choose a connection'), ignoreFocusOut: true },
  );
  return picked?.connection;
}

/**
 * The agent, from a pick that opens at once and shows its agents when they have loaded (busy till
 * then; closing it stops the load). One pick from the first keypress to the choice: a pick opened
 * only after a progress notification came and went (as this was) often lost the focus to the
 * editor it had returned to, and closed before it could be answered (seen in the real VS Code,
 * on a busy machine, with a webview editor open). Kept open when the focus leaves, for the same
 * reason, as multi-step inputs are.
 */
export async function pickAgent(s: Services, connection: StoredConnection): Promise<Agent | undefined> {
  type Item = vscode.QuickPickItem & { agent: Agent };
  const pick = vscode.window.createQuickPick<Item>();
  pick.placeholder = vscode.l10n.t('Loading agents of {0}…', connection.label);
  pick.busy = true;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const loading = new AbortController();
  const chosen = new Promise<Agent | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const agent = pick.selectedItems[0]?.agent;
      if (!agent) return; // Enter while the agents load: nothing to choose yet
      resolve(agent);
      pick.hide();
    });
    pick.onDidHide(() => {
      loading.abort();
      resolve(undefined);
    });
  });
  pick.show();
  try {
    let agents: Agent[];
    try {
      agents = await (await s.registry.get(connection)).listAgents(loading.signal);
    } catch (e) {
      if (loading.signal.aborted) return undefined; // closed while loading: nothing to say
      pick.hide();
      void vscode.window.showErrorMessage(describeError(e));
      return undefined;
    }
    if (loading.signal.aborted) return undefined;
    if (!agents.length) {
      pick.hide();
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no agents yet.', connection.label));
      return undefined;
    }
    pick.items = agents.map((a) => ({ label: a.name, description: a.model, detail: a.id, agent: a }));
    pick.placeholder = vscode.l10n.t('Choose an agent');
    pick.busy = false;
    return await chosen;
  } finally {
    pick.dispose();
  }
}
