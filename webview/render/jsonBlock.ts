// Tool arguments, results and unknown fields: JSON as a collapsible tree (content/jsonTree.ts);
// a string that holds JSON text is parsed and shown as a tree too, other strings as text.
import { jsonTree } from '../content/jsonTree';
import { el } from '../dom';
import type { RenderContext } from './context';
import { textBlock } from './textBlock';

export interface JsonBlockOptions {
  /** What the value is ("arguments", "result"…), for labels. */
  what: string;
  /** Where expanded nodes and "show all" are remembered, e.g. `${event.id}:result`. */
  key: string;
  /** Make strings naming workspace files into links (tool arguments and results). */
  linkPaths?: boolean;
}

/** JSON text beyond this is shown as text rather than parsed on the main thread. */
const PARSE_MAX_CHARS = 5_000_000;

export function jsonBlock(ctx: RenderContext, value: unknown, o: JsonBlockOptions): HTMLElement {
  let data = value;
  let note: string | undefined;
  if (typeof value === 'string') {
    const parsed = parseJsonText(value);
    if (parsed === undefined) {
      // Plain text stays text: no quotes, no escapes.
      return el('div', { class: 'json-block' }, [
        textBlock(value, { className: 'code-text', tag: 'pre', what: o.what, key: o.key, linkPaths: o.linkPaths ? ctx.post : undefined }),
      ]);
    }
    data = parsed.value;
    note = 'JSON text, shown as a tree';
  }
  if (data === undefined) return el('p', { class: 'empty-note', text: `No ${o.what}.` });
  const tree = jsonTree(data, { post: ctx.post, key: o.key, what: o.what, linkPaths: o.linkPaths });
  if (note) tree.querySelector('.block-tools')?.prepend(el('span', { class: 'block-note', text: note }));
  return el('div', { class: 'json-block' }, [tree]);
}

function parseJsonText(text: string): { value: unknown } | undefined {
  if (text.length > PARSE_MAX_CHARS) return undefined;
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    return { value: JSON.parse(t) };
  } catch {
    return undefined;
  }
}
