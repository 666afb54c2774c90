// Text search over every event the filters let through, run on the store's lower-cased search
// text (never the DOM, so events far off screen are found too). The field, the "3 / 17" count
// (announced to screen readers) and next / previous.
import { iconButton } from '../components';
import { el } from '../dom';
import { formatCount } from '../format';
import type { SessionStore } from '../store/sessionStore';

/** Events whose text contains `query` (case-insensitive), in order, among `candidates` (ascending). */
export function findMatches(store: SessionStore, candidates: Int32Array, query: string): Int32Array {
  const q = query.trim().toLowerCase();
  if (!q) return new Int32Array(0);
  const found = store.searchText.find(q);
  // Every event passes the filters: nothing to take out.
  if (candidates.length === store.searchText.size) return found;
  const out = new Int32Array(Math.min(found.length, candidates.length));
  let n = 0;
  for (let a = 0, c = 0; a < found.length && c < candidates.length;) {
    if (found[a]! < candidates[c]!) a++;
    else if (found[a]! > candidates[c]!) c++;
    else {
      out[n++] = found[a]!;
      a++;
      c++;
    }
  }
  return out.subarray(0, n);
}

export interface SearchActions {
  /** The query changed (debounced by the caller's frame). */
  query(text: string): void;
  next(): void;
  prev(): void;
}

export interface SearchBox {
  element: HTMLElement;
  input: HTMLInputElement;
  /** `current` is 0-based, -1 when no match is selected. */
  show(current: number, total: number, query: string): void;
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
    show(current, total, query) {
      const has = query.trim().length > 0;
      count.textContent = !has
        ? ''
        : total === 0
          ? 'No matches'
          : `${current >= 0 ? formatCount(current + 1) : '–'} / ${formatCount(total)}`;
      count.setAttribute('aria-label', !has ? '' : total === 0 ? 'No matches' : `Match ${current + 1} of ${total} events`);
      prev.disabled = next.disabled = total === 0;
      element.classList.toggle('has-no-matches', has && total === 0);
    },
  };
}
