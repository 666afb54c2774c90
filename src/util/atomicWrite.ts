// Writes a file so that it is either the old content or the new, never half of each: write a
// sibling temporary file, then rename it over the target.
// Files on disk go through atomicFile.ts (links followed, permissions kept); other file systems
// (remote, virtual) through vscode.workspace.fs.
import * as vscode from 'vscode';
import { replaceFileAtomically } from './atomicFile';

export async function writeFileAtomically(target: vscode.Uri, content: Uint8Array): Promise<void> {
  if (target.scheme === 'file') return replaceFileAtomically(target.fsPath, content);
  const dir = vscode.Uri.joinPath(target, '..');
  const name = target.path.split('/').pop() ?? 'export';
  const temp = vscode.Uri.joinPath(dir, `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
  try {
    // Inside the try: a write that fails halfway must not leave its partial temporary file.
    await vscode.workspace.fs.writeFile(temp, content);
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw e;
  }
}
