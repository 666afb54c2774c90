// Entry point. Activation is lazy (the Sessions view or a command activates it) and does no I/O:
// nothing is loaded until the tree asks for children or a command runs.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { registerExplain } from './chat/explain';
import { registerChatParticipant } from './chat/participant';
import { registerChatCommands } from './commands/chat';
import { registerConnectionCommands } from './commands/connections';
import { registerExportCompareCommands } from './commands/exportCompare';
import { registerSessionTableCommands } from './commands/sessionTable';
import { registerSessionCommands, restoredSource } from './commands/sessions';
import { registerTreeCommands } from './commands/tree';
import { ProviderRegistry } from './connections/registry';
import { ConnectionStore } from './connections/store';
import { Logger } from './log';
import { registerProvider } from './providers/registry';
import type { Services } from './services';
import { ChatManager } from './views/chat/manager';
import { ChatPanel } from './views/chat/panel';
import { InspectorManager } from './views/inspector/manager';
import { InspectorPanel } from './views/inspector/panel';
import { registerPanelSerializer } from './views/webviewHost/serializer';
import { TraceReceiverHost } from './views/otel/receiverHost';
import { RAW_SCHEME, RawDocuments } from './views/rawDocuments';
import type { TreeNode } from './views/tree/nodes';
import { SessionsTreeProvider } from './views/tree/sessionsTree';
import { focusFirstRowWhenShown } from './views/tree/focusFirst';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The provider descriptors' strings (plain-Node code) are translated with the same bundle.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = new Logger('Agent Inspector');
  const store = new ConnectionStore(context);
  const registry = new ProviderRegistry(store, context.globalState, log);
  const tree = new SessionsTreeProvider(store, registry, log);
  const treeView = vscode.window.createTreeView<TreeNode>('agentInspector.sessions', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const raw = new RawDocuments();
  const inspector = new InspectorManager({ extensionUri: context.extensionUri, log, raw });

  const services: Services = { context, store, registry, tree, treeView: treeView as vscode.TreeView<unknown>, inspector, raw, log };
  context.subscriptions.push(
    log,
    store,
    registry,
    tree,
    treeView,
    raw,
    inspector,
    vscode.workspace.registerTextDocumentContentProvider(RAW_SCHEME, raw),
    // Collapsing a node cancels the requests it started.
    treeView.onDidCollapseElement((e) => tree.cancel(e.element)),
    focusFirstRowWhenShown(treeView, () => tree.getChildren()),
    ...registerConnectionCommands(services),
    ...registerSessionCommands(services),
    ...registerTreeCommands(services),
    ...registerExportCompareCommands(services),
    ...registerSessionTableCommands(services),
    // Inspectors open before Reload Window come back on their sessions (onWebviewPanel activation).
    registerPanelSerializer(InspectorPanel.viewType, (panel, key) => void inspector.revive(panel, key, (r) => restoredSource(services, r))),
  );
  // The trace receiver: commands and status bar only; its bundle loads when it starts.
  context.subscriptions.push(new TraceReceiverHost(services));
  const chats = new ChatManager(services);
  // Chats open before Reload Window come back with their turns and draft.
  context.subscriptions.push(registerPanelSerializer(ChatPanel.viewType, (panel, key, state) => void chats.revive(panel, key, state)));
  context.subscriptions.push(
    chats,
    ...registerChatCommands(services, chats),
    ...registerChatParticipant(services),
    ...registerExplain(services),
  );
  void vscode.commands.executeCommand('setContext', 'agentInspector.filtered', false);
  log.info(`Activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);

  const api: { version: 1; testing?: ExtensionApi['testing'] } = { version: 1 };
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    api.testing = {
      context,
      tree: tree as vscode.TreeDataProvider<unknown>,
      logLines: () => log.lines(),
      connections: () => store.list(),
      inspected: (key) => inspector.find(key)?.current,
      inspector: (key) => inspector.find(key),
      raw,
      registerProvider,
      chatReplyEvents: () => chats.all().find((p) => p.isBusy)?.latestTurnEvents ?? 0,
    };
  }
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
