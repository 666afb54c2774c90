// Commands that manage connections and their tokens.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { runAddConnectionWizard, promptToken, type ConnectionDraft } from '../connections/wizard';
import { validateAgentId, validateUrl } from '../connections/validate';
import type { RemoteKind } from '../connections/store';
import { DEMO_CONNECTION } from '../providers/demo/provider';
import { can, descriptorOf } from '../providers/registry';
import type { TreeNode } from '../views/tree/nodes';
import { resolveConnection } from './pick';

/** Connections the user added: they have a token to set. */
const isRemote = (c: { kind: string }) => !!descriptorOf(c.kind)?.setup;

export function registerConnectionCommands(s: Services): vscode.Disposable[] {
  return [
    /** With a draft argument (scripts, tests) no input is asked for; returns the new connection's id. */
    vscode.commands.registerCommand('agentInspector.addConnection', async (draft?: Partial<ConnectionDraft>) => {
      const input = isDraft(draft) ? draft : await runAddConnectionWizard();
      if (!input) return undefined;
      const problem =
        (input.baseUrl !== undefined ? validateUrl(input.baseUrl) : undefined) ??
        descriptorOf(input.kind)?.setup?.orgId?.validate(input.orgId ?? '');
      if (problem) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Connection not added: {0}', problem));
        return undefined;
      }
      const connection = await s.store.add(input, input.token);
      s.log.info(`Added ${connection.kind} connection "${connection.label}" (${connection.id})`);
      await s.treeView.reveal({ type: 'connection', connection }, { expand: true, select: true }).then(undefined, () => undefined);
      return connection.id;
    }),

    /** Arguments: a tree node or a connection id, and (for scripts/tests) the token itself. */
    vscode.commands.registerCommand('agentInspector.setToken', async (arg?: unknown, tokenArg?: string) => {
      const connection = await resolveConnection(s, arg, isRemote, vscode.l10n.t('Set the token of which connection?'));
      if (!connection || !isRemote(connection)) return;
      const token = typeof tokenArg === 'string' ? tokenArg : await promptToken(connection.label, connection.kind);
      if (token === undefined) return;
      await s.store.setToken(connection, token);
      s.log.addSecret(token.trim());
      // Don't wait for SecretStorage's change event: the refresh below must use the new token.
      s.registry.invalidate(connection.id);
      s.log.info(`Token updated for "${connection.label}" (${connection.id})`);
      s.tree.refresh({ type: 'connection', connection });
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Token saved for {0}', connection.label), 3000);
    }),

    vscode.commands.registerCommand('agentInspector.removeConnection', async (arg?: unknown) => {
      const connection = await resolveConnection(s, arg, (c) => c.origin !== 'builtin', vscode.l10n.t('Remove which connection?'));
      if (!connection) return;
      const removeCommand = descriptorOf(connection.kind)?.removeCommand;
      if (removeCommand) return vscode.commands.executeCommand(removeCommand);
      // Scripts and tests pass an id: they have already decided; people get asked.
      if (typeof arg !== 'string') {
        const remove = vscode.l10n.t('Remove');
        const detail =
          connection.origin === 'settings'
            ? vscode.l10n.t(
                'Its token is deleted from secret storage. It is declared in settings (agentInspector.connections): remove it there too or it stays listed.',
              )
            : vscode.l10n.t('Its token is deleted from secret storage.');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Remove the connection “{0}”?', connection.label),
          { modal: true, detail },
          remove,
        );
        if (answer !== remove) return;
      }
      await s.store.remove(connection.id);
      await s.registry.memory(connection.id).forget();
      s.log.info(`Removed connection "${connection.label}" (${connection.id})`);
    }),

    vscode.commands.registerCommand('agentInspector.hideDemo', async () => {
      await vscode.workspace.getConfiguration('agentInspector').update('showDemo', false, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(vscode.l10n.t('Demo sessions hidden. “Open Demo Sessions” brings them back.'));
    }),

    vscode.commands.registerCommand('agentInspector.openDemo', async () => {
      const config = vscode.workspace.getConfiguration('agentInspector');
      if (!config.get<boolean>('showDemo', true)) await config.update('showDemo', true, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('agentInspector.sessions.focus');
      const demo = s.store.get(DEMO_CONNECTION.id);
      if (demo)
        await s.treeView
          .reveal({ type: 'connection', connection: demo }, { expand: true, select: true, focus: true })
          .then(undefined, () => undefined);
    }),

    /** For platforms whose agents are added by id (Piper has no route that lists them; Foundry agents by RID). */
    vscode.commands.registerCommand('agentInspector.addAgent', async (arg?: unknown, idArg?: string, labelArg?: string) => {
      const connection = await resolveConnection(
        s,
        arg,
        (c) => can(c.kind, 'addAgentById'),
        vscode.l10n.t('Add an agent to which connection?'),
      );
      if (!connection) return;
      const field = descriptorOf(connection.kind)?.agentId;
      const id =
        idArg ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Agent to {0}', connection.label),
          prompt: field?.prompt(),
          ignoreFocusOut: true,
          validateInput: (v) => validateAgentId(v, connection.kind),
        }));
      if (!id) return;
      const label =
        labelArg ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Agent to {0}', connection.label),
          prompt: vscode.l10n.t('A name for the sidebar'),
          value: field?.defaultLabel(id) ?? '',
          ignoreFocusOut: true,
        }));
      if (label === undefined) return;
      await s.registry.memory(connection.id).addAgent(id.trim(), label.trim() || id.trim());
      s.tree.refresh({ type: 'connection', connection });
    }),

    vscode.commands.registerCommand('agentInspector.addSessionById', async (arg?: TreeNode, idArg?: string) => {
      if (!arg || arg.type !== 'agent') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Run “Add Session by ID…” from an agent in the Sessions view.'));
        return;
      }
      const id =
        idArg ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Session to {0}', arg.agent.name),
          prompt: vscode.l10n.t('Session id'),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the session id')),
        }));
      if (!id) return;
      await s.registry.memory(arg.connection.id).addSession(arg.agent.id, { id: id.trim() });
      s.tree.refresh(arg);
    }),
  ];
}

function isDraft(v: unknown): v is ConnectionDraft {
  const d = v as Partial<ConnectionDraft> | undefined;
  return (
    !!d &&
    typeof d === 'object' &&
    typeof d.kind === 'string' &&
    !!descriptorOf(d.kind)?.setup &&
    typeof d.label === 'string' &&
    !('type' in (d as object))
  );
}

export type { RemoteKind };
