// Writes a file so that it is either the old content or the new, never half of each: write a
// sibling temporary file, then rename it over the target.
import * as vscode from 'vscode';

export async function writeFileAtomically(target: vscode.Uri, content: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(target, '..');
  const name = target.path.split('/').pop() ?? 'export';
  const temp = vscode.Uri.joinPath(dir, `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
  await vscode.workspace.fs.writeFile(temp, content);
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw e;
  }
}
