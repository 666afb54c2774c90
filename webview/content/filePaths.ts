// Finds strings in agent content that look like file paths (`src/foo.ts`, `./data/x.csv`,
// `/abs/path.py:12`). Only a guess: the host says which of them are files in the workspace, and
// only those become links. Pure, so it runs in Node tests too.

export interface PathMatch {
  /** Offsets in the text of the whole match, line suffix included. */
  start: number;
  end: number;
  /** The path as written, without the `:line[:column]` suffix. */
  path: string;
  /** 1-based line from a `:12` suffix. */
  line?: number;
}

/** Long texts are scanned this far only: a 10 MB output must not cost a scan of 10 MB. */
export const SCAN_CHARS = 200_000;
export const MAX_MATCHES = 100;
const MAX_PATH_CHARS = 300;

/** Extensions a bare file name (no slash) must have to count, so "e.g." or "v1.2" do not. */
const KNOWN_EXTENSIONS = new Set(
  (
    'ts tsx js jsx mjs cjs json jsonl py pyi ipynb md mdx txt csv tsv yaml yml toml ini cfg conf sql sh bash zsh ps1 r rmd rb go rs java kt ' +
    'kts scala c h cc cpp hpp cs fs php html htm css scss less xml svg lock log parquet xlsx xls env dockerfile gradle swift m mm dart lua pl ' +
    'vue svelte proto graphql tf hcl bat cmd txt rst tex'
  ).split(' '),
);

const TOKEN = /[\w.@+~/-]+/g;
const LINE_SUFFIX = /^:(\d{1,7})(?::\d{1,7})?/;

export function findPaths(text: string): PathMatch[] {
  const scanned = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  const out: PathMatch[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(scanned); m && out.length < MAX_MATCHES; m = TOKEN.exec(scanned)) {
    const start = m.index;
    // Part of a URL (`https://host/a.ts`, `file:///x`) or of a `key:value`: not a path.
    const before = start > 0 ? scanned[start - 1] : '';
    if (before === ':' || before === '\\') continue;
    const path = trimTrailingPunctuation(m[0]);
    if (!looksLikePath(path)) continue;
    let end = start + path.length;
    let line: number | undefined;
    if (path.length === m[0].length) {
      const suffix = LINE_SUFFIX.exec(scanned.slice(end, end + 16));
      if (suffix) {
        const n = Number(suffix[1]);
        if (n > 0) line = n;
        end += suffix[0].length;
      }
    }
    out.push(line === undefined ? { start, end, path } : { start, end, path, line });
  }
  return out;
}

/**
 * `a.ts.` → `a.ts`. A loop, not `/[.\-+@]+$/`: that regex retries from every dot of a run that
 * does not reach the end, so 200,000 dots and a letter took ~49 s (issue 11, finding 2).
 */
export function trimTrailingPunctuation(token: string): string {
  let end = token.length;
  while (end > 0 && TRAILING.has(token.charCodeAt(end - 1))) end--;
  return end === token.length ? token : token.slice(0, end);
}
const TRAILING = new Set(['.', '-', '+', '@'].map((c) => c.charCodeAt(0)));

export function looksLikePath(p: string): boolean {
  if (p.length < 3 || p.length > MAX_PATH_CHARS) return false;
  if (p.startsWith('//') || p.startsWith('~') || p.includes('//')) return false;
  const segments = p.split('/');
  const name = segments[segments.length - 1] ?? '';
  if (!name || name === '.' || name === '..') return false;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  const hasExtension = /^[A-Za-z][A-Za-z0-9]{0,9}$/.test(ext);
  if (segments.length === 1) return hasExtension && KNOWN_EXTENSIONS.has(ext.toLowerCase()) && /[A-Za-z_]/.test(name.slice(0, dot));
  // With a slash: a file name with an extension, or a path that says where it starts.
  if (hasExtension) return true;
  return /^(\.{1,2})?\//.test(p) && segments.length > 2;
}
