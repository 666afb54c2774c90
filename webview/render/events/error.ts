// Errors stand out: error colours, the code (when given) and the message as the provider wrote it.
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';

export const errorEvent: EventRenderer<'error'> = (e) => ({
  icon: 'error',
  label: 'Error',
  tone: 'error',
  body: [
    el('div', { class: 'error-message' }, [
      e.code ? el('code', { class: 'error-code', text: e.code, attrs: { title: 'Error code' } }) : null,
      textBlock(e.message, { className: 'message-text', what: 'error message', key: `${e.id}:message` }),
    ]),
  ],
});
