// The chat's page: its script, style sheets (the event cards' inspector.css too) and skeleton,
// built by the one page builder (webviewHost/html.ts: the same strict CSP as the inspector's).
// The webview tests build the same page from this spec.
import type { PageSpec } from '../webviewHost/html';

export const CHAT_PAGE: PageSpec = {
  name: 'the chat page',
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
