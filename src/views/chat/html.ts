// The chat panel's HTML, as a pure function of the URIs the host resolved, so the same page (same
// CSP as the inspector's: scripts by nonce only, no inline styles) is built by the extension and by
// the headless-Chromium tests. No `vscode` import.
import { renderWebviewPage } from '../inspector/html';
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
  return renderWebviewPage(o, { name: 'renderChatHtml', bodyClass: 'chat-page', appClass: 'chat-app', bootText: 'Loading the chat…' });
}
