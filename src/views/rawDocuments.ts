// Read-only editors for raw JSON ("Show raw JSON" of an event or a whole session). A virtual
// document scheme keeps them out of the file system and makes them read-only by construction.
import * as vscode from 'vscode';
import { stringifyPretty } from '../model/jsonText';

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

/** Pretty JSON that survives cycles, bigints and hostile nesting instead of throwing. */
export const stringify = (value: unknown): string => stringifyPretty(value);
