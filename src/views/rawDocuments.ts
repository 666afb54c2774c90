// Read-only editors for raw JSON ("Show raw JSON" of an event or a whole session). A virtual
// document scheme keeps them out of the file system and makes them read-only by construction.
import * as vscode from 'vscode';

export const RAW_SCHEME = 'agent-inspector-raw';

export class RawDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This raw view is no longer available: open it again from the inspector.';
  }

  /** Opens `value` as pretty JSON in a read-only editor titled `name`. */
  async show(name: string, value: unknown): Promise<void> {
    const uri = this.put(`${name}.json`, stringify(value));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** Registers read-only content under a file name (its extension picks the language) and returns its URI. */
  put(fileName: string, content: string): vscode.Uri {
    const safeName = fileName.replace(/[^\w.\- ]+/g, '_').slice(-100) || 'raw';
    const uri = vscode.Uri.from({ scheme: RAW_SCHEME, path: `/${++this.counter}/${safeName}` });
    this.contents.set(uri.toString(), content);
    // Keep memory bounded: only the latest views stay resolvable.
    if (this.contents.size > 50) this.contents.delete(this.contents.keys().next().value!);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}

/** JSON.stringify that survives cycles and bigints instead of throwing. */
export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) ?? 'null';
  } catch {
    // A cycle: fall back to marking repeated objects (shared ones too, which is acceptable here).
  }
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  }, 2) ?? 'null';
}
