// What the inspector page asks of the editor besides the session itself: open code as an
// untitled document, open a link from agent content in the browser, resolve and open file links.
// Kept apart from the panel so the extension-host tests can drive each request directly.
import * as vscode from 'vscode';
import { openWorkspaceFile, resolveWorkspacePaths } from './fileLinks';

/** VS Code language ids for the names agents use. */
const LANGUAGE_IDS: Record<string, string> = {
  py: 'python',
  python3: 'python',
  js: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  console: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  text: 'plaintext',
  txt: 'plaintext',
  '': 'plaintext',
};

export function languageIdFor(language: string): string {
  const l = language.trim().toLowerCase();
  return LANGUAGE_IDS[l] ?? l;
}

/** Executed code as an untitled document beside the inspector, in its language. */
export async function openCodeDocument(code: string, language: string): Promise<vscode.TextEditor> {
  const wanted = languageIdFor(language);
  const known = await vscode.languages.getLanguages();
  const doc = await vscode.workspace.openTextDocument({ content: code, language: known.includes(wanted) ? wanted : 'plaintext' });
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/** The page posts this only when the reader clicked a link. Only http(s) leaves the editor. */
export function externalLinkTarget(url: string): vscode.Uri | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return vscode.Uri.parse(parsed.toString(), true);
}

export async function openExternalLink(url: string, open: (uri: vscode.Uri) => Thenable<boolean> = (u) => vscode.env.openExternal(u)): Promise<boolean> {
  const target = externalLinkTarget(url);
  if (!target) return false;
  return open(target);
}

export { openWorkspaceFile, resolveWorkspacePaths };
