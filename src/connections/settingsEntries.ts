// Connections declared in the `agentInspector.connections` setting. Only the user's own settings
// count: the setting is application-scoped (a workspace cannot set it, even in a trusted folder),
// and this reads the user value alone, so a repository's `.vscode/settings.json` cannot add a
// connection or move one's base URL — the settings-declared id is derived from kind + label, and
// a workspace entry with the same label and another URL once sent the user's token to that URL.
// Pure (no `vscode`) so the rule is unit-tested.
import * as z from '../model/zod';
import type { Connection, ConnectionKind } from '../model';
import { normaliseBaseUrl, validateUrl, validateUuid } from './validate';

export type RemoteKind = Exclude<ConnectionKind, 'demo' | 'otel'>;

export interface SettingsProblem {
  index: number;
  message: string;
}

/** The part of `WorkspaceConfiguration.inspect()` this needs. */
export interface SettingInspection {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export const DEFAULT_BASE_URL: Record<RemoteKind, string | undefined> = {
  piper: 'https://api.letpiper.com',
  agno: 'http://localhost:7777',
  foundry: undefined,
};

const SettingsEntrySchema = z.object({
  id: z.optional(z.string().check(z.minLength(1))),
  kind: z.enum(['piper', 'agno', 'foundry']),
  label: z.string().check(z.minLength(1)),
  baseUrl: z.optional(z.string()),
  orgId: z.optional(z.string()),
});

export function settingsConnections(inspected: SettingInspection | undefined): { connections: Connection[]; problems: SettingsProblem[] } {
  const connections: Connection[] = [];
  const problems: SettingsProblem[] = [];
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
    problems.push({ index: -2, message: 'in workspace settings it is ignored (a repository must not choose where tokens go) — move the entries to your user settings' });
  }
  const raw = inspected?.globalValue ?? [];
  if (!Array.isArray(raw)) return { connections, problems: [...problems, { index: -1, message: 'it must be a list' }] };
  raw.forEach((item, index) => {
    const parsed = SettingsEntrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ index, message: `${issue.path.join('.') || 'entry'}: ${issue.message}` });
      return;
    }
    const e = parsed.data;
    const baseUrl = e.baseUrl ?? DEFAULT_BASE_URL[e.kind];
    const urlProblem = baseUrl ? validateUrl(baseUrl) : 'baseUrl is required for Foundry (https://<your-host>)';
    if (urlProblem) return void problems.push({ index, message: `baseUrl: ${urlProblem}` });
    if (e.kind === 'piper') {
      const orgProblem = validateUuid(e.orgId ?? '');
      if (orgProblem) return void problems.push({ index, message: `orgId: ${orgProblem}` });
    }
    connections.push({ id: e.id ?? `settings-${e.kind}-${e.label}`, kind: e.kind, label: e.label, baseUrl: normaliseBaseUrl(baseUrl!), orgId: e.orgId });
  });
  return { connections, problems };
}

/** Where a connection's requests go: its base URL, or the provider's default. */
export function effectiveBaseUrl(connection: Pick<Connection, 'kind' | 'baseUrl'>): string | undefined {
  return connection.baseUrl?.trim() || (connection.kind === 'demo' || connection.kind === 'otel' ? undefined : DEFAULT_BASE_URL[connection.kind]);
}
