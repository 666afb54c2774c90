// A run waiting for a person: the tool that waits, its arguments, and what is asked — a yes/no
// (confirmation), values of given types (user input), picks among options (user feedback) or a
// result from running the tool elsewhere (external execution). Once someone decided, how.
// The chat page draws this same card and adds its Approve / Reject / answer controls below it.
import type { EventOfKind, PendingAsk } from '../../../src/model/schema';
import { badge } from '../../components';
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { jsonBlock } from '../jsonBlock';
import { textBlock } from '../textBlock';
import { callChips } from './tools';

type Pending = EventOfKind<'pending_input'>;

export const ASK_LABELS: Record<PendingAsk, string> = {
  confirmation: 'Needs confirmation',
  user_input: 'Needs input',
  user_feedback: 'Needs an answer',
  external_execution: 'Needs an external result',
};

/** The heading once someone answered: the card is a record of what was asked. */
const ASKED_LABELS: Record<PendingAsk, string> = {
  confirmation: 'Asked for confirmation',
  user_input: 'Asked for input',
  user_feedback: 'Asked for an answer',
  external_execution: 'Asked for an external result',
};

/** "Waiting", or how it was decided. */
export function pendingState(e: Pending): { text: string; tone: 'warning' | 'default' | 'muted' | 'error'; title: string } {
  const r = e.resolution;
  if (!r) return { text: 'waiting', tone: 'warning', title: 'The run is paused until someone answers' };
  if (r.outcome === 'approved') return { text: 'approved', tone: 'default', title: 'Someone approved this tool call' };
  if (r.outcome === 'rejected') return { text: 'rejected', tone: 'muted', title: 'Someone rejected this tool call' };
  return { text: 'answered', tone: 'default', title: 'Someone gave what was asked' };
}

export const pendingInput: EventRenderer<'pending_input'> = (e, stored, ctx) => {
  const state = pendingState(e);
  const chips: Node[] = [badge(state.text, { tone: state.tone, title: state.title }), ...callChips(e.callId, undefined, stored)];
  if (e.agentName) chips.unshift(el('span', { class: 'chip', text: e.agentName, attrs: { title: 'Whose step this is' } }));
  const body: Node[] = [];
  if (e.text) body.push(textBlock(e.text, { className: 'message-text pending__text', what: 'pause note', key: `${e.id}:text` }));
  // A workflow step waiting for a person is no tool call: it has no arguments to show.
  if (e.arguments !== null && e.arguments !== undefined)
    body.push(
      el('div', { class: 'field-label', text: 'Arguments' }),
      jsonBlock(ctx, e.arguments, { what: `arguments of ${e.name}`, key: `${e.id}:arguments` }),
    );
  if (e.fields?.length) {
    body.push(el('div', { class: 'field-label', text: 'Asked for' }));
    body.push(
      el(
        'dl',
        { class: 'fields pending__fields' },
        e.fields.flatMap((f) => [
          el('dt', { class: 'field-name' }, [f.name, f.type ? el('code', { class: 'pending__type', text: ` ${f.type}` }) : null]),
          el('dd', { class: 'field-value' }, [
            f.description ? el('span', { class: 'pending__description', text: f.description }) : null,
            f.value !== undefined && f.value !== null
              ? el('span', {
                  class: 'scalar pending__value',
                  text: ` = ${typeof f.value === 'string' ? f.value : JSON.stringify(f.value)}`,
                })
              : null,
          ]),
        ]),
      ),
    );
  }
  if (e.questions?.length) {
    body.push(el('div', { class: 'field-label', text: 'Questions' }));
    body.push(
      el(
        'ul',
        { class: 'pending__questions' },
        e.questions.map((q) =>
          el('li', {}, [
            el('span', { class: 'pending__question', text: q.question }),
            el('span', {
              class: 'pending__options',
              text: ` (${q.multiSelect ? 'pick any' : 'pick one'}: ${q.options.map((o) => o.label).join(' · ')})`,
            }),
            q.selected?.length ? el('span', { class: 'scalar pending__value', text: ` → ${q.selected.join(', ')}` }) : null,
          ]),
        ),
      ),
    );
  }
  const r = e.resolution;
  if (r) {
    if (r.note)
      body.push(
        el('div', { class: 'field-label', text: 'Note' }),
        textBlock(r.note, { className: 'message-text', what: 'note', key: `${e.id}:note` }),
      );
    if (r.result !== undefined)
      body.push(
        el('div', { class: 'field-label', text: 'Result given' }),
        jsonBlock(ctx, r.result, { what: `result given for ${e.name}`, key: `${e.id}:result` }),
      );
  }
  return {
    icon: r ? (r.outcome === 'rejected' ? 'circle-slash' : 'pass') : 'debug-pause',
    label: (r ? ASKED_LABELS : ASK_LABELS)[e.ask] ?? 'Waiting for a person',
    title: e.name,
    tone: r ? undefined : 'warning',
    chips,
    body,
  };
};
