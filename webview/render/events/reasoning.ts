// The model's reasoning: muted and folded by default (it is long and secondary), with its first
// line visible so a reader can tell whether to open it.
import { el } from '../../dom';
import { collapsible } from '../collapsible';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';
import { firstLine } from './messages';

export const reasoning: EventRenderer<'reasoning'> = (e, _stored, ctx) => ({
  icon: 'lightbulb',
  label: 'Reasoning',
  title: e.effort ? `effort: ${e.effort}` : undefined,
  tone: 'muted',
  body: [
    collapsible(ctx, {
      key: `${e.id}:reasoning`,
      label: `Reasoning (${e.text.length.toLocaleString()} characters)`,
      expandedByDefault: false,
      className: 'reasoning',
      preview: () => el('div', { class: 'fold-preview', text: firstLine(e.text) }),
      build: () => [textBlock(e.text, { className: 'message-text reasoning-text', what: 'reasoning', key: `${e.id}:reasoning` })],
    }),
  ],
});
