import type * as vscode from 'vscode';

/** Providers speak AbortSignal (no `vscode` there); this bridges VS Code's CancellationToken to it. */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
