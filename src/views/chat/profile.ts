// Piper's user profile metadata (user name, preferences…) from the setting
// `agentInspector.piper.profileMetadata`. A value that is not a plain object is ignored, never sent.
import * as vscode from 'vscode';

export function piperProfileMetadata(): Record<string, unknown> | undefined {
  const v = vscode.workspace.getConfiguration('agentInspector').get<unknown>('piper.profileMetadata');
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.keys(v).length ? { ...(v as Record<string, unknown>) } : undefined;
}
