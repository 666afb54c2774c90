// The inspector's page: its script, style sheets and skeleton, built with the one page builder
// (webviewHost/html.ts: strict CSP, a nonce per load). Pure, so the webview tests build the same page.
import { renderWebviewPage, type PageHtmlOptions, type PageSpec } from '../webviewHost/html';

export { makeNonce } from '../webviewHost/html';
export type InspectorHtmlOptions = PageHtmlOptions;

export const INSPECTOR_PAGE: PageSpec = {
  name: 'renderInspectorHtml',
  bodyClass: '',
  appClass: 'app',
  bootText: 'Loading the session inspector…',
  script: ['dist', 'webview.js'],
  styles: [
    ['dist', 'codicons', 'codicon.css'],
    ['media', 'inspector.css'],
  ],
};

export function renderInspectorHtml(o: InspectorHtmlOptions): string {
  return renderWebviewPage(o, INSPECTOR_PAGE);
}
