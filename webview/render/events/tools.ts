// Tool calls and their results. A result sits at its call's depth with a link back to it (and
// the call gets a link forward once the result is drawn); calls made inside another call are
// indented under it. Both carry the call id so a reader can match them by eye too.
import { badge, iconButton } from '../../components';
import { el } from '../../dom';
import type { StoredEvent } from '../../store/sessionStore';
import type { RenderContext } from '../context';
import type { EventRenderer } from '../eventView';
import { jsonBlock } from '../jsonBlock';

export const toolCall: EventRenderer<'tool_call'> = (e, stored, ctx) => ({
  icon: 'tools',
  label: 'Tool call',
  title: e.name,
  chips: [
    e.toolType ? badge(e.toolType, { tone: 'muted', title: 'Tool type' }) : null,
    ...callChips(e.callId, e.parentCallId, stored),
  ].filter(isNode),
  body: [
    el('div', { class: 'field-label', text: 'Arguments' }),
    jsonBlock(ctx, e.arguments, { what: `arguments of ${e.name}`, key: `${e.id}:arguments`, linkPaths: true }),
  ],
});

export const toolResult: EventRenderer<'tool_result'> = (e, stored, ctx) => {
  const call = stored.callIndex !== undefined ? ctx.store.get(stored.callIndex) : undefined;
  const callName =
    call && call.event.kind === 'tool_call' ? call.event.name : call?.event.kind === 'code_execution' ? 'code execution' : undefined;
  const name = e.name ?? callName;
  const chips: Node[] = [];
  chips.push(...callChips(e.callId, e.parentCallId, stored));
  // Right after its call the result is drawn joined to it; further away it links back.
  if (call) {
    if (call.index !== stored.index - 1) chips.push(jumpButton(ctx, call.index, 'arrow-up', `Go to the call${name ? ` of ${name}` : ''}`));
  } else if (e.callId !== undefined)
    chips.push(badge('call not in session', { tone: 'muted', title: `No call with id ${e.callId} precedes this result` }));
  return {
    icon: e.isError ? 'error' : 'reply',
    label: e.isError ? 'Tool error' : 'Tool result',
    title: name,
    tone: e.isError ? 'error' : undefined,
    chips,
    body: [jsonBlock(ctx, e.result, { what: `result${name ? ` of ${name}` : ''}`, key: `${e.id}:result`, linkPaths: true })],
  };
};

export function callChips(callId: string | undefined, parentCallId: string | undefined, stored: StoredEvent): Node[] {
  const chips: Node[] = [];
  if (callId !== undefined) chips.push(el('code', { class: 'chip call-id', text: callId, attrs: { title: 'Call id' } }));
  if (parentCallId !== undefined) {
    chips.push(
      el('span', { class: 'chip parent-call', attrs: { title: stored.orphan ? 'Parent call (not in this session)' : 'Parent call' } }, [
        stored.orphan ? 'inside missing call ' : 'inside ',
        el('code', { text: parentCallId }),
      ]),
    );
  }
  return chips;
}

export function jumpButton(ctx: RenderContext, index: number, icon: string, label: string): HTMLElement {
  const b = iconButton({ icon, ariaLabel: label, onClick: () => ctx.reveal(index) });
  b.classList.add('jump');
  return b;
}

function isNode(n: Node | null): n is Node {
  return n !== null;
}
