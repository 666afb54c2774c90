// "Compare Session Figures": several sessions selected in the tree → one table (tokens by kind,
// cost, duration, model calls, tool calls, errors, cache-hit rate), differences to the first
// selected, opened as Markdown; "Export as CSV…" writes the same table for a spreadsheet.
import * as vscode from 'vscode';
import { sessionTable, sessionTableCsv, sessionTableMarkdown, type Session } from '../model';
import { isCancelled } from '../providers';
import type { Services } from '../services';
import { writeFileAtomically } from '../util/atomicWrite';
import { describeError } from '../util/errors';
import type { TreeNode } from '../views/tree/nodes';
import { sessionOf } from './loadSession';

export function registerSessionTableCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'agentInspector.compareSessionFigures',
      async (clicked?: TreeNode, selected?: TreeNode[], target?: vscode.Uri) => {
        try {
          const nodes = (selected ?? (clicked ? [clicked] : [])).filter((n) => n?.type === 'session');
          const sessions: Session[] = [];
          for (const n of nodes) {
            const session = await sessionOf(s, n);
            if (!session) return;
            sessions.push(session);
          }
          if (sessions.length < 2)
            return void vscode.window.showInformationMessage(
              vscode.l10n.t('Select two or more sessions in the Sessions view to compare their figures.'),
            );
          const table = sessionTable(sessions);
          const doc = await vscode.workspace.openTextDocument(s.raw.put('Sessions compared.md', sessionTableMarkdown(table)));
          await vscode.window.showTextDocument(doc, { preview: true });
          const exportCsv = vscode.l10n.t('Export as CSV…');
          const pick = target
            ? exportCsv
            : await vscode.window.showInformationMessage(
                vscode.l10n.t('Compared {0} sessions; differences are to the first selected.', sessions.length),
                exportCsv,
              );
          if (pick !== exportCsv) return;
          const uri = target ?? (await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, saveLabel: vscode.l10n.t('Export') }));
          if (!uri) return;
          await writeFileAtomically(uri, new TextEncoder().encode(sessionTableCsv(table)));
        } catch (e) {
          if (!isCancelled(e)) void vscode.window.showErrorMessage(vscode.l10n.t('Could not compare: {0}', describeError(e)));
        }
      },
    ),
  ];
}
