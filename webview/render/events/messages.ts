// User, assistant and system messages: the text as written (markdown rendering arrives with the
// replay inspector; until then whitespace and line breaks are kept and nothing is interpreted).
import { badge, codicon } from '../../components';
import { el } from '../../dom';
import { collapsible } from '../collapsible';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';

/** System prompts are often pages long: fold them beyond this. */
const SYSTEM_FOLD_CHARS = 600;

export const userMessage: EventRenderer<'user_message'> = (e) => ({
  icon: 'account',
  label: 'User',
  body: [textBlock(e.text, { className: 'message-text', what: 'message' })],
});

export const assistantMessage: EventRenderer<'assistant_message'> = (e) => ({
  icon: 'hubot',
  label: 'Assistant',
  tone: e.interrupted ? 'warning' : undefined,
  chips: e.interrupted ? [badge('interrupted', { tone: 'warning', title: 'The answer was cut short (cancelled, failed, or the stream broke)' })] : [],
  body: [
    textBlock(e.text, { className: 'message-text', what: 'message' }),
    e.interrupted ? el('p', { class: 'interrupted-note' }, [codicon('warning'), 'This answer was cut short: the rest of it was never received.']) : null,
  ].filter((n): n is HTMLElement => n !== null),
});

export const systemMessage: EventRenderer<'system_message'> = (e, _stored, ctx) => ({
  icon: 'settings-gear',
  label: 'System',
  tone: 'muted',
  body: [
    e.text.length > SYSTEM_FOLD_CHARS
      ? collapsible(ctx, {
          key: `${e.id}:text`,
          label: `System message (${e.text.length.toLocaleString()} characters)`,
          expandedByDefault: false,
          preview: () => el('div', { class: 'fold-preview', text: firstLine(e.text) }),
          build: () => [textBlock(e.text, { className: 'message-text', what: 'system message' })],
        })
      : textBlock(e.text, { className: 'message-text', what: 'system message' }),
  ],
});

export function firstLine(text: string, max = 160): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
