// Keeps one inspector panel per session key: opening a session that is already open reveals it,
// and a panel VS Code brings back after Reload Window reopens on the source its page kept.
import * as vscode from 'vscode';
import { InspectorRestoreSchema, type InspectorRestore } from '../../protocol/messages';
import { InspectorPanel, type PanelServices } from './panel';
import { wholeSource, type SessionSource } from './sources';

export class InspectorManager implements vscode.Disposable {
  private readonly panels = new Map<string, InspectorPanel>();
  private last: InspectorPanel | undefined;

  constructor(private readonly services: PanelServices) {}

  open(source: SessionSource): InspectorPanel {
    const existing = this.panels.get(source.key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    return this.adopt(InspectorPanel.create(source, this.services));
  }

  /**
   * A panel restored after Reload Window, with the restore key its page kept: it loads that source
   * again. Without a usable key (a session that was never kept anywhere) the panel says so and how
   * to get it back, rather than staying blank.
   */
  revive(panel: vscode.WebviewPanel, key: unknown, sourceOf: (r: InspectorRestore) => SessionSource): InspectorPanel {
    const parsed = InspectorRestoreSchema.safeParse(key);
    const source: SessionSource = parsed.success
      ? sourceOf(parsed.data)
      : wholeSource({ key: `unrestorable:${Date.now().toString(36)}`, title: panel.title }, () =>
          Promise.reject(
            new Error(
              vscode.l10n.t(
                'This inspector could not come back after the reload: open the session again from the Sessions view or its file.',
              ),
            ),
          ),
        );
    const existing = this.panels.get(source.key);
    if (existing) {
      // Already open again (a command ran first): one panel per session.
      panel.dispose();
      return existing;
    }
    this.services.log.info(`Inspector: restoring ${parsed.success ? source.key : 'a panel without a restore key'} after a reload`);
    return this.adopt(new InspectorPanel(panel, source, this.services));
  }

  private adopt(panel: InspectorPanel): InspectorPanel {
    const key = panel.key;
    this.panels.set(key, panel);
    this.last = panel;
    panel.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.last = panel;
    });
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
      if (this.last === panel) this.last = undefined;
    });
    return panel;
  }

  /** The panel whose tab is active, for commands like "Copy Session ID" run from the palette. */
  active(): InspectorPanel | undefined {
    for (const p of this.panels.values()) if (p.panel.active) return p;
    return undefined;
  }

  /** The inspector used most recently, for palette commands run while an editor has focus. */
  lastActive(): InspectorPanel | undefined {
    return this.last;
  }

  find(key: string): InspectorPanel | undefined {
    return this.panels.get(key);
  }

  /** Every open inspector that has its session loaded (kept whole or read in slices). */
  loaded(): InspectorPanel[] {
    return [...this.panels.values()].filter((p) => p.info);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
