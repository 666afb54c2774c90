// Editor integration: export a session (JSON with model + raw, or a Markdown transcript) and
// compare two sessions or two runs in VS Code's diff editor.
import * as vscode from 'vscode';
import { exportSession, runToMarkdown, sessionToMarkdown, type Session } from '../model';
import type { Services } from '../services';
import type { TreeNode } from '../views/tree/nodes';
import { writeFileAtomically } from '../util/atomicWrite';
import { describeError } from '../util/errors';
import { isCancelled } from '../providers';
import { sessionOf } from './loadSession';
import { otel } from '../views/otel/bundle';

type ExportFormat = 'json' | 'markdown' | 'otlp';

export function registerExportCompareCommands(s: Services): vscode.Disposable[] {
  const exportAs = (format: ExportFormat) => async (arg?: unknown, target?: vscode.Uri) => {
    try {
      const session = await sessionOf(s, arg);
      if (!session)
        return void vscode.window.showInformationMessage(
          vscode.l10n.t('Open a session in the inspector, or pick one in the Sessions view, to export it.'),
        );
      const ext = format === 'markdown' ? 'md' : format === 'otlp' ? 'otlp.json' : 'json';
      const uri =
        target instanceof vscode.Uri
          ? target
          : await vscode.window.showSaveDialog({
              title:
                format === 'json'
                  ? vscode.l10n.t('Export Session as JSON')
                  : format === 'otlp'
                    ? vscode.l10n.t('Export Session as OTLP JSON')
                    : vscode.l10n.t('Export Session as Markdown'),
              defaultUri: defaultExportUri(session, ext),
              filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
            });
      if (!uri) return;
      // OTLP: the GenAI conventions, from the OpenTelemetry bundle (loaded now, not at activation).
      const text =
        format === 'json'
          ? exportJson(session)
          : format === 'otlp'
            ? `${JSON.stringify(otel().sessionToOtlpJson(session))}\n`
            : sessionToMarkdown(session);
      await writeFileAtomically(uri, new TextEncoder().encode(text));
      s.log.info(`Exported ${session.id} as ${format} to ${uri.toString(true)}`);
      const open = vscode.l10n.t('Open');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('Session exported to {0}', uri.path.split('/').pop() ?? ''), open)
        .then((a) => {
          if (a === open) void vscode.window.showTextDocument(uri);
        });
      return uri;
    } catch (e) {
      if (isCancelled(e)) return;
      void vscode.window.showErrorMessage(vscode.l10n.t('Export failed, nothing was written over your file: {0}', describeError(e)));
    }
  };

  return [
    vscode.commands.registerCommand('agentInspector.exportJson', exportAs('json')),
    vscode.commands.registerCommand('agentInspector.exportMarkdown', exportAs('markdown')),
    vscode.commands.registerCommand('agentInspector.exportOtlp', exportAs('otlp')),

    /** From the tree with two sessions selected, or from the palette (pick among open inspectors). */
    vscode.commands.registerCommand('agentInspector.compareSessions', async (clicked?: TreeNode, selected?: TreeNode[]) => {
      try {
        const nodes = (selected ?? (clicked ? [clicked] : [])).filter((n) => n?.type === 'session');
        let pair: [Session, Session] | undefined;
        if (nodes.length === 2) {
          const a = await sessionOf(s, nodes[0]);
          const b = a && (await sessionOf(s, nodes[1]));
          if (a && b) pair = [a, b];
        } else {
          pair = await pickTwoOpenSessions(s);
        }
        if (!pair) return;
        const [a, b] = pair;
        const left = s.raw.put(`${a.title}.md`, sessionToMarkdown(a, { forDiff: true }));
        const right = s.raw.put(`${b.title}.md`, sessionToMarkdown(b, { forDiff: true }));
        await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('{0} ↔ {1}', a.title, b.title));
      } catch (e) {
        if (!isCancelled(e)) void vscode.window.showErrorMessage(vscode.l10n.t('Could not compare: {0}', describeError(e)));
      }
    }),

    vscode.commands.registerCommand('agentInspector.compareRuns', async (arg?: unknown, runA?: number, runB?: number) => {
      let session: Session | undefined;
      try {
        session = await sessionOf(s, arg);
      } catch (e) {
        if (!isCancelled(e)) void vscode.window.showErrorMessage(vscode.l10n.t('Could not compare: {0}', describeError(e)));
        return;
      }
      if (!session) return void vscode.window.showInformationMessage(vscode.l10n.t('Open a session in the inspector first.'));
      if (session.runs.length < 2)
        return void vscode.window.showInformationMessage(vscode.l10n.t('“{0}” has only one run.', session.title));
      let picked: number[] | undefined = typeof runA === 'number' && typeof runB === 'number' ? [runA, runB] : undefined;
      if (!picked) {
        const items = session.runs.map((r, i) => ({
          label: `Run ${i + 1}${r.title ? ` · ${r.title}` : ''}`,
          description: r.createdAt,
          index: i,
        }));
        const chosen = await vscode.window.showQuickPick(items, {
          canPickMany: true,
          placeHolder: vscode.l10n.t('Pick two runs to compare'),
        });
        if (!chosen) return;
        if (chosen.length !== 2) return void vscode.window.showWarningMessage(vscode.l10n.t('Pick exactly two runs.'));
        picked = chosen.map((c) => c.index);
      }
      const [i, j] = picked;
      if (!session.runs[i] || !session.runs[j]) return;
      const left = s.raw.put(`${session.title} run ${i + 1}.md`, runToMarkdown(session.runs[i], i, { forDiff: true }).join('\n'));
      const right = s.raw.put(`${session.title} run ${j + 1}.md`, runToMarkdown(session.runs[j], j, { forDiff: true }).join('\n'));
      await vscode.commands.executeCommand(
        'vscode.diff',
        left,
        right,
        vscode.l10n.t('{0}: run {1} ↔ run {2}', session.title, i + 1, j + 1),
      );
    }),
  ];
}

export function exportJson(session: Session): string {
  return exportSession(session);
}

function defaultExportUri(session: Session, ext: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${
    session.title
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .slice(0, 60) || 'session'
  }.${ext}`;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

async function pickTwoOpenSessions(s: Services): Promise<[Session, Session] | undefined> {
  const open = s.inspector.loaded();
  if (open.length < 2) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Select two sessions in the Sessions view (Ctrl/Cmd+click), or open two in the inspector, then compare.'),
    );
    return undefined;
  }
  const items = open.map((p) => ({ label: p.info!.title, description: p.info!.provider, panel: p }));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    placeHolder: vscode.l10n.t('Pick two open sessions to compare'),
  });
  if (!chosen) return undefined;
  if (chosen.length !== 2) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Pick exactly two sessions.'));
    return undefined;
  }
  const a = await chosen[0].panel.session();
  const b = a && (await chosen[1].panel.session());
  return a && b ? [a, b] : undefined;
}
