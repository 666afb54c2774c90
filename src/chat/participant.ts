// The `@agent` chat participant: VS Code's own Chat view forwards a prompt to the agent chosen with
// `/pick` (or the one used last, in the chat panel too) and streams its answer back — the text as
// markdown, tool calls and code runs as progress lines. The session continues from the thread's
// earlier answers (their result metadata names it); `/new` starts another. Where the chat API is
// absent (older VS Code, code-server with AI features off) nothing is registered and nothing breaks.
import * as vscode from 'vscode';
import { chooseAgent, lastAgent, remember } from '../commands/chat';
import type { Services } from '../services';
import { afterReply, titleFrom } from './afterReply';
import { Conversation } from './conversation';
import { StreamedText, escapeMarkdown as escapeMd } from './streamedText';
import type { ChatTarget } from './target';
import { describeError } from '../util/errors';
import { handleExplain } from './explain';

export const PARTICIPANT_ID = 'agentInspector.agent';

interface TurnMetadata {
  connectionId: string;
  agentId: string;
  sessionId?: string;
}

export function registerChatParticipant(s: Services): vscode.Disposable[] {
  const chatApi = (vscode as { chat?: Partial<typeof vscode.chat> }).chat;
  if (typeof chatApi?.createChatParticipant !== 'function') {
    s.log.info('The VS Code chat API is not available here: the @agent chat participant is not registered.');
    return [];
  }
  try {
    const participant = chatApi.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) =>
      handle(s, request, context, stream, token),
    );
    participant.iconPath = new vscode.ThemeIcon('hubot');
    return [participant];
  } catch (e) {
    // Registered in package.json but refused at run time (AI features disabled): carry on without it.
    s.log.info(`The @agent chat participant could not be registered: ${describeError(e)}`);
    return [];
  }
}

async function handle(
  s: Services,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  if (request.command === 'explain') return handleExplain(s, request, stream, token);
  if (request.command === 'pick') {
    const target = await chooseAgent(s);
    if (!target) {
      stream.markdown(vscode.l10n.t('No agent chosen.'));
      return {};
    }
    await remember(s, target);
    stream.markdown(
      vscode.l10n.t('Now talking to **{0}** ({1}). Ask away.', escapeMd(target.agentName), escapeMd(target.connection.label)),
    );
    // A new agent starts a new session.
    return { metadata: { connectionId: target.connection.id, agentId: target.agentId } satisfies TurnMetadata };
  }
  const target = lastAgent(s) ?? (await chooseAgent(s));
  if (!target) {
    stream.markdown(vscode.l10n.t('Choose an agent first with `/pick`.'));
    return {};
  }
  await remember(s, target);
  if (request.command !== 'new') target.sessionId = previousSession(context, target);
  const prompt = request.prompt;
  const conversation = new Conversation(target, {
    provider: () => s.registry.get(target.connection),
    settings: () => vscode.workspace.getConfiguration('agentInspector'),
    secrets: () => s.store.storedTokens(),
    log: s.log,
  });
  if (!conversation.accepts(prompt)) {
    stream.markdown(vscode.l10n.t('Type a message for **{0}**.', escapeMd(target.agentName)));
    return {};
  }
  stream.progress(vscode.l10n.t('Asking {0}…', target.agentName));

  const shown = new StreamedText(stream);
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  try {
    // Asked first so that a connection without its token says so before anything is sent.
    await s.registry.get(target.connection);
  } catch (e) {
    stream.markdown(describeError(e));
    return { errorDetails: { message: describeError(e) } };
  }
  // Each delivery at once: the Chat view appends the growth of the text as it comes.
  conversation.onChange((c) => {
    if (c.type === 'delivery') shown.event(c.event);
  });
  const outcome = await conversation.send(prompt, controller.signal);
  if (outcome.status === 'complete' || outcome.status === 'incomplete' || outcome.status === 'cancelled') shown.finish(outcome.events);
  const sessionId = 'sessionId' in outcome ? outcome.sessionId : undefined;
  if (outcome.status === 'incomplete' || outcome.status === 'cancelled') stream.markdown(`\n\n_${escapeMd(outcome.error)}_`);
  if (sessionId) {
    const ref = {
      connectionId: target.connection.id,
      agentId: target.agentId,
      sessionId,
      title: titleFrom(prompt, `Chat with ${target.agentName}`),
    };
    stream.button({ command: 'agentInspector.openSessionItem', title: vscode.l10n.t('Open in Inspector'), arguments: [ref] });
    await afterReply(s, { target: { ...target, sessionId }, sessionId, title: ref.title }).catch((e) =>
      s.log.warn(`@agent: ${describeError(e)}`),
    );
  }
  const metadata: TurnMetadata = { connectionId: target.connection.id, agentId: target.agentId, sessionId: sessionId ?? target.sessionId };
  if (outcome.status === 'failed') {
    stream.markdown(escapeMd(outcome.error));
    return { errorDetails: { message: outcome.error }, metadata };
  }
  return { metadata };
}

/** The session this thread's last answer from the same agent went to. */
function previousSession(context: vscode.ChatContext, target: ChatTarget): string | undefined {
  for (let i = context.history.length - 1; i >= 0; i--) {
    const turn = context.history[i];
    if (!(turn instanceof vscode.ChatResponseTurn) || turn.participant !== PARTICIPANT_ID) continue;
    const m = turn.result.metadata as Partial<TurnMetadata> | undefined;
    if (m?.connectionId === target.connection.id && m.agentId === target.agentId)
      return typeof m.sessionId === 'string' ? m.sessionId : undefined;
    if (m?.connectionId) return undefined;
  }
  return undefined;
}
