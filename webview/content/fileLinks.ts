// Turns path-like strings in tool arguments, results and printed output into links to workspace
// files. The page only guesses (filePaths.ts); it asks the host once per batch which guesses
// name files that exist (`resolvePaths` → `pathsResolved`) and draws links for those. Answers are
// remembered for the page's life, so a row that is re-created (virtualised list) links at once.
import { CoreHostMessageSchema, MAX_RESOLVE_PATHS, parseWith, type CorePageMessage } from '../../src/protocol/core';
import { el } from '../dom';
import { findPaths, type PathMatch } from './filePaths';

type Post = (message: CorePageMessage) => void;
type Waiter = (exists: boolean) => void;

/** Gather the paths of one render slice before asking. */
const BATCH_DELAY_MS = 30;
/** Unanswered waiters beyond this are dropped (the host never answered, e.g. no workspace). */
const MAX_WAITERS = 5000;

class PathResolver {
  private readonly known = new Map<string, boolean>();
  private readonly asked = new Map<number, string[]>();
  private readonly queued = new Set<string>();
  private readonly waiters = new Map<string, Waiter[]>();
  private waiterCount = 0;
  private nextId = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  post: Post | undefined;

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Only this core message (both pages get it) is read here; everything else is the page's.
      if ((event.data as { type?: unknown } | null | undefined)?.type !== 'pathsResolved') return;
      const parsed = parseWith(CoreHostMessageSchema, event.data);
      if (parsed.ok && parsed.value.type === 'pathsResolved') this.answer(parsed.value.id, parsed.value.existing);
    });
  }

  /** true / false when known; undefined while the host is asked, and `then` runs with the answer. */
  lookup(path: string, then: Waiter): boolean | undefined {
    const known = this.known.get(path);
    if (known !== undefined) return known;
    if (this.waiterCount < MAX_WAITERS) {
      const list = this.waiters.get(path) ?? [];
      list.push(then);
      this.waiters.set(path, list);
      this.waiterCount += 1;
    }
    if (!this.isAsked(path)) {
      this.queued.add(path);
      this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
    }
    return undefined;
  }

  private isAsked(path: string): boolean {
    if (this.queued.has(path)) return true;
    for (const paths of this.asked.values()) if (paths.includes(path)) return true;
    return false;
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.post) return;
    const all = [...this.queued];
    this.queued.clear();
    for (let i = 0; i < all.length; i += MAX_RESOLVE_PATHS) {
      const paths = all.slice(i, i + MAX_RESOLVE_PATHS);
      const id = this.nextId++;
      this.asked.set(id, paths);
      this.post({ type: 'resolvePaths', id, paths });
    }
  }

  private answer(id: number, existing: string[]): void {
    const paths = this.asked.get(id);
    if (!paths) return;
    this.asked.delete(id);
    const yes = new Set(existing);
    for (const path of paths) {
      const exists = yes.has(path);
      this.known.set(path, exists);
      const list = this.waiters.get(path);
      if (!list) continue;
      this.waiters.delete(path);
      this.waiterCount -= list.length;
      for (const w of list) w(exists);
    }
  }
}

let resolver: PathResolver | undefined;

function resolverFor(post: Post): PathResolver {
  resolver ??= new PathResolver();
  resolver.post = post;
  return resolver;
}

/**
 * `text` as text nodes, with the paths that name workspace files as links. Candidates are drawn
 * as plain text first and become links when the host's answer arrives.
 */
export function linkedText(text: string, post: Post): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const matches = findPaths(text);
  if (!matches.length) {
    fragment.append(text);
    return fragment;
  }
  const r = resolverFor(post);
  let at = 0;
  for (const m of matches) {
    if (m.start > at) fragment.append(text.slice(at, m.start));
    const written = text.slice(m.start, m.end);
    // The waiter holds the candidate weakly: an answer that never comes (no workspace, a page
    // reopened on another session) must not keep its row, and through the row's handlers the
    // whole session it was drawn from, in memory (test/webview/memory.test.ts).
    let candidate: WeakRef<HTMLElement> | undefined;
    const exists = r.lookup(m.path, (yes) => {
      const span = candidate?.deref();
      if (yes && span?.parentNode) span.replaceWith(fileLink(m, written, post));
    });
    const span: HTMLElement = exists ? fileLink(m, written, post) : el('span', { class: 'path-candidate', text: written });
    if (!exists) candidate = new WeakRef(span);
    fragment.append(span);
    at = m.end;
  }
  if (at < text.length) fragment.append(text.slice(at));
  return fragment;
}

function fileLink(m: PathMatch, written: string, post: Post): HTMLAnchorElement {
  const where = m.line ? `${m.path}, line ${m.line}` : m.path;
  const a = el('a', { class: 'file-link', text: written, attrs: { href: '#', title: `Open ${where}`, 'data-path': m.path } });
  a.addEventListener('click', (event) => {
    event.preventDefault();
    post(m.line ? { type: 'openFile', path: m.path, line: m.line } : { type: 'openFile', path: m.path });
  });
  return a;
}
