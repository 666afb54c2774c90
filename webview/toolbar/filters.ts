// Which events the list shows: kind checkboxes (in a popover, each with its count), "Only errors",
// and "Collapse all" / "Expand all".
import type { EventKind } from '../../src/model/schema';
import { EVENT_KINDS } from '../../src/model/schema';
import { codicon, iconButton } from '../components';
import { el, uniqueId } from '../dom';
import { formatCount } from '../format';
import { placeBeside } from './popover';
import { ERRORS_MEAN } from '../render/totals';

export const KIND_LABELS: Record<EventKind, string> = {
  user_message: 'User messages',
  assistant_message: 'Assistant messages',
  system_message: 'System messages',
  reasoning: 'Reasoning',
  tool_call: 'Tool calls',
  tool_result: 'Tool results',
  code_execution: 'Code',
  model_call: 'Model calls',
  // The kind only: failed tool calls and model calls are errors too ("Only errors", the totals).
  error: 'Error events',
  pending_input: 'Waiting for a person',
  other: 'Other events',
};

export interface FilterActions {
  setKind(kind: EventKind, shown: boolean): void;
  setOnlyErrors(only: boolean): void;
  collapseAll(): void;
  expandAll(): void;
}

export interface FilterBar {
  element: HTMLElement;
  /** `errors`: every error ("Only errors" shows them): error events, failed tool calls and model calls. */
  update(hidden: ReadonlySet<EventKind>, onlyErrors: boolean, counts: ReadonlyMap<EventKind, number>, errors: number): void;
}

export function filterBar(a: FilterActions): FilterBar {
  const popoverId = uniqueId('kinds');
  const kindsButton = el('button', {
    class: 'toolbar-button',
    attrs: { type: 'button', popovertarget: popoverId, 'aria-haspopup': 'true', 'data-control': 'kinds' },
  });
  const boxes = new Map<EventKind, { input: HTMLInputElement; count: HTMLElement }>();
  const list = el(
    'div',
    { class: 'kinds__list' },
    EVENT_KINDS.map((kind) => {
      const input = el('input', { attrs: { type: 'checkbox', 'data-kind': kind } });
      input.checked = true;
      input.addEventListener('change', () => a.setKind(kind, input.checked));
      const count = el('span', { class: 'kinds__count' });
      boxes.set(kind, { input, count });
      return el('label', { class: 'kinds__option' }, [input, el('span', { text: KIND_LABELS[kind] }), count]);
    }),
  );
  const popover = el(
    'div',
    { class: 'popover kinds', attrs: { id: popoverId, popover: 'auto', role: 'group', 'aria-label': 'Event kinds to show' } },
    [el('p', { class: 'popover__title', text: 'Show these kinds' }), list],
  );
  placeBeside(popover, kindsButton);
  const onlyErrors = el('input', { attrs: { type: 'checkbox', 'data-control': 'only-errors' } });
  const errorCount = el('span', { class: 'toolbar-check__count' });
  onlyErrors.addEventListener('change', () => a.setOnlyErrors(onlyErrors.checked));
  const collapse = iconButton({ icon: 'collapse-all', ariaLabel: 'Collapse all', onClick: () => a.collapseAll() });
  const expand = iconButton({ icon: 'expand-all', ariaLabel: 'Expand all', onClick: () => a.expandAll() });
  collapse.dataset.control = 'collapse-all';
  expand.dataset.control = 'expand-all';
  const element = el('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } }, [
    kindsButton,
    popover,
    el('label', { class: 'toolbar-check', attrs: { title: `${ERRORS_MEAN}: the Errors of the totals` } }, [
      onlyErrors,
      el('span', { text: 'Only errors' }),
      errorCount,
    ]),
    collapse,
    expand,
  ]);
  return {
    element,
    update(hidden, errorsOnly, counts, errors) {
      errorCount.textContent = ` (${formatCount(errors)})`;
      const shownKinds = EVENT_KINDS.length - hidden.size;
      kindsButton.replaceChildren(
        codicon(hidden.size ? 'filter-filled' : 'filter'),
        el('span', { text: hidden.size ? `Kinds: ${shownKinds} of ${EVENT_KINDS.length}` : 'Kinds: all' }),
      );
      kindsButton.classList.toggle('is-active', hidden.size > 0);
      for (const [kind, { input, count }] of boxes) {
        input.checked = !hidden.has(kind);
        count.textContent = formatCount(counts.get(kind) ?? 0);
      }
      onlyErrors.checked = errorsOnly;
    },
  };
}
