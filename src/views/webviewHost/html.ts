// The one page skeleton and Content-Security-Policy every webview uses (inspector and chat), as a
// pure function of the URIs the host resolved, so the same page (same CSP) is built by the
// extension and by the headless-Chromium webview tests. No `vscode` import: the host passes
// `webview.cspSource` and `webview.asWebviewUri(...)` strings in.

export interface PageHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  /** Fresh per page load; only the script carrying it may run. */
  nonce: string;
  /** URI of the page's script (`dist/webview.js`, `dist/chat.js`). */
  scriptUri: string;
  /** Style sheets in load order, e.g. codicon.css then media/inspector.css. */
  styleUris: string[];
  /** Shown as the document title (the panel's tab title is set by the host). */
  title: string;
  /** `data-*` attributes of <body>: the reader's preferences the page needs before it draws (keys in kebab case). */
  bodyData?: Record<string, string>;
}

/** A nonce for one page load: 128 random bits as hex (no characters that need escaping). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface PageShape {
  /** Named in errors, so a failure says which page refused its options. */
  name: string;
  bodyClass: string;
  appClass: string;
  bootText: string;
}

/** One page as the host builds it: its shape, its script and its style sheets (paths under the extension). */
export interface PageSpec extends PageShape {
  script: readonly string[];
  /** In load order. */
  styles: ReadonlyArray<readonly string[]>;
}

/** The one page skeleton and CSP both webviews (inspector and chat) use. */
export function renderWebviewPage(o: PageHtmlOptions, shape: PageShape): string {
  // A nonce with a quote or space in it would let someone widen the policy: refuse it.
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(o.nonce)) throw new Error(`${shape.name}: the nonce must be at least 16 base64 characters`);
  // VS Code passes several sources ("'self' https://*.vscode-cdn.net"): only a separator that
  // would start a new directive is refused.
  if (/[;,\r\n]/.test(o.cspSource)) throw new Error(`${shape.name}: cspSource must be a list of CSP source expressions`);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    // The toolkit's FAST elements style themselves through constructable style sheets, which
    // style-src does not govern. The nonce is for one probe of FAST's: it inserts an empty <style>
    // to test :focus-visible support, and takes the nonce from the csp-nonce meta below; blocked,
    // the toolkit falls back to :focus rings on every click. No 'unsafe-inline'.
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const styles = o.styleUris.map((href) => `  <link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n');
  const data = Object.entries(o.bodyData ?? {})
    .filter(([k]) => /^[a-z][a-z0-9-]*$/.test(k))
    .map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`)
    .join('');
  const body = `<body${shape.bodyClass ? ` class="${escapeAttr(shape.bodyClass)}"` : ''}${data}>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
  <meta property="csp-nonce" content="${escapeAttr(o.nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeText(o.title)}</title>
</head>
${body}
  <div id="app" class="${escapeAttr(shape.appClass)}">
    <main class="boot-message"><p>${escapeText(shape.bootText)}</p></main>
  </div>
  <script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For double-quoted attribute values (single quotes, as in CSP keywords, are safe there). */
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
