// Tool arguments, results and unknown fields as formatted JSON. Small values are printed at once;
// large ones show their first lines and print the rest only when "Show all" is pressed.
import { button, iconButton } from '../components';
import { el } from '../dom';
import type { RenderContext } from './context';
import { prettyFull, prettyPreview } from './prettyJson';
import { textBlock } from './textBlock';

const PREVIEW_LINES = 20;
const PREVIEW_CHARS = 4000;

export interface JsonBlockOptions {
  /** What the value is ("arguments", "result"…), for labels. */
  what: string;
}

export function jsonBlock(ctx: RenderContext, value: unknown, o: JsonBlockOptions): HTMLElement {
  let data = value;
  let note: string | undefined;
  if (typeof value === 'string') {
    const parsed = parseJsonText(value);
    if (parsed === undefined) {
      // Plain text stays text: no quotes, no escapes.
      return el('div', { class: 'json-block' }, [textBlock(value, { className: 'code-text', tag: 'pre', what: o.what })]);
    }
    data = parsed.value;
    note = 'JSON text, shown formatted';
  }
  if (data === undefined) return el('p', { class: 'empty-note', text: `No ${o.what}.` });

  const preview = prettyPreview(data, PREVIEW_LINES, PREVIEW_CHARS);
  const pre = el('pre', { class: 'code-text json-text', text: preview.text });
  const copy = iconButton({
    icon: 'copy',
    ariaLabel: `Copy ${o.what}`,
    onClick: () => ctx.post({ type: 'copy', text: typeof value === 'string' ? value : prettyFull(data) }),
  });
  const tools = el('div', { class: 'block-tools' }, [note ? el('span', { class: 'block-note', text: note }) : null, copy]);
  const block = el('div', { class: 'json-block' }, [tools, pre]);
  if (!preview.complete) {
    pre.classList.add('is-truncated');
    const more = button({
      label: 'Show all',
      icon: 'unfold',
      ariaLabel: `Show all of the ${o.what}`,
      onClick: () => {
        pre.textContent = prettyFull(data);
        pre.classList.remove('is-truncated');
        more.remove();
      },
    });
    more.classList.add('show-all');
    block.append(more);
  }
  return block;
}

function parseJsonText(text: string): { value: unknown } | undefined {
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    return { value: JSON.parse(t) };
  } catch {
    return undefined;
  }
}
