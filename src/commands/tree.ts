// Commands of the Sessions view itself: refresh, filter, paging, retry, log.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TreeNode } from '../views/tree/nodes';

export function registerTreeCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('agentInspector.refresh', (node?: TreeNode) =>
      s.tree.refresh(node && typeof node === 'object' ? node : undefined),
    ),
    vscode.commands.registerCommand('agentInspector.retry', (node?: TreeNode) =>
      s.tree.refresh(node && typeof node === 'object' ? node : undefined),
    ),
    vscode.commands.registerCommand('agentInspector.loadMore', async (node?: TreeNode) => {
      if (node?.type === 'loadMore') await s.tree.loadMore(node.connection.id, node.agentId);
    }),
    vscode.commands.registerCommand('agentInspector.filter', async (text?: string) => {
      const value =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Filter Sessions'),
              prompt: vscode.l10n.t('Show only loaded sessions whose title or id contains this text'),
              value: s.tree.filter,
            });
      if (value === undefined) return;
      s.tree.setFilter(value);
      s.treeView.message = value.trim() ? vscode.l10n.t('Filtered by “{0}”', value.trim()) : undefined;
    }),
    vscode.commands.registerCommand('agentInspector.clearFilter', () => {
      s.tree.setFilter('');
      s.treeView.message = undefined;
    }),
    vscode.commands.registerCommand('agentInspector.showLog', () => s.log.show()),
  ];
}
