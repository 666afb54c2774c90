// The long-lived objects commands work with, created once in activate().
import type * as vscode from 'vscode';
import type { ConnectionStore } from './connections/store';
import type { ProviderRegistry } from './connections/registry';
import type { Logger } from './log';
import type { InspectorManager } from './views/inspector/manager';
import type { RawDocuments } from './views/rawDocuments';
import type { SessionsTreeProvider } from './views/tree/sessionsTree';

export interface Services {
  context: vscode.ExtensionContext;
  store: ConnectionStore;
  registry: ProviderRegistry;
  tree: SessionsTreeProvider;
  treeView: vscode.TreeView<unknown>;
  inspector: InspectorManager;
  raw: RawDocuments;
  log: Logger;
}
