// Marks search matches in the text of the drawn rows with the CSS Custom Highlight API: ranges
// over the existing text nodes, styled by ::highlight(). Nothing is inserted into the rows, so
// renderers' DOM stays as they built it and agent text is never re-parsed.
const ALL = 'ai-search';
const CURRENT = 'ai-search-current';
/** A row's text is searched only this far (a "Show all" of megabytes stays responsive). */
const MAX_NODE_CHARS = 200_000;
const MAX_RANGES_PER_ROW = 500;

export function highlightSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

/** Ranges where `query` occurs (case-insensitive) in the text under `root`. */
export function matchRanges(root: Node, query: string): Range[] {
  const q = query.toLowerCase();
  const ranges: Range[] = [];
  if (!q) return ranges;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && ranges.length < MAX_RANGES_PER_ROW; node = walker.nextNode()) {
    const text = (node.nodeValue ?? '').slice(0, MAX_NODE_CHARS).toLowerCase();
    // toLowerCase keeps lengths for all but a few characters (e.g. "İ"); a range past the end is skipped.
    for (let at = text.indexOf(q); at >= 0 && ranges.length < MAX_RANGES_PER_ROW; at = text.indexOf(q, at + q.length)) {
      if (at + q.length > (node.nodeValue ?? '').length) break;
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + q.length);
      ranges.push(r);
    }
  }
  return ranges;
}

/** Replaces the page's search highlights: `rows` are the drawn matching rows, `current` the selected one. */
export function paintHighlights(rows: Iterable<HTMLElement>, current: HTMLElement | undefined, query: string): number {
  if (!highlightSupported()) return 0;
  const all: Range[] = [];
  const cur: Range[] = [];
  const q = query.trim();
  if (q) {
    for (const row of rows) {
      const card = row.querySelector('.event__card') ?? row;
      const found = matchRanges(card, q);
      (row === current ? cur : all).push(...found);
    }
  }
  CSS.highlights.set(ALL, new Highlight(...all));
  CSS.highlights.set(CURRENT, new Highlight(...cur));
  return all.length + cur.length;
}
