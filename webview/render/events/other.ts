// Events the mapping does not know: the provider's type name, its text if any, and every field,
// so nothing the provider sent is hidden.
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { jsonBlock } from '../jsonBlock';
import { textBlock } from '../textBlock';

export const otherEvent: EventRenderer<'other'> = (e, _stored, ctx) => {
  const keys = Object.keys(e.fields);
  const rows: Node[] = [];
  for (const key of keys) {
    const value = e.fields[key];
    const isScalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    rows.push(el('dt', { class: 'field-name', text: key }));
    rows.push(
      el('dd', { class: 'field-value' }, [
        isScalar && !(typeof value === 'string' && (value.length > 200 || value.includes('\n')))
          ? el('span', { class: 'scalar', text: value === null ? 'null' : String(value) })
          : jsonBlock(ctx, value, { what: `field ${key}`, key: `${e.id}:field:${key}` }),
      ]),
    );
  }
  return {
    icon: 'question',
    label: 'Other event',
    title: e.type,
    body: [
      e.text !== undefined ? textBlock(e.text, { className: 'message-text', what: 'text', key: `${e.id}:text` }) : null,
      keys.length ? el('dl', { class: 'fields' }, rows) : el('p', { class: 'empty-note', text: 'No further fields.' }),
    ].filter((n): n is HTMLElement => n !== null),
  };
};
