// "Add Connection…": a short QuickPick/InputBox wizard per provider kind, validating as you type.
// Escape at any step cancels without saving anything.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, type RemoteKind } from './store';
import { tokenHint, validateLabel, validateToken, validateUrl, validateUuid } from './validate';

export interface ConnectionDraft {
  kind: RemoteKind;
  label: string;
  baseUrl?: string;
  orgId?: string;
  token?: string;
}

// Not `kind`: QuickPickItem already has a `kind` (separator or default).
const KINDS: Array<vscode.QuickPickItem & { platform: RemoteKind }> = [
  { platform: 'piper', label: '$(hubot) Piper', description: 'api.letpiper.com', detail: 'Hosted agents. Needs your organisation id and a platform token (pat_…).' },
  { platform: 'agno', label: '$(server-process) Agno AgentOS', description: 'self-hosted', detail: 'Your AgentOS server (default http://localhost:7777). Security key only if the server sets one.' },
  { platform: 'foundry', label: '$(cloud) Palantir Foundry AIP Agents', description: 'https://<your-host>', detail: 'Needs your Foundry host and a token with api:aip-agents-read (and -write for chat).' },
];

export async function runAddConnectionWizard(): Promise<ConnectionDraft | undefined> {
  const picked = await vscode.window.showQuickPick(KINDS, { title: vscode.l10n.t('Add Connection (1/4): platform'), placeHolder: vscode.l10n.t('Which platform runs your agents?'), ignoreFocusOut: true });
  if (!picked) return undefined;
  const kind = picked.platform;
  const step = (n: number) => vscode.l10n.t('Add Connection ({0}/4): {1}', n, picked.label.replace(/^\$\([^)]+\)\s*/, ''));

  const baseUrl = await vscode.window.showInputBox({
    title: step(2),
    prompt: kind === 'foundry' ? vscode.l10n.t('Your Foundry URL, e.g. https://yourcompany.palantirfoundry.com') : vscode.l10n.t('Base URL of the API'),
    value: DEFAULT_BASE_URL[kind] ?? 'https://',
    ignoreFocusOut: true,
    validateInput: (v) => validateUrl(v),
  });
  if (baseUrl === undefined) return undefined;

  let orgId: string | undefined;
  if (kind === 'piper') {
    orgId = await vscode.window.showInputBox({ title: step(3), prompt: vscode.l10n.t('Organisation id (a UUID, shown in Piper’s settings)'), ignoreFocusOut: true, validateInput: (v) => validateUuid(v) });
    if (orgId === undefined) return undefined;
  }

  const token = await vscode.window.showInputBox({
    title: step(kind === 'piper' ? 4 : 3),
    prompt: kind === 'agno' ? vscode.l10n.t('Security key (OS_SECURITY_KEY); leave empty if the server has none') : vscode.l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (kind === 'agno' && !v) return undefined;
      const error = validateToken(v, kind);
      if (error) return error;
      const hint = tokenHint(v, kind);
      return hint ? { message: hint, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (token === undefined) return undefined;

  const defaultLabel = kind === 'piper' ? 'Piper' : kind === 'agno' ? `Agno (${safeHost(baseUrl)})` : `Foundry (${safeHost(baseUrl)})`;
  const label = await vscode.window.showInputBox({ title: step(4), prompt: vscode.l10n.t('Name shown in the sidebar'), value: defaultLabel, ignoreFocusOut: true, validateInput: (v) => validateLabel(v) });
  if (label === undefined) return undefined;

  return { kind, label, baseUrl, orgId, token: token.trim() || undefined };
}

export function promptToken(connectionLabel: string, kind: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Set Token for {0}', connectionLabel),
    prompt: kind === 'agno' ? vscode.l10n.t('AgentOS security key') : vscode.l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const error = validateToken(v, kind);
      if (error) return error;
      const hint = tokenHint(v, kind);
      return hint ? { message: hint, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
}

function safeHost(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}
