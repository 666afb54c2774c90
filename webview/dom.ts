// Element building without HTML strings: every piece of text goes in through textContent, so
// agent text can never become markup. Attributes are set one by one (no `on…` handlers, no URLs).

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  text?: string;
  /** Attribute values are plain strings; event-handler attributes are refused. */
  attrs?: Record<string, string | undefined>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.attrs) setAttrs(node, options.attrs);
  append(node, children);
  return node;
}

export function setAttrs(node: Element, attrs: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`refusing to set attribute ${name}`);
    if (value !== undefined) node.setAttribute(name, value);
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

let nextId = 0;
/** A document-unique id for aria-controls / aria-labelledby. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
