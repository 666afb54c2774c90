// The inspector's page: its script, style sheets and skeleton, built by the one page builder
// (webviewHost/html.ts: strict CSP, a nonce per load). The webview tests build the same page from this spec.
import type { PageSpec } from '../webviewHost/html';

export const INSPECTOR_PAGE: PageSpec = {
  name: 'the inspector page',
  bodyClass: '',
  appClass: 'app',
  bootText: 'Loading the session inspector…',
  script: ['dist', 'webview.js'],
  styles: [
    ['dist', 'codicons', 'codicon.css'],
    ['media', 'inspector.css'],
  ],
};
