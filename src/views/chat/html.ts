// The chat's page: its script, style sheets (the event cards' inspector.css too) and skeleton,
// built with the one page builder (webviewHost/html.ts: same strict CSP as the inspector's).
// Pure, so the webview tests build the same page.
import { renderWebviewPage, type PageHtmlOptions, type PageSpec } from '../webviewHost/html';

export { makeNonce } from '../webviewHost/html';
export type ChatHtmlOptions = PageHtmlOptions;

export const CHAT_PAGE: PageSpec = {
  name: 'renderChatHtml',
  bodyClass: 'chat-page',
  appClass: 'chat-app',
  bootText: 'Loading the chat…',
  script: ['dist', 'chat.js'],
  styles: [
    ['dist', 'codicons', 'codicon.css'],
    ['media', 'inspector.css'],
    ['media', 'chat.css'],
  ],
};

export function renderChatHtml(o: ChatHtmlOptions): string {
  return renderWebviewPage(o, CHAT_PAGE);
}
