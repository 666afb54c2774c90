// Text as it was written (whitespace and line breaks kept), via textContent only. Very long text
// shows its beginning and a "Show all" button, so one 10 MB message does not stall the page.
// "Show all" is remembered under `key` (event id + part), so a row drawn again stays opened.
import type { CorePageMessage } from '../../src/protocol/core';
import { button } from '../components';
import { linkedText } from '../content/fileLinks';
import { remember, remembered } from '../content/memory';
import { el } from '../dom';
import { formatCount } from '../format';

export interface TextBlockOptions {
  className: string;
  /** <pre> for code and output, <div> for prose. */
  tag?: 'pre' | 'div';
  maxChars?: number;
  maxLines?: number;
  /** What the text is, for the "Show all" button's label ("message", "output"…). */
  what: string;
  /** Where "Show all" is remembered, e.g. `${event.id}:output`. */
  key?: string;
  /** Make paths of workspace files into links (tool output); posts through this. */
  linkPaths?: (message: CorePageMessage) => void;
  /** Draws the text into `into` instead of setting textContent (e.g. syntax highlighting). */
  draw?: (into: HTMLElement, text: string) => void;
}

/** Beyond this even "Show all" adds the text a megabyte at a time: one huge text node stalls layout. */
const SHOW_STEP_CHARS = 1_000_000;

export function textBlock(text: string, o: TextBlockOptions): HTMLElement {
  const body = el(o.tag ?? 'div', { class: o.className });
  const fill = (shown: string) => {
    body.textContent = '';
    if (o.draw) o.draw(body, shown);
    else if (o.linkPaths) body.append(linkedText(shown, o.linkPaths));
    else body.textContent = shown;
  };
  const cut = cutPoint(text, o.maxChars ?? 8000, o.maxLines ?? 80);
  const rememberedShown = o.key ? remembered<number>(`${o.key}|shown`) : undefined;
  let shown = Math.max(cut, rememberedShown ?? 0);
  if (shown >= text.length) {
    fill(text);
    return body;
  }
  fill(text.slice(0, shown));
  body.classList.add('is-truncated');
  const wrapper = el('div', { class: 'text-block' }, [body]);
  const label = () => {
    const rest = text.length - shown;
    return rest > SHOW_STEP_CHARS
      ? { label: `Show more (${formatCount(SHOW_STEP_CHARS)} of ${formatCount(rest)} more characters)`, aria: `Show more of the ${o.what}` }
      : {
          label: `Show all (${formatCount(text.length)} characters)`,
          aria: `Show the whole ${o.what}, ${formatCount(text.length)} characters`,
        };
  };
  const first = label();
  const more = button({
    label: first.label,
    icon: 'unfold',
    ariaLabel: first.aria,
    onClick: () => {
      shown = text.length - shown > SHOW_STEP_CHARS ? shown + SHOW_STEP_CHARS : text.length;
      if (o.key) remember(`${o.key}|shown`, shown);
      fill(text.slice(0, shown));
      if (shown >= text.length) {
        body.classList.remove('is-truncated');
        more.remove();
        return;
      }
      const next = label();
      more.lastChild!.textContent = next.label;
      more.setAttribute('aria-label', next.aria);
      more.setAttribute('title', next.aria);
    },
  });
  more.classList.add('show-all');
  wrapper.append(more);
  return wrapper;
}

/** Where to cut: after `maxLines` lines or `maxChars` characters, whichever comes first. */
export function cutPoint(text: string, maxChars: number, maxLines: number): number {
  if (text.length <= maxChars && text.length < maxLines * 2) return text.length;
  let pos = -1;
  for (let line = 0; line < maxLines; line++) {
    pos = text.indexOf('\n', pos + 1);
    if (pos < 0 || pos >= maxChars) return Math.min(text.length, maxChars);
  }
  return pos;
}
