// Errors stand out: error colours, the code (when given) and the message as the provider wrote it.
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';

/** Asks the editor's language model why this failed (the host opens the Chat view with /explain). */
function whyButton(eventId: string, post: (m: { type: 'explain'; eventId: string }) => void): HTMLElement {
  const b = el('button', {
    class: 'breakdown__action why-failed',
    text: 'Why did this fail?',
    attrs: { type: 'button', title: "Ask the editor's language model about this error" },
  });
  b.addEventListener('click', () => post({ type: 'explain', eventId }));
  return b;
}

export const errorEvent: EventRenderer<'error'> = (e, _stored, ctx) => ({
  icon: 'error',
  label: 'Error',
  tone: 'error',
  body: [
    el('div', { class: 'error-message' }, [
      e.code ? el('code', { class: 'error-code', text: e.code, attrs: { title: 'Error code' } }) : null,
      textBlock(e.message, { className: 'message-text', what: 'error message', key: `${e.id}:message` }),
    ]),
    // Only where the page can ask (the inspector): the chat's protocol has no explain.
    ...(ctx.ask ? [whyButton(e.id, ctx.ask)] : []),
  ],
});
