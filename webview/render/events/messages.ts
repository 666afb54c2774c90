// User, assistant and system messages. Assistant answers are markdown (content/markdown.ts:
// sanitised, links opened by the host); what users and system prompts wrote is shown as written,
// whitespace and line breaks kept, nothing interpreted.
import { badge, codicon } from '../../components';
import { MARKDOWN_MAX_CHARS, markdownView } from '../../content/markdown';
import { el } from '../../dom';
import { collapsible } from '../collapsible';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';

/** System prompts are often pages long: fold them beyond this. */
const SYSTEM_FOLD_CHARS = 600;

export const userMessage: EventRenderer<'user_message'> = (e) => ({
  icon: 'account',
  label: 'User',
  body: [textBlock(e.text, { className: 'message-text', what: 'message', key: `${e.id}:text` })],
});

export const assistantMessage: EventRenderer<'assistant_message'> = (e, _stored, ctx) => ({
  icon: 'hubot',
  label: 'Assistant',
  tone: e.interrupted ? 'warning' : undefined,
  chips: e.interrupted
    ? [badge('interrupted', { tone: 'warning', title: 'The answer was cut short (cancelled, failed, or the stream broke)' })]
    : [],
  body: [
    e.text.length <= MARKDOWN_MAX_CHARS
      ? markdownView(e.text, ctx.post, `${e.id}:${e.text.length}`)
      : el('div', {}, [
          el('p', { class: 'block-note', text: 'Too long to format as markdown: shown as text.' }),
          textBlock(e.text, { className: 'message-text', what: 'message', key: `${e.id}:text` }),
        ]),
    e.interrupted
      ? el('p', { class: 'interrupted-note' }, [codicon('warning'), 'This answer was cut short: the rest of it was never received.'])
      : null,
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
          build: () => [textBlock(e.text, { className: 'message-text', what: 'system message', key: `${e.id}:text` })],
        })
      : textBlock(e.text, { className: 'message-text', what: 'system message', key: `${e.id}:text` }),
  ],
});

export function firstLine(text: string, max = 160): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
