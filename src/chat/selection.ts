// "Send Selection to Agent": the selected text as a chat message, with where it came from. Code
// goes in a fenced block long enough that backticks inside the selection cannot close it.
export interface SelectionInfo {
  text: string;
  /** Workspace-relative path, or the file name of an untitled/remote document. */
  fileName: string;
  /** VS Code language id ("typescript", "plaintext"…). */
  languageId: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export function selectionMessage(s: SelectionInfo): string {
  const lines = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}–${s.endLine}`;
  const lang = s.languageId && s.languageId !== 'plaintext' ? s.languageId : '';
  const longestRun = Math.max(0, ...Array.from(s.text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const body = s.text.endsWith('\n') ? s.text : `${s.text}\n`;
  return `From \`${s.fileName}\` (${lang || 'plain text'}, ${lines}):\n\n${fence}${lang}\n${body}${fence}\n`;
}
