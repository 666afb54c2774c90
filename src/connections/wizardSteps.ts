// What the Add Connection wizard asks, derived from the provider descriptors: the platforms to
// pick from, then per platform its fields in order (base URL, what the descriptor adds, token,
// name). Pure (no `vscode`): wizard.ts shows these steps, the unit tests read them.
import * as l10n from '@vscode/l10n';
import { allDescriptors, descriptorOf } from '../providers/registry';
import { validateLabel, validateToken, validateUrl } from '../providers/validate';

export interface ConnectionDraft {
  kind: string;
  label: string;
  baseUrl?: string;
  orgId?: string;
  token?: string;
}

export interface PlatformItem {
  kind: string;
  /** `$(codicon) Name`, as a QuickPick label. */
  label: string;
  description: string;
  detail: string;
}

export type StepField = 'baseUrl' | 'orgId' | 'token' | 'label';

export interface WizardStep {
  field: StepField;
  prompt: string;
  /** What the box starts with, from the answers so far. */
  value?: (draft: Partial<ConnectionDraft>) => string;
  password?: boolean;
  /** An error blocks the step, a warning is shown beside a value that is still accepted. */
  validate: (value: string) => { message: string; severity: 'error' | 'warning' } | undefined;
}

/** The platforms the user can add, in registry order. */
export function platformItems(): PlatformItem[] {
  return allDescriptors().flatMap((d) =>
    d.setup
      ? [{ kind: d.kind, label: `$(${d.icon}) ${d.setup.pickLabel}`, description: d.setup.pickDescription, detail: d.setup.pickDetail }]
      : [],
  );
}

const error = (message: string | undefined) => (message ? { message, severity: 'error' as const } : undefined);

/** The token's rules: blocking problems first, then the platform's non-blocking hint. */
export function tokenCheck(kind: string, value: string, optional = false): ReturnType<WizardStep['validate']> {
  if (optional && !value) return undefined;
  const problem = validateToken(value);
  if (problem) return error(problem);
  const hint = descriptorOf(kind)?.setup?.token.hint?.(value);
  return hint ? { message: hint, severity: 'warning' } : undefined;
}

/** The steps after the platform pick, for one kind the user adds. */
export function wizardSteps(kind: string): WizardStep[] {
  const setup = descriptorOf(kind)?.setup;
  if (!setup) return [];
  const steps: WizardStep[] = [
    {
      field: 'baseUrl',
      prompt: setup.urlPrompt(),
      value: () => setup.defaultBaseUrl ?? 'https://',
      validate: (v) => error(validateUrl(v)),
    },
  ];
  const orgId = setup.orgId;
  if (orgId) steps.push({ field: 'orgId', prompt: orgId.prompt(), validate: (v) => error(orgId.validate(v)) });
  steps.push({ field: 'token', prompt: setup.token.prompt(), password: true, validate: (v) => tokenCheck(kind, v, setup.token.optional) });
  steps.push({
    field: 'label',
    prompt: l10n.t('Name shown in the sidebar'),
    value: (d) => setup.defaultLabel(safeHost(d.baseUrl ?? '')),
    validate: (v) => error(validateLabel(v)),
  });
  return steps;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
