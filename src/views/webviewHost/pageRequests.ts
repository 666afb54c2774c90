// What every page (inspector and chat) asks of the editor about agent content: copy, open code as
// an untitled document, open a link in the browser, resolve and open file links. The host answers
// these core requests for both; kept apart so the extension-host tests can drive each directly.
import * as vscode from 'vscode';
import type { CorePageMessage } from '../../protocol/core';
import type { ProviderLog } from '../../providers';
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

export async function openExternalLink(
  url: string,
  open: (uri: vscode.Uri) => Thenable<boolean> = (u) => vscode.env.openExternal(u),
): Promise<boolean> {
  const target = externalLinkTarget(url);
  if (!target) return false;
  return open(target);
}

export { openWorkspaceFile, resolveWorkspacePaths };

export interface PageRequestContext {
  /** Answers `resolvePaths`. */
  post(message: { type: 'pathsResolved'; id: number; existing: string[] }): Thenable<boolean>;
  log: ProviderLog;
  /** "Inspector" or "Chat", for the log. */
  who: string;
}

/**
 * The requests both pages (inspector and chat) make about agent content: copy, open code, open a
 * link, resolve and open file links. Returns false for any other message, which the panel handles.
 */
export async function answerPageRequest(m: CorePageMessage, ctx: PageRequestContext): Promise<boolean> {
  switch (m.type) {
    case 'copy':
      await vscode.env.clipboard.writeText(m.text);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard'), 2000);
      return true;
    case 'openCode':
      await openCodeDocument(m.code, m.language);
      return true;
    case 'openLink':
      // Posted by the page only when the reader clicked the link; anything but http(s) stays put.
      if (!(await openExternalLink(m.url))) ctx.log.warn(`${ctx.who}: a link that is not http(s) was not opened`);
      return true;
    case 'resolvePaths':
      await ctx.post({ type: 'pathsResolved', id: m.id, existing: await resolveWorkspacePaths(m.paths) });
      return true;
    case 'openFile':
      if (!(await openWorkspaceFile(m.path, m.line)))
        void vscode.window.showWarningMessage(vscode.l10n.t('“{0}” is not a file in this workspace.', m.path));
      return true;
    default:
      return false;
  }
}
