// "Add Connection…": a short QuickPick/InputBox wizard whose steps come from the provider's
// descriptor (wizardSteps.ts), validating as you type. Escape at any step cancels without saving.
import * as vscode from 'vscode';
import { descriptorOf } from '../providers/registry';
import { platformItems, tokenCheck, wizardSteps, type ConnectionDraft, type WizardStep } from './wizardSteps';

export type { ConnectionDraft };

export async function runAddConnectionWizard(): Promise<ConnectionDraft | undefined> {
  // Not `kind` on the item: QuickPickItem already has a `kind` (separator or default).
  const items = platformItems().map(({ kind, ...item }) => ({ ...item, platform: kind }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add Connection (1/4): platform'),
    placeHolder: vscode.l10n.t('Which platform runs your agents?'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const kind = picked.platform;
  const name = picked.label.replace(/^\$\([^)]+\)\s*/, '');
  const draft: Partial<ConnectionDraft> = { kind };
  // The titles count four steps; a platform with an extra field (Piper's organisation id) shows 4/4 on its last two.
  const steps = wizardSteps(kind);
  for (const [i, step] of steps.entries()) {
    const answer = await ask(step, vscode.l10n.t('Add Connection ({0}/4): {1}', Math.min(i + 2, 4), name), draft);
    if (answer === undefined) return undefined;
    draft[step.field] = answer;
  }
  return { kind, label: draft.label ?? '', baseUrl: draft.baseUrl, orgId: draft.orgId, token: draft.token?.trim() || undefined };
}

function ask(step: WizardStep, title: string, draft: Partial<ConnectionDraft>): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: step.prompt,
    value: step.value?.(draft),
    password: step.password,
    ignoreFocusOut: true,
    validateInput: (v) => toValidation(step.validate(v)),
  });
}

function toValidation(result: ReturnType<WizardStep['validate']>): string | vscode.InputBoxValidationMessage | undefined {
  if (!result) return undefined;
  return result.severity === 'error' ? result.message : { message: result.message, severity: vscode.InputBoxValidationSeverity.Warning };
}

export function promptToken(connectionLabel: string, kind: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Set Token for {0}', connectionLabel),
    prompt: descriptorOf(kind)?.setup?.token.setPrompt(),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => toValidation(tokenCheck(kind, v)),
  });
}
