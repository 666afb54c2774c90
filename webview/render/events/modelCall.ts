// One request to a model: which model and provider, why it stopped, time to first token, then what
// it answered (open) and the request's messages (folded: a long conversation is sent again on every
// call, so it would bury the answer), its parameters and tool definitions (folded too).
import type { ModelMessage } from '../../../src/model/schema';
import { badge } from '../../components';
import { el } from '../../dom';
import { formatDuration, plural } from '../../format';
import { collapsible } from '../collapsible';
import type { RenderContext } from '../context';
import type { EventRenderer } from '../eventView';
import { jsonBlock } from '../jsonBlock';
import { textBlock } from '../textBlock';
import { firstLine } from './messages';
import { callChips } from './tools';

export const modelCall: EventRenderer<'model_call'> = (e, stored, ctx) => {
  const chips: Node[] = [];
  if (e.provider) chips.push(badge(e.provider, { tone: 'muted', title: 'Provider' }));
  if (e.operation && e.operation !== 'chat') chips.push(badge(e.operation, { tone: 'muted', title: 'Operation' }));
  if (e.finishReason)
    chips.push(badge(e.finishReason, { tone: e.finishReason === 'length' ? 'warning' : 'muted', title: 'Why the model stopped' }));
  if (e.timeToFirstTokenMs !== undefined) {
    chips.push(
      el('span', {
        class: 'chip model-ttft',
        text: `first token ${formatDuration(e.timeToFirstTokenMs)}`,
        attrs: { title: 'Time to first token' },
      }),
    );
  }
  if (e.error !== undefined) chips.push(badge('failed', { tone: 'error', title: 'The model request failed' }));
  chips.push(...callChips(undefined, e.parentCallId, stored));

  const body: Node[] = [];
  if (e.error !== undefined) body.push(el('p', { class: 'model-error', text: e.error }));
  if (e.output?.length) {
    body.push(el('div', { class: 'field-label', text: e.output.length > 1 ? `Response (${e.output.length} choices)` : 'Response' }));
    body.push(messageList(ctx, e.output, `${e.id}:out`));
  } else if (e.error === undefined) {
    body.push(el('p', { class: 'empty-note', text: 'No response content was recorded.' }));
  }
  if (e.input?.length) {
    const input = e.input;
    body.push(
      collapsible(ctx, {
        key: `${e.id}:input`,
        label: `Request: ${plural(input.length, 'message')}`,
        expandedByDefault: false,
        preview: () => el('div', { class: 'fold-preview', text: previewOf(input.at(-1)!) }),
        build: () => [messageList(ctx, input, `${e.id}:in`)],
      }),
    );
  }
  const extras: Array<[string, unknown]> = [];
  if (e.requestModel && e.requestModel !== e.model) extras.push(['Requested model', e.requestModel]);
  if (e.responseId) extras.push(['Response id', e.responseId]);
  if (e.parameters && Object.keys(e.parameters).length) extras.push(['Parameters', e.parameters]);
  if (e.tools !== undefined) extras.push(['Tool definitions', e.tools]);
  if (extras.length) {
    body.push(
      collapsible(ctx, {
        key: `${e.id}:details`,
        label: 'Request details',
        expandedByDefault: false,
        build: () => [
          el(
            'dl',
            { class: 'fields' },
            extras.flatMap(([name, value]) => [
              el('dt', { class: 'field-name', text: name }),
              el('dd', { class: 'field-value' }, [
                typeof value === 'string'
                  ? el('span', { class: 'scalar', text: value })
                  : jsonBlock(ctx, value, { what: name.toLowerCase(), key: `${e.id}:${name}` }),
              ]),
            ]),
          ),
        ],
      }),
    );
  }
  return {
    icon: 'sparkle',
    label: 'Model call',
    title: e.model ?? e.requestModel,
    tone: e.error !== undefined ? 'error' : undefined,
    chips,
    body,
  };
};

function messageList(ctx: RenderContext, list: ModelMessage[], key: string): HTMLElement {
  return el(
    'ol',
    { class: 'model-messages' },
    list.map((m, i) => {
      const parts: Node[] = [
        el('div', { class: 'model-message__head' }, [
          el('span', { class: 'model-message__role', text: m.role }),
          m.name ? el('span', { class: 'model-message__name', text: m.name }) : null,
          m.toolCallId ? el('code', { class: 'chip call-id', text: m.toolCallId, attrs: { title: 'Answers this call' } }) : null,
          m.finishReason ? badge(m.finishReason, { tone: 'muted', title: 'Why the model stopped' }) : null,
        ]),
      ];
      if (m.text) parts.push(textBlock(m.text, { className: 'message-text', what: `${m.role} message`, key: `${key}:${i}:text` }));
      for (const [j, c] of (m.toolCalls ?? []).entries()) {
        parts.push(
          el('div', { class: 'model-message__call' }, [
            'Calls ',
            el('code', { text: c.name }),
            c.id ? el('code', { class: 'chip call-id', text: c.id, attrs: { title: 'Call id' } }) : null,
          ]),
        );
        if (c.arguments !== undefined)
          parts.push(jsonBlock(ctx, c.arguments, { what: `arguments of ${c.name}`, key: `${key}:${i}:call:${j}` }));
      }
      if (m.toolResult !== undefined) parts.push(jsonBlock(ctx, m.toolResult, { what: 'tool result', key: `${key}:${i}:result` }));
      if (m.parts?.length) parts.push(jsonBlock(ctx, m.parts, { what: 'other parts', key: `${key}:${i}:parts` }));
      if (parts.length === 1) parts.push(el('p', { class: 'empty-note', text: 'No content.' }));
      return el('li', { class: `model-message model-message--${m.role.replace(/[^a-z0-9_-]/gi, '')}` }, parts);
    }),
  );
}

function previewOf(m: ModelMessage): string {
  if (m.text) return `${m.role}: ${firstLine(m.text)}`;
  if (m.toolCalls?.length) return `${m.role}: calls ${m.toolCalls.map((c) => c.name).join(', ')}`;
  if (m.toolCallId) return `${m.role}: answers ${m.toolCallId}`;
  return m.role;
}
