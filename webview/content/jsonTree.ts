// Tool arguments and results as a collapsible JSON tree: each object or array folds, every node
// can copy its value or its path (`$.results[3].title`), long strings fold behind "Show all".
//
// Built for hostile sizes: rows are a flat list (indentation is a CSS variable, not nesting), so
// JSON nested 10,000 levels deep is neither a 10,000-deep DOM nor a 10,000-deep recursion — every
// walk here is iterative. Children are built only when their parent opens, 100 at a time, and
// what the reader opened is kept in content/memory.ts so a re-created row comes back the same.
import type { CorePageMessage } from '../../src/protocol/core';
import { codicon, iconButton } from '../components';
import { el } from '../dom';
import { formatCount } from '../format';
import { linkedText } from './fileLinks';
import { formatPath } from './jsonPath';
import { stringifyPretty } from '../../src/model/jsonText';
import { remember, remembered } from './memory';

type Post = (message: CorePageMessage) => void;

export interface JsonTreeOptions {
  post: Post;
  /** Memory key of this tree, e.g. `${event.id}:result`. */
  key: string;
  /** What the value is ("arguments of search"), for labels. */
  what: string;
  /** Make strings naming workspace files into links. */
  linkPaths?: boolean;
}

/** Children shown per "Show more". */
export const PAGE = 100;
/** A string longer than this (or with more lines) shows its beginning and "Show all". */
export const STRING_FOLD_CHARS = 300;
const STRING_FOLD_LINES = 6;
/** "Show all" on a string adds at most this much at a time. */
const STRING_STEP_CHARS = 1_000_000;
/** Open by default: containers this shallow and this small. */
const AUTO_OPEN_LEVELS = 2;
const AUTO_OPEN_SIZE = 20;
/** "Expand all" opens at most this many nodes. */
const EXPAND_ALL_BUDGET = 2000;
/** Indentation stops growing here; deeper rows say their level instead. */
const MAX_INDENT = 24;

interface Node {
  readonly value: unknown;
  readonly parent: Node | undefined;
  /** Key in the parent object, index in the parent array; undefined for the root. */
  readonly step: string | number | undefined;
  readonly level: number;
  readonly path: string;
}

interface MoreMarker {
  readonly more: Node;
  readonly shown: number;
}

type Container = unknown[] | Record<string, unknown>;

export function jsonTree(value: unknown, o: JsonTreeOptions): HTMLElement {
  const tree = el('div', { class: 'json-tree', attrs: { 'aria-label': o.what } });
  const rows = new WeakMap<Element, Node | MoreMarker>();
  const root: Node = { value, parent: undefined, step: undefined, level: 0, path: '$' };
  const mem = (node: Node, part: string) => `${o.key}|${node.path}|${part}`;

  const isOpen = (node: Node): boolean => {
    const c = containerSize(node.value);
    if (c === undefined) return false;
    const saved = remembered<boolean>(mem(node, 'open'));
    if (saved !== undefined) return saved;
    return (
      node.level < AUTO_OPEN_LEVELS &&
      c <= AUTO_OPEN_SIZE &&
      (node.parent === undefined || (containerSize(node.parent.value) ?? 0) <= AUTO_OPEN_SIZE)
    );
  };
  const shownCount = (node: Node) => remembered<number>(mem(node, 'shown')) ?? PAGE;

  /** The rows of `start` and its open descendants, in order, without recursion. */
  const buildRows = (start: Node, includeStart: boolean): HTMLElement[] => {
    const out: HTMLElement[] = [];
    const stack: Array<Node | MoreMarker> = [start];
    let first = true;
    while (stack.length) {
      const item = stack.pop()!;
      if ('more' in item) {
        out.push(moreRow(item));
        continue;
      }
      if (!first || includeStart) out.push(nodeRow(item));
      first = false;
      if (!isOpen(item)) continue;
      const kids = childrenOf(item, shownCount(item));
      const total = containerSize(item.value) ?? 0;
      if (kids.length < total) stack.push({ more: item, shown: kids.length });
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  };

  const nodeRow = (node: Node): HTMLElement => {
    const size = containerSize(node.value);
    // The path goes on the row for tests and styling, unless a hostile depth makes it huge.
    const row = el('div', {
      class: 'jt-row',
      attrs: { 'data-level': String(node.level), 'data-path': node.path.length <= 200 ? node.path : undefined },
    });
    row.style.setProperty('--jt-indent', String(Math.min(node.level, MAX_INDENT)));
    rows.set(row, node);
    const label = node.step === undefined ? o.what : typeof node.step === 'number' ? `item ${node.step}` : node.step;
    if (size !== undefined) {
      const open = isOpen(node);
      const toggle = el('button', {
        class: 'jt-toggle',
        attrs: {
          type: 'button',
          'data-action': 'toggle',
          'aria-expanded': String(open),
          'aria-label': `${open ? 'Collapse' : 'Expand'} ${label}`,
        },
      });
      toggle.append(codicon(open ? 'chevron-down' : 'chevron-right'));
      row.append(toggle);
    } else row.append(el('span', { class: 'jt-spacer' }));
    if (node.level > MAX_INDENT)
      row.append(el('span', { class: 'jt-level', text: `level ${formatCount(node.level)}`, attrs: { title: 'Nesting depth' } }));
    if (node.step !== undefined) {
      row.append(
        el('span', { class: typeof node.step === 'number' ? 'jt-key jt-index' : 'jt-key', text: String(node.step) }),
        el('span', { class: 'jt-colon', text: ': ' }),
      );
    }
    row.append(valueView(node, size));
    row.append(
      el('span', { class: 'jt-actions' }, [
        actionButton('copy', 'copy-value', `Copy the value at ${shorten(node.path)}`),
        actionButton('symbol-field', 'copy-path', `Copy the path ${shorten(node.path)}`),
      ]),
    );
    return row;
  };

  const valueView = (node: Node, size: number | undefined): HTMLElement => {
    const v = node.value;
    if (size !== undefined) {
      const isArray = Array.isArray(v);
      const summary = isArray
        ? `[${formatCount(size)} ${size === 1 ? 'item' : 'items'}]`
        : `{${formatCount(size)} ${size === 1 ? 'key' : 'keys'}}`;
      return el('span', { class: 'jt-summary', text: isOpen(node) || size === 0 ? summary : `${summary} ${preview(v as Container)}` });
    }
    if (typeof v === 'string') return stringView(node, v);
    if (typeof v === 'number') return el('span', { class: 'jt-number', text: Number.isFinite(v) ? String(v) : 'null' });
    if (typeof v === 'boolean') return el('span', { class: 'jt-boolean', text: String(v) });
    if (v === null || v === undefined) return el('span', { class: 'jt-null', text: 'null' });
    return el('span', { class: 'jt-other', text: String(v) });
  };

  const stringView = (node: Node, s: string): HTMLElement => {
    const span = el('span', { class: 'jt-string' });
    const cut = stringCut(s);
    const shown = Math.max(cut, remembered<number>(mem(node, 'chars')) ?? 0);
    const text = shown >= s.length ? s : s.slice(0, shown);
    const body = el('span', { class: 'jt-string__text' });
    if (o.linkPaths) body.append(linkedText(text, o.post));
    else body.textContent = text;
    span.append(body);
    if (shown < s.length) {
      const rest = s.length - shown;
      const step = rest > STRING_STEP_CHARS;
      span.append(
        el('span', { class: 'jt-ellipsis', text: '…' }),
        el('button', {
          class: 'jt-show-all',
          text: step ? `show more (${formatCount(rest)} characters left)` : `show all (${formatCount(s.length)} characters)`,
          attrs: {
            type: 'button',
            'data-action': 'show-all',
            'aria-label': `Show all of the string at ${shorten(node.path)}, ${formatCount(s.length)} characters`,
          },
        }),
      );
    }
    return span;
  };

  const moreRow = (m: MoreMarker): HTMLElement => {
    const total = containerSize(m.more.value) ?? 0;
    const row = el('div', { class: 'jt-row jt-more', attrs: { 'data-level': String(m.more.level + 1) } });
    row.style.setProperty('--jt-indent', String(Math.min(m.more.level + 1, MAX_INDENT)));
    rows.set(row, m);
    row.append(
      el('span', { class: 'jt-spacer' }),
      el('button', {
        class: 'jt-show-more',
        text: `Show ${formatCount(Math.min(PAGE, total - m.shown))} more (${formatCount(m.shown)} of ${formatCount(total)} shown)`,
        attrs: { type: 'button', 'data-action': 'more' },
      }),
    );
    return row;
  };

  /** Removes the rows below `row` that belong to it (deeper level), without recursion. */
  const removeDescendants = (row: Element, level: number) => {
    for (let next = row.nextElementSibling; next && Number((next as HTMLElement).dataset.level) > level; next = row.nextElementSibling)
      next.remove();
  };

  const redraw = (row: HTMLElement, node: Node) => {
    removeDescendants(row, node.level);
    const fresh = buildRows(node, true);
    row.replaceWith(...fresh);
    return fresh[0];
  };

  tree.addEventListener('click', (event) => {
    const target = (event.target as Element).closest<HTMLElement>('[data-action]');
    const row = target?.closest<HTMLElement>('.jt-row');
    if (!target || !row || !tree.contains(row)) return;
    const item = rows.get(row);
    if (!item) return;
    const action = target.dataset.action;
    if ('more' in item) {
      if (action !== 'more') return;
      const node = item.more;
      remember(mem(node, 'shown'), item.shown + PAGE);
      const parentRow = findRow(row, node);
      if (parentRow) redraw(parentRow, node)?.querySelector<HTMLElement>('.jt-toggle')?.focus();
      return;
    }
    const node = item;
    switch (action) {
      case 'toggle': {
        remember(mem(node, 'open'), !isOpen(node));
        redraw(row, node)?.querySelector<HTMLElement>('.jt-toggle')?.focus();
        return;
      }
      case 'show-all': {
        const s = node.value as string;
        const shown = Math.max(stringCut(s), remembered<number>(mem(node, 'chars')) ?? 0);
        remember(mem(node, 'chars'), s.length - shown > STRING_STEP_CHARS ? shown + STRING_STEP_CHARS : s.length);
        const fresh = nodeRow(node);
        row.replaceWith(fresh);
        (fresh.querySelector<HTMLElement>('.jt-show-all') ?? fresh.querySelector<HTMLElement>('[data-action="copy-value"]'))?.focus();
        return;
      }
      case 'copy-value':
        o.post({ type: 'copy', text: typeof node.value === 'string' ? node.value : stringifyPretty(node.value) });
        return;
      case 'copy-path':
        o.post({ type: 'copy', text: node.path });
        return;
    }
  });

  /** The row of `node`, searched upwards from a row below it. */
  const findRow = (from: Element, node: Node): HTMLElement | undefined => {
    for (let r: Element | null = from; r; r = r.previousElementSibling) if (rows.get(r) === node) return r as HTMLElement;
    return undefined;
  };

  const setAll = (open: boolean) => {
    if (open) {
      // Breadth first, so a huge or very deep value opens its top levels before the budget runs out.
      const queue: Node[] = [root];
      let budget = EXPAND_ALL_BUDGET;
      for (let i = 0; i < queue.length && budget > 0; i++) {
        const node = queue[i]!;
        if (containerSize(node.value) === undefined) continue;
        remember(mem(node, 'open'), true);
        budget -= 1;
        queue.push(...childrenOf(node, shownCount(node)));
      }
    } else {
      // Close what is drawn (only drawn nodes can be open), the root included.
      for (const r of [...rowsHolder.children]) {
        const n = rows.get(r);
        if (n && !('more' in n) && containerSize(n.value) !== undefined) remember(mem(n, 'open'), false);
      }
    }
    rowsHolder.replaceChildren(...buildRows(root, true));
  };

  const tools = el('div', { class: 'block-tools' }, [
    containerSize(value) !== undefined ? toolButton('expand-all', `Expand all of the ${o.what}`, () => setAll(true)) : null,
    containerSize(value) !== undefined ? toolButton('collapse-all', `Collapse all of the ${o.what}`, () => setAll(false)) : null,
    toolButton('copy', `Copy ${o.what}`, () => o.post({ type: 'copy', text: typeof value === 'string' ? value : stringifyPretty(value) })),
  ]);
  const rowsHolder = el('div', { class: 'jt-rows' });
  rowsHolder.append(...buildRows(root, true));
  tree.append(tools, rowsHolder);
  return tree;
}

function toolButton(icon: string, label: string, onClick: () => void): HTMLElement {
  const b = iconButton({ icon, ariaLabel: label, onClick });
  b.classList.add(`jt-${icon}`);
  return b;
}

function actionButton(icon: string, action: string, label: string): HTMLElement {
  const b = el('button', {
    class: 'icon-button jt-action',
    attrs: { type: 'button', 'data-action': action, 'aria-label': label, title: label },
  });
  b.append(codicon(icon));
  return b;
}

function containerSize(v: unknown): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

/** The first `count` children of a container node. */
function childrenOf(node: Node, count: number): Node[] {
  const v = node.value;
  const kids: Node[] = [];
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && i < count; i++)
      kids.push({ value: v[i], parent: node, step: i, level: node.level + 1, path: node.path + formatPath([i]).slice(1) });
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length && i < count; i++) {
      const k = keys[i]!;
      kids.push({
        value: (v as Record<string, unknown>)[k],
        parent: node,
        step: k,
        level: node.level + 1,
        path: node.path + formatPath([k]).slice(1),
      });
    }
  }
  return kids;
}

/** Where a long string is cut in the tree: its first lines, at most STRING_FOLD_CHARS. */
function stringCut(s: string): number {
  if (s.length <= STRING_FOLD_CHARS && s.split('\n', STRING_FOLD_LINES + 1).length <= STRING_FOLD_LINES) return s.length;
  let pos = -1;
  for (let i = 0; i < STRING_FOLD_LINES; i++) {
    const next = s.indexOf('\n', pos + 1);
    if (next < 0 || next > STRING_FOLD_CHARS) return Math.min(s.length, STRING_FOLD_CHARS);
    pos = next;
  }
  return pos;
}

/** A one-line glimpse of a folded container's first scalar entries. */
function preview(v: Container): string {
  const parts: string[] = [];
  let length = 0;
  const entries: Array<[string | undefined, unknown]> = Array.isArray(v)
    ? v.slice(0, 6).map((x) => [undefined, x])
    : Object.keys(v)
        .slice(0, 6)
        .map((k) => [k, v[k]]);
  for (const [k, x] of entries) {
    const s =
      typeof x === 'string'
        ? JSON.stringify(x.length > 24 ? `${x.slice(0, 24)}…` : x)
        : Array.isArray(x)
          ? '[…]'
          : x !== null && typeof x === 'object'
            ? '{…}'
            : String(x);
    const part = k === undefined ? s : `${k}: ${s}`;
    parts.push(part);
    length += part.length;
    if (length > 60) break;
  }
  const more = (Array.isArray(v) ? v.length : Object.keys(v).length) > parts.length ? ', …' : '';
  return Array.isArray(v) ? `[${parts.join(', ')}${more}]` : `{${parts.join(', ')}${more}}`;
}

function shorten(path: string): string {
  return path.length > 120 ? `${path.slice(0, 60)}…${path.slice(-50)}` : path;
}
