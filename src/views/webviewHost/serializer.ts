// Panels come back after Reload Window: VS Code keeps each open panel's tab and the page's saved
// state (getState/setState), and on the next start hands both to the serializer of its view type.
// The page keeps its restore key in that state (`page/restore`); the panel's manager reads it with
// the page's own schema and builds the panel on the tab it is given.
import * as vscode from 'vscode';
import { RESTORE_STATE_KEY } from '../../protocol/core';

/** `revive` gets VS Code's panel, the restore key the page kept and its whole saved state (unknown: validate them). */
export function registerPanelSerializer(
  viewType: string,
  revive: (panel: vscode.WebviewPanel, key: unknown, state: unknown) => void | Promise<void>,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      const key = state && typeof state === 'object' ? (state as Record<string, unknown>)[RESTORE_STATE_KEY] : undefined;
      await revive(panel, key, state);
    },
  });
}
