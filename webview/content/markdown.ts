// Assistant messages as markdown. Two layers, because agent text is hostile: markdown-it with raw
// HTML off (so `<script>` or `<style>` in a message is text), then DOMPurify on its output, with
// an allow-list of tags and attributes (no `style`, no event handlers, no forms or frames). Links
// keep only http(s) targets, and a click asks the host to open them (it uses openExternal); other
// schemes (`javascript:`, `command:`, `file:`…) lose their target. Remote images are never
// fetched: an image becomes a link to its address (the page's CSP would block it anyway).
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import type { CorePageMessage } from '../../src/protocol/core';
import { highlightInto } from './highlight';

type Post = (message: CorePageMessage) => void;

/** Beyond this a message is shown as plain text: parsing megabytes of markdown stalls the page. */
export const MARKDOWN_MAX_CHARS = 200_000;

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  's',
  'del',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'img',
  'span',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'class', 'start'];
const SAFE_LINK = /^https?:\/\//i;
/** Images only from the message itself (data:), in raster formats (no SVG, which can carry script). */
const SAFE_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i;

let md: MarkdownIt | undefined;
let purifierReady = false;

function markdown(): MarkdownIt {
  if (md) return md;
  md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  // markdown-it already refuses javascript:, vbscript:, file: and most data: URLs; be narrower.
  md.validateLink = (url: string) =>
    SAFE_LINK.test(url.trim()) || SAFE_IMAGE.test(url.trim()) || /^mailto:/i.test(url.trim()) || !/^[a-z][a-z0-9+.-]*:/i.test(url.trim());
  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = token.attrGet('src') ?? '';
    if (SAFE_IMAGE.test(src)) return defaultImage(tokens, idx, options, env, self);
    // A remote image: a link to it, never a request for it.
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const escape = md!.utils.escapeHtml;
    return `<a href="${escape(src)}" class="md-image-link" title="${escape(`Image: ${src}`)}">${escape(`[image${alt ? `: ${alt}` : ''}]`)}</a>`;
  };
  // Table alignment would come out as style="text-align:…" (blocked by the CSP): use classes.
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx]!;
      const style = token.attrGet('style');
      if (style) {
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
        const align = /text-align:\s*(left|center|right)/.exec(style)?.[1];
        if (align) token.attrJoin('class', `md-align-${align}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }
  return md;
}

function setUpPurifier(): void {
  if (purifierReady) return;
  purifierReady = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_LINK.test(href)) {
        node.removeAttribute('href');
        if (href) node.setAttribute('title', `Not opened from here: ${href.slice(0, 200)}`);
        node.classList.add('md-inert-link');
      }
    }
    if (node.nodeName === 'IMG' && !SAFE_IMAGE.test(node.getAttribute('src') ?? '')) node.remove();
    if (node.hasAttribute('class')) {
      // Only our own classes (md-…, language-…), never ones that could restyle the page.
      const kept = (node.getAttribute('class') ?? '').split(/\s+/).filter((c) => /^(md-[a-z-]+|language-[\w+#.-]+)$/.test(c));
      if (kept.length) node.setAttribute('class', kept.join(' '));
      else node.removeAttribute('class');
    }
  });
}

/** Rendered messages kept for rows that are drawn again (virtualised list), newest last. */
const cache = new Map<string, DocumentFragment>();
const CACHE_SIZE = 300;

/**
 * A message as markdown: sanitised elements, highlighted code, and links that ask the host to
 * open them. `cacheKey` (the event id) lets a re-created row reuse the rendering.
 */
export function markdownView(text: string, post: Post, cacheKey?: string): HTMLElement {
  const view = document.createElement('div');
  view.className = 'markdown-body message-text';
  let rendered = cacheKey !== undefined ? cache.get(cacheKey) : undefined;
  if (!rendered) {
    rendered = renderMarkdown(text);
    if (cacheKey !== undefined) {
      cache.set(cacheKey, rendered);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
  }
  view.appendChild(rendered.cloneNode(true));
  // One listener for every link, so cached copies need none of their own.
  view.addEventListener('click', (event) => {
    const a = (event.target as Element).closest('a');
    if (!a || !view.contains(a)) return;
    event.preventDefault();
    const href = a.getAttribute('href');
    if (href && SAFE_LINK.test(href)) post({ type: 'openLink', url: href });
  });
  return view;
}

/** Markdown `text` as sanitised elements with highlighted code blocks. */
export function renderMarkdown(text: string): DocumentFragment {
  setUpPurifier();
  const html = markdown().render(text);
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    FORBID_ATTR: ['style'],
    FORBID_TAGS: ['style', 'script', 'iframe', 'form', 'object', 'embed', 'svg', 'math'],
    RETURN_DOM_FRAGMENT: true,
  }) as DocumentFragment;
  const own = document.importNode(fragment, true);
  for (const a of own.querySelectorAll('a[href]')) {
    a.setAttribute('title', a.getAttribute('title') ?? a.getAttribute('href')!);
    a.setAttribute('rel', 'noreferrer noopener');
  }
  for (const code of own.querySelectorAll('pre > code')) {
    const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.getAttribute('class') ?? '')?.[1];
    if (language) highlightInto(code as HTMLElement, code.textContent ?? '', language);
  }
  return own;
}
