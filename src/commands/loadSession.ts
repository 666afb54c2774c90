// Getting a whole Session for a command (export, compare): from an open inspector when the
// session is already there (kept, or read again from its file), else from its provider with a cancellable progress notification.
import * as vscode from 'vscode';
import type { Session } from '../model';
import type { Services } from '../services';
import type { TreeNode } from '../views/tree/nodes';
import { toAbortSignal } from '../util/cancellation';
import { sessionKey } from '../util/sessionKey';

export async function sessionOf(s: Services, arg: unknown): Promise<Session | undefined> {
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && node.type === 'session') {
    const open = s.inspector.find(sessionKey(node.connection.id, node.agentId, node.summary.id));
    if (open?.info) return open.session();
    const connection = s.store.get(node.connection.id) ?? node.connection;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading “{0}”…', node.summary.title), cancellable: true },
      async (_p, token) => (await s.registry.get(connection)).getSession(node.agentId, node.summary.id, toAbortSignal(token)),
    );
  }
  // An inspector on a large file reads it again (refused, with a message, if the file changed).
  return (s.inspector.active() ?? s.inspector.lastActive())?.session();
}
