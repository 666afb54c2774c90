// TreeItems for each node kind: codicons per kind, context values for menus, tooltips.
import * as vscode from 'vscode';
import { formatCost, formatCount, formatRelative, sessionTooltipLines } from './format';
import { agentContext, connectionContext, connectionDescription, kindIcon, kindName, sessionContext } from './kinds';
import { nodeKey, type TreeNode } from './nodes';
// Tree tooltips are markdown: agent-supplied text must not become links, images or formatting.
import { agentTooltip, escapeMd } from './markdownText';

const AGENT_ICON: Record<string, string> = { agent: 'person', team: 'organization', workflow: 'type-hierarchy' };

export function toTreeItem(node: TreeNode, filter: string): vscode.TreeItem {
  const id = nodeKey(node);
  switch (node.type) {
    case 'connection': {
      const c = node.connection;
      const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon(kindIcon(c.kind));
      item.description = connectionDescription(c);
      item.contextValue = connectionContext(c);
      item.tooltip = new vscode.MarkdownString(
        [
          `**${escapeMd(c.label)}** — ${kindName(c.kind)}`,
          ...(c.baseUrl ? [`URL: ${escapeMd(c.baseUrl)}`] : []),
          ...(c.orgId ? [`Organisation: ${escapeMd(c.orgId)}`] : []),
          ...(c.origin === 'settings' ? ['Declared in settings (agentInspector.connections)'] : []),
        ].join('\n\n'),
      );
      return item;
    }
    case 'agent': {
      const a = node.agent;
      const item = new vscode.TreeItem(a.name || a.id, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon(AGENT_ICON[a.type ?? 'agent'] ?? 'person');
      item.description = a.model;
      item.contextValue = agentContext(node.connection.kind);
      item.tooltip = new vscode.MarkdownString(agentTooltip(a));
      return item;
    }
    case 'session': {
      const s = node.summary;
      const item = new vscode.TreeItem(s.title || s.id, vscode.TreeItemCollapsibleState.None);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon(s.isTest ? 'beaker' : 'comment-discussion');
      const when = formatRelative(s.updatedAt ?? s.createdAt);
      item.description = [
        when,
        s.messageCount !== undefined ? `${formatCount(s.messageCount)} msg` : undefined,
        s.costUsd !== undefined ? formatCost(s.costUsd) : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      item.contextValue = sessionContext(node.connection.kind);
      item.tooltip = new vscode.MarkdownString(
        [`**${escapeMd(s.title || s.id)}**${s.isTest ? ' _(test)_' : ''}`, ...sessionTooltipLines(s).map(escapeMd)].join('\n\n'),
      );
      item.command = { command: 'agentInspector.openSessionItem', title: 'Open in Inspector', arguments: [node] };
      if (filter && s.title.toLowerCase().includes(filter)) {
        const start = s.title.toLowerCase().indexOf(filter);
        item.label = { label: s.title, highlights: [[start, start + filter.length]] };
      }
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon('more');
      item.contextValue = 'loadMore';
      item.command = { command: 'agentInspector.loadMore', title: 'Load More Sessions', arguments: [node] };
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'error';
      const hint =
        node.action === 'setToken'
          ? vscode.l10n.t('Click to set a new token')
          : node.action === 'openSettings'
            ? vscode.l10n.t('Click to open the setting')
            : vscode.l10n.t('Click to retry');
      item.tooltip = `${node.detail ?? node.message}\n\n${hint}`;
      item.description = hint;
      item.command =
        node.action === 'setToken'
          ? { command: 'agentInspector.setToken', title: 'Set Token…', arguments: [node.connectionId] }
          : node.action === 'openSettings'
            ? { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['agentInspector.connections'] }
            : { command: 'agentInspector.retry', title: 'Retry', arguments: [node] };
      return item;
    }
    case 'info': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = id;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'info';
      item.command = node.command;
      return item;
    }
  }
}
