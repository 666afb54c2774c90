// The chat panel's HTML, as a pure function of the URIs the host resolved, so the same page (same
// CSP as the inspector's: scripts by nonce only, no inline styles) is built by the extension and by
// the headless-Chromium tests. No `vscode` import.
export { makeNonce } from '../inspector/html';

export interface ChatHtmlOptions {
  cspSource: string;
  nonce: string;
  /** URI of `dist/chat.js`. */
  scriptUri: string;
  /** codicon.css, media/inspector.css (the event cards), media/chat.css — in that order. */
  styleUris: string[];
  title: string;
}

export function renderChatHtml(o: ChatHtmlOptions): string {
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(o.nonce)) throw new Error('renderChatHtml: the nonce must be at least 16 base64 characters');
  if (/[;,\r\n]/.test(o.cspSource)) throw new Error('renderChatHtml: cspSource must be a list of CSP source expressions');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    // As in the inspector: the nonce is for the toolkit's one :focus-visible probe; no 'unsafe-inline'.
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const styles = o.styleUris.map((href) => `  <link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n');
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
<body class="chat-page">
  <div id="app" class="chat-app">
    <main class="boot-message"><p>Loading the chat…</p></main>
  </div>
  <script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
