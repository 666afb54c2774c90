// Keeps one inspector panel per session key: opening a session that is already open reveals it.
import type * as vscode from 'vscode';
import { InspectorPanel, type PanelServices } from './panel';
import type { SessionSource } from './sources';

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
    const panel = InspectorPanel.create(source, this.services);
    this.panels.set(source.key, panel);
    this.last = panel;
    panel.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.last = panel;
    });
    panel.onDidDispose(() => {
      this.panels.delete(source.key);
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

  /** Every open inspector that has its session loaded. */
  loaded(): InspectorPanel[] {
    return [...this.panels.values()].filter((p) => p.current);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
