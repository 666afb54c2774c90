// Connections declared in the `agentInspector.connections` setting. Only the user's own settings
// count: the setting is application-scoped (a workspace cannot set it, even in a trusted folder),
// and this reads the user value alone, so a repository's `.vscode/settings.json` cannot add a
// connection or move one's base URL — the settings-declared id is derived from kind + label, and
// a workspace entry with the same label and another URL once sent the user's token to that URL.
// Pure (no `vscode`) so the rule is unit-tested.
import * as z from '../model/zod';
import type { Connection } from '../model';
import { addableKindSchema, descriptorOf, effectiveBaseUrl } from '../providers/registry';
import { normaliseBaseUrl, validateUrl } from './validate';

/** A kind the user adds (one with `setup` in its descriptor). */
export type RemoteKind = string;

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

export { effectiveBaseUrl };

// Built when read: the kinds come from the registry.
const settingsEntrySchema = () =>
  z.object({
    id: z.optional(z.string().check(z.minLength(1))),
    kind: addableKindSchema(),
    label: z.string().check(z.minLength(1)),
    baseUrl: z.optional(z.string()),
    orgId: z.optional(z.string()),
  });

export function settingsConnections(inspected: SettingInspection | undefined): { connections: Connection[]; problems: SettingsProblem[] } {
  const connections: Connection[] = [];
  const problems: SettingsProblem[] = [];
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
    problems.push({
      index: -2,
      message:
        'in workspace settings it is ignored (a repository must not choose where tokens go) — move the entries to your user settings',
    });
  }
  const raw = inspected?.globalValue ?? [];
  if (!Array.isArray(raw)) return { connections, problems: [...problems, { index: -1, message: 'it must be a list' }] };
  const schema = settingsEntrySchema();
  raw.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ index, message: `${issue.path.join('.') || 'entry'}: ${issue.message}` });
      return;
    }
    const e = parsed.data;
    const d = descriptorOf(e.kind)!;
    const baseUrl = e.baseUrl ?? d.setup?.defaultBaseUrl;
    const urlProblem = baseUrl ? validateUrl(baseUrl) : `baseUrl is required for ${d.shortName} (${d.setup?.pickDescription})`;
    if (urlProblem) return void problems.push({ index, message: `baseUrl: ${urlProblem}` });
    const orgProblem = d.setup?.orgId?.validate(e.orgId ?? '');
    if (orgProblem) return void problems.push({ index, message: `orgId: ${orgProblem}` });
    connections.push({
      id: e.id ?? `settings-${e.kind}-${e.label}`,
      kind: e.kind,
      label: e.label,
      baseUrl: normaliseBaseUrl(baseUrl!),
      orgId: e.orgId,
    });
  });
  return { connections, problems };
}
