// Host side of file links: which path-like strings from agent content name files in the
// workspace, and opening one at a line. Only files inside a workspace folder count — an agent's
// `../../etc/passwd` or `/home/someone/.ssh/id_rsa` is never resolved, whatever exists on disk.
import * as path from 'path';
import * as vscode from 'vscode';
import { realPathInside } from '../../util/realPathInside';

/** Paths asked per batch that may be looked for anywhere in the workspace (findFiles is costly). */
const SEARCH_BUDGET = 20;

/** The asked paths that name a file in the workspace, as they were asked. */
export async function resolveWorkspacePaths(
  paths: readonly string[],
  folders = vscode.workspace.workspaceFolders ?? [],
): Promise<string[]> {
  if (!folders.length) return [];
  const budget = { searches: SEARCH_BUDGET };
  const unique = [...new Set(paths)];
  const found = await Promise.all(
    unique.map((p) =>
      locateWorkspaceFile(p, folders, budget).then(
        (uri) => (uri ? p : undefined),
        () => undefined,
      ),
    ),
  );
  return found.filter((p): p is string => p !== undefined);
}

/**
 * The workspace file `written` names: absolute inside a workspace folder, or relative to one
 * (first at the folder's root, then, while `budget` lasts, anywhere below it).
 */
export async function locateWorkspaceFile(
  written: string,
  folders: readonly vscode.WorkspaceFolder[] = vscode.workspace.workspaceFolders ?? [],
  budget: { searches: number } = { searches: 1 },
): Promise<vscode.Uri | undefined> {
  if (!written || written.length > 1024 || /[\0\r\n]/.test(written)) return undefined;
  const posix = written.replace(/\\/g, '/');
  if (posix.startsWith('/')) {
    const normal = path.posix.normalize(posix);
    for (const folder of folders) {
      const root = folder.uri.path.replace(/\/+$/, '');
      const uri = folder.uri.with({ path: normal });
      if (normal.startsWith(`${root}/`) && (await isFile(uri)) && (await confined(uri, folders))) return uri;
    }
    return undefined;
  }
  const relative = path.posix.normalize(posix);
  if (relative === '.' || relative.startsWith('../') || relative === '..') return undefined;
  for (const folder of folders) {
    const uri = vscode.Uri.joinPath(folder.uri, relative);
    if ((await isFile(uri)) && (await confined(uri, folders))) return uri;
  }
  // "utils/helpers.py" printed by an agent that ran in a sub-folder: look for it below the roots.
  if (!relative.includes('/') || budget.searches <= 0) return undefined;
  budget.searches -= 1;
  for (const folder of folders) {
    const hits = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, `**/${escapeGlob(relative)}`),
      '**/{node_modules,.git}/**',
      1,
    );
    if (hits[0] && (await confined(hits[0], folders))) return hits[0];
  }
  return undefined;
}

/** Opens a workspace file the page linked, at `line` (1-based) when given. False when it is not one. */
export async function openWorkspaceFile(
  written: string,
  line?: number,
  folders = vscode.workspace.workspaceFolders ?? [],
): Promise<vscode.TextEditor | undefined> {
  const uri = await locateWorkspaceFile(written, folders);
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = line !== undefined ? Math.min(Math.max(line - 1, 0), Math.max(doc.lineCount - 1, 0)) : undefined;
  const selection = at !== undefined ? new vscode.Range(at, 0, at, 0) : undefined;
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, selection });
}

/** On disk, the file behind any symbolic links must still be inside a workspace folder. */
async function confined(uri: vscode.Uri, folders: readonly vscode.WorkspaceFolder[]): Promise<boolean> {
  if (uri.scheme !== 'file') return true; // remote or virtual file systems resolve links themselves
  return realPathInside(
    uri.fsPath,
    folders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
  );
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

function escapeGlob(p: string): string {
  return p.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}
