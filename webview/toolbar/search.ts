// The search field, the "3 / 17" count (announced to screen readers) and next / previous; the
// search itself is matchScan.ts.
import { iconButton } from '../components';
import { el } from '../dom';
import { formatCount } from '../format';

export interface SearchActions {
  /** The query changed (debounced by the caller's frame). */
  query(text: string): void;
  next(): void;
  prev(): void;
}

export interface SearchBox {
  element: HTMLElement;
  input: HTMLInputElement;
  /** `current` is 0-based, -1 when no match is selected; `counting` while the rest of the session is still searched. */
  show(current: number, total: number, query: string, counting?: boolean): void;
}

export function searchBox(a: SearchActions): SearchBox {
  const input = el('input', {
    class: 'search__input',
    attrs: { type: 'search', placeholder: 'Search (/)', 'aria-label': 'Search all events', spellcheck: 'false', autocomplete: 'off' },
  });
  const count = el('span', { class: 'search__count', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  const prev = iconButton({ icon: 'arrow-up', ariaLabel: 'Previous match (Shift+Enter)', onClick: () => a.prev() });
  const next = iconButton({ icon: 'arrow-down', ariaLabel: 'Next match (Enter)', onClick: () => a.next() });
  prev.dataset.control = 'search-prev';
  next.dataset.control = 'search-next';
  let timer: number | undefined;
  input.addEventListener('input', () => {
    // One search per pause in typing, not one per key.
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = undefined;
      a.query(input.value);
    }, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (timer !== undefined) {
        // The query was still waiting for a pause in typing: search now, and stay on its first match.
        window.clearTimeout(timer);
        timer = undefined;
        a.query(input.value);
        if (!e.shiftKey) return;
      }
      if (e.shiftKey) a.prev();
      else a.next();
    } else if (e.key === 'Escape') {
      // Escape clears the search and leaves the field, so Space and the arrows replay again.
      e.preventDefault();
      e.stopPropagation();
      if (input.value) {
        input.value = '';
        a.query('');
      }
      input.blur();
    }
  });
  const element = el('div', { class: 'search', attrs: { role: 'search' } }, [
    el('span', { class: 'codicon codicon-search search__icon', attrs: { 'aria-hidden': 'true' } }),
    input,
    count,
    prev,
    next,
  ]);
  return {
    element,
    input,
    show(current, total, query, counting = false) {
      const has = query.trim().length > 0;
      const more = counting ? '…' : '';
      count.textContent = !has
        ? ''
        : total === 0
          ? counting
            ? 'Searching…'
            : 'No matches'
          : `${current >= 0 ? formatCount(current + 1) : '–'} / ${formatCount(total)}${more}`;
      count.setAttribute(
        'aria-label',
        !has
          ? ''
          : total === 0
            ? counting
              ? 'Searching'
              : 'No matches'
            : `Match ${current + 1} of ${counting ? 'at least ' : ''}${total} events${counting ? ', still searching' : ''}`,
      );
      prev.disabled = next.disabled = total === 0;
      element.classList.toggle('has-no-matches', has && total === 0 && !counting);
    },
  };
}
