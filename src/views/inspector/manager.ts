// Keeps one inspector panel per session key: opening a session that is already open reveals it.
import * as vscode from 'vscode';
import { InspectorPanel, type PanelServices } from './panel';
import type { SessionSource } from './sources';

export class InspectorManager implements vscode.Disposable {
  private readonly panels = new Map<string, InspectorPanel>();

  constructor(private readonly services: PanelServices) {}

  open(source: SessionSource): InspectorPanel {
    const existing = this.panels.get(source.key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = InspectorPanel.create(source, this.services);
    this.panels.set(source.key, panel);
    panel.onDidDispose(() => this.panels.delete(source.key));
    return panel;
  }

  /** The panel whose tab is active, for commands like "Copy Session ID" run from the palette. */
  active(): InspectorPanel | undefined {
    for (const p of this.panels.values()) if (p.panel.active) return p;
    return undefined;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
