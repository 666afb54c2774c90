// Which events the list shows: kind checkboxes (in a popover, each with its count), "Only errors",
// and "Collapse all" / "Expand all".
import type { EventKind } from '../../src/model/schema';
import { EVENT_KINDS } from '../../src/model/schema';
import { codicon, iconButton } from '../components';
import { el, uniqueId } from '../dom';
import { formatCount } from '../format';

export const KIND_LABELS: Record<EventKind, string> = {
  user_message: 'User messages',
  assistant_message: 'Assistant messages',
  system_message: 'System messages',
  reasoning: 'Reasoning',
  tool_call: 'Tool calls',
  tool_result: 'Tool results',
  code_execution: 'Code',
  model_call: 'Model calls',
  error: 'Errors',
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
  update(hidden: ReadonlySet<EventKind>, onlyErrors: boolean, counts: ReadonlyMap<EventKind, number>): void;
}

export function filterBar(a: FilterActions): FilterBar {
  const popoverId = uniqueId('kinds');
  const kindsButton = el('button', { class: 'toolbar-button', attrs: { type: 'button', popovertarget: popoverId, 'aria-haspopup': 'true', 'data-control': 'kinds' } });
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
  const popover = el('div', { class: 'popover kinds', attrs: { id: popoverId, popover: 'auto', role: 'group', 'aria-label': 'Event kinds to show' } }, [
    el('p', { class: 'popover__title', text: 'Show these kinds' }),
    list,
  ]);
  // Under its button: popovers open in the top layer, centred unless placed.
  popover.addEventListener('toggle', (e) => {
    if ((e as ToggleEvent).newState !== 'open') return;
    const r = kindsButton.getBoundingClientRect();
    popover.style.top = `${Math.round(r.bottom + 4)}px`;
    popover.style.left = `${Math.round(Math.max(8, Math.min(r.left, window.innerWidth - popover.offsetWidth - 8)))}px`;
  });
  const onlyErrors = el('input', { attrs: { type: 'checkbox', 'data-control': 'only-errors' } });
  onlyErrors.addEventListener('change', () => a.setOnlyErrors(onlyErrors.checked));
  const collapse = iconButton({ icon: 'collapse-all', ariaLabel: 'Collapse all', onClick: () => a.collapseAll() });
  const expand = iconButton({ icon: 'expand-all', ariaLabel: 'Expand all', onClick: () => a.expandAll() });
  collapse.dataset.control = 'collapse-all';
  expand.dataset.control = 'expand-all';
  const element = el('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } }, [
    kindsButton,
    popover,
    el('label', { class: 'toolbar-check' }, [onlyErrors, el('span', { text: 'Only errors' })]),
    collapse,
    expand,
  ]);
  return {
    element,
    update(hidden, errorsOnly, counts) {
      const shownKinds = EVENT_KINDS.length - hidden.size;
      kindsButton.replaceChildren(codicon(hidden.size ? 'filter-filled' : 'filter'), el('span', { text: hidden.size ? `Kinds: ${shownKinds} of ${EVENT_KINDS.length}` : 'Kinds: all' }));
      kindsButton.classList.toggle('is-active', hidden.size > 0);
      for (const [kind, { input, count }] of boxes) {
        input.checked = !hidden.has(kind);
        count.textContent = formatCount(counts.get(kind) ?? 0);
      }
      onlyErrors.checked = errorsOnly;
    },
  };
}
