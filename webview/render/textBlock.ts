// Text as it was written (whitespace and line breaks kept), via textContent only. Very long text
// shows its beginning and a "Show all" button, so one 10 MB message does not stall the page.
import { button } from '../components';
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
}

export function textBlock(text: string, o: TextBlockOptions): HTMLElement {
  const body = el(o.tag ?? 'div', { class: o.className });
  const cut = cutPoint(text, o.maxChars ?? 8000, o.maxLines ?? 80);
  if (cut >= text.length) {
    body.textContent = text;
    return body;
  }
  body.textContent = text.slice(0, cut);
  body.classList.add('is-truncated');
  const wrapper = el('div', { class: 'text-block' }, [body]);
  const more = button({
    label: `Show all (${formatCount(text.length)} characters)`,
    icon: 'unfold',
    ariaLabel: `Show the whole ${o.what}, ${formatCount(text.length)} characters`,
    onClick: () => {
      body.textContent = text;
      body.classList.remove('is-truncated');
      more.remove();
    },
  });
  more.classList.add('show-all');
  wrapper.append(more);
  return wrapper;
}

/** Where to cut: after `maxLines` lines or `maxChars` characters, whichever comes first. */
function cutPoint(text: string, maxChars: number, maxLines: number): number {
  if (text.length <= maxChars && text.length < maxLines * 2) return text.length;
  let pos = -1;
  for (let line = 0; line < maxLines; line++) {
    pos = text.indexOf('\n', pos + 1);
    if (pos < 0 || pos >= maxChars) return Math.min(text.length, maxChars);
  }
  return pos;
}
