// Syntax highlighting with highlight.js, without ever handling HTML: highlight.js normally returns
// an HTML string, but it builds it through an "emitter" we can replace. Ours records the token
// tree, and the tree is turned into <span class="hljs-…"> elements whose text goes in through
// text nodes — the code stays text, whatever it contains. Only the languages agents run are
// bundled (core + a handful), to keep the webview small.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/** Longer code is shown as plain text: highlighting is regex work on the main thread. */
export const HIGHLIGHT_MAX_CHARS = 200_000;

const LANGUAGES: Record<string, Parameters<typeof hljs.registerLanguage>[1]> = {
  bash,
  javascript,
  json,
  python,
  r,
  sql,
  typescript,
  xml,
  yaml,
};
/** Names agents and providers use → the bundled grammar. */
const ALIASES: Record<string, string> = {
  py: 'python',
  python3: 'python',
  ipython: 'python',
  js: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  sh: 'bash',
  shell: 'bash',
  shellscript: 'bash',
  zsh: 'bash',
  console: 'bash',
  postgres: 'sql',
  postgresql: 'sql',
  sqlite: 'sql',
  mysql: 'sql',
  yml: 'yaml',
  html: 'xml',
};

interface TokenNode {
  scope?: string;
  children: Array<TokenNode | string>;
}

/** Records highlight.js's token stream as a tree (the Emitter interface highlight.js documents). */
class TreeEmitter {
  readonly root: TokenNode = { children: [] };
  private readonly stack: TokenNode[] = [this.root];

  constructor(_options: unknown) {}

  private get top(): TokenNode {
    return this.stack[this.stack.length - 1]!;
  }

  addText(text: string): void {
    if (text) this.top.children.push(text);
  }

  startScope(scope: string): void {
    const node: TokenNode = { scope, children: [] };
    this.top.children.push(node);
    this.stack.push(node);
  }

  endScope(): void {
    if (this.stack.length > 1) this.stack.pop();
  }

  __addSublanguage(emitter: TreeEmitter, _name: string): void {
    this.top.children.push(emitter.root);
  }

  finalize(): void {
    this.stack.length = 1;
  }

  toHTML(): string {
    // Never used: the tree is read instead of HTML.
    return '';
  }

  // Older callers of the emitter API (highlight.js 11 keeps them as aliases).
  openNode(scope: string): void {
    this.startScope(scope);
  }

  closeNode(): void {
    this.endScope();
  }
}

let ready = false;

function setUp(): void {
  if (ready) return;
  ready = true;
  for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
  hljs.configure({
    __emitter: TreeEmitter as unknown as NonNullable<Parameters<typeof hljs.configure>[0]['__emitter']>,
    ignoreUnescapedHTML: true,
  });
}

/** The bundled grammar for a language name, or undefined when there is none. */
export function grammarFor(language: string): string | undefined {
  setUp();
  const l = language.trim().toLowerCase();
  const name = ALIASES[l] ?? l;
  return hljs.getLanguage(name) ? name : undefined;
}

/**
 * Fills `into` with `code`, highlighted when the language is bundled and the code is not huge.
 * Returns whether it highlighted. The text of `into` is always exactly `code`.
 */
export function highlightInto(into: HTMLElement, code: string, language: string): boolean {
  const grammar = code.length <= HIGHLIGHT_MAX_CHARS ? grammarFor(language) : undefined;
  if (!grammar) {
    into.textContent = code;
    return false;
  }
  let root: TokenNode;
  try {
    const result = hljs.highlight(code, { language: grammar, ignoreIllegals: true });
    root = (result._emitter as unknown as TreeEmitter).root;
  } catch {
    into.textContent = code;
    return false;
  }
  // The tree's text must be the code itself; anything else means the emitter was not ours.
  const fragment = document.createDocumentFragment();
  const stack: Array<[TokenNode, Node]> = [[root, fragment]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    for (const child of node.children) {
      if (typeof child === 'string') parent.appendChild(document.createTextNode(child));
      else {
        const span = document.createElement('span');
        if (child.scope) span.className = scopeClasses(child.scope);
        parent.appendChild(span);
        stack.push([child, span]);
      }
    }
  }
  if (fragment.textContent !== code) {
    into.textContent = code;
    return false;
  }
  into.textContent = '';
  into.appendChild(fragment);
  into.classList.add('hljs');
  return true;
}

/** "title.function" → "hljs-title hljs-title-function", as CSS selects them. */
function scopeClasses(scope: string): string {
  const parts = scope.split('.');
  const classes = [`hljs-${parts[0]}`];
  if (parts.length > 1) classes.push(`hljs-${parts.join('-')}`);
  return classes.join(' ');
}
