// `/explain` of the @agent participant, and the inspector's "Explain with Copilot" / "Why did this
// fail?": the session (trimmed to the chosen model's input budget, credentials never included)
// goes to a model from vscode.lm; its answer streams into the Chat view, followed by buttons back
// to the events it cited. Without a usable model a message says what is needed; nothing breaks.
import * as vscode from 'vscode';
import { buildExplainPrompt, citedEvents, type ExplainPrompt, type Session } from '../model';
import type { Services } from '../services';
import { describeError } from '../util/errors';

const noModel = () =>
  vscode.l10n.t(
    'No language model is available. Install and sign in to a chat model provider (for example GitHub Copilot Chat), then ask again.',
  );

/** What the inspector asked to explain, picked up by the next `/explain` request. */
let pending: { session: Session; eventId?: string; key?: string } | undefined;

export function registerExplain(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('agentInspector.explainSession', async (session?: Session, eventId?: string) => {
      let target: Session | undefined;
      try {
        target = session ?? (await (s.inspector.active() ?? s.inspector.lastActive())?.session());
      } catch (e) {
        return void vscode.window.showWarningMessage(describeError(e));
      }
      if (!target) return void vscode.window.showInformationMessage(vscode.l10n.t('Open a session in the inspector first.'));
      // The Chat view itself answers "Language model unavailable" without one: say what is needed instead.
      if (!(await vscode.lm.selectChatModels()).length) return void vscode.window.showInformationMessage(noModel());
      const key = session ? s.inspector.loaded().find((p) => p.current === session || p.info?.id === session.id)?.key : undefined;
      pending = { session: target, eventId, key: key ?? (s.inspector.active() ?? s.inspector.lastActive())?.key };
      const query = eventId ? `@agent /explain ${eventId}` : '@agent /explain';
      try {
        await vscode.commands.executeCommand('workbench.action.chat.open', { query });
      } catch {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('“Explain” needs VS Code’s Chat view and a language model (for example GitHub Copilot Chat, signed in).'),
        );
      }
    }),
    vscode.commands.registerCommand('agentInspector.revealEvent', async (key: string, eventId: string) => {
      const panel = s.inspector.find(key);
      if (!panel) return void vscode.window.showInformationMessage(vscode.l10n.t('That session is no longer open in the inspector.'));
      panel.reveal();
      await panel.revealEvent(eventId);
    }),
  ];
}

/**
 * The prompt, trimmed to the model's input budget as the model counts it: built by the prompt's
 * estimate (4 characters a token) first, then cut further while the model says it is too long.
 */
async function fitPrompt(
  model: vscode.LanguageModelChat,
  session: Session,
  eventId: string | undefined,
  secrets: string[],
  token: vscode.CancellationToken,
): Promise<ExplainPrompt & { text: string }> {
  const max = model.maxInputTokens;
  let budget = Math.max(1, max - Math.min(1000, Math.floor(max / 10)));
  for (let attempt = 0; ; attempt++) {
    const prompt = buildExplainPrompt(session, { budgetTokens: budget, eventId, secrets });
    const text = `${prompt.instructions}\n\n${prompt.session}`;
    let used: number;
    try {
      used = await model.countTokens(text, token);
    } catch {
      return { ...prompt, text }; // A model that cannot count keeps the estimate.
    }
    if (used <= max || attempt >= 4 || budget <= 1) return { ...prompt, text };
    budget = Math.max(1, Math.floor((budget * max * 0.9) / used));
  }
}

/** Handles `@agent /explain [event id]`. */
export async function handleExplain(
  s: Services,
  request: vscode.ChatRequest,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const panel = s.inspector.active() ?? s.inspector.lastActive();
  const asked = pending;
  pending = undefined;
  let session: Session | undefined;
  try {
    session = asked?.session ?? (await panel?.session());
  } catch (e) {
    stream.markdown(describeError(e));
    return {};
  }
  if (!session) {
    stream.markdown(vscode.l10n.t('Open a session in the inspector first, then ask `/explain` again.'));
    return {};
  }
  const eventId = request.prompt.trim().split(/\s+/)[0] || asked?.eventId || undefined;
  // request.model (the model chosen in the Chat view) is newer than the API this extension targets.
  let chosen: vscode.LanguageModelChat | undefined;
  try {
    chosen = (request as { model?: vscode.LanguageModelChat }).model;
  } catch {
    chosen = undefined; // Read without a model, it throws "Language model unavailable" in some versions.
  }
  const model = chosen ?? (await vscode.lm.selectChatModels())[0];
  if (!model) {
    stream.markdown(noModel());
    return {};
  }
  // The session came through its provider, which already took its connection's token out
  // (providers/redacting.ts); a session file may still hold any of them, so all are masked.
  const secrets = await s.store.storedTokens();
  const prompt = await fitPrompt(model, session, eventId, secrets, token);
  stream.progress(vscode.l10n.t('Asking {0} about “{1}”…', model.name, session.title));
  let answer = '';
  try {
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt.text)], {}, token);
    for await (const part of response.text) {
      answer += part;
      stream.markdown(part);
    }
  } catch (e) {
    const message =
      e instanceof vscode.LanguageModelError ? vscode.l10n.t('The language model refused the request: {0}', e.message) : describeError(e);
    stream.markdown(message);
    return { errorDetails: { message } };
  }
  if (prompt.elided) stream.markdown(`\n\n_${vscode.l10n.t('{0} events were left out to fit {1}’s input.', prompt.elided, model.name)}_`);
  const key = asked?.key ?? panel?.key;
  const cited = citedEvents(answer, prompt.eventIds).slice(0, 8);
  s.log.info(
    `Explain: ${model.id} answered ${answer.length} characters citing ${cited.length} events${key ? '' : ' (the inspector is closed: no links)'}`,
  );
  if (key)
    for (const id of cited)
      stream.button({ command: 'agentInspector.revealEvent', arguments: [key, id], title: vscode.l10n.t('Show event {0}', id) });
  return { metadata: { explained: session.id } };
}
