// The whole-page states before and instead of a session: waiting, loading, failed.
import { button, codicon, progressRing } from '../components';
import { el } from '../dom';
import type { RenderContext } from './context';

export function waitingView(): HTMLElement {
  return el('main', { class: 'state-view' }, [el('p', { text: 'Waiting for the session…' })]);
}

export function loadingView(title: string): HTMLElement {
  return el('main', { class: 'state-view', attrs: { 'aria-busy': 'true' } }, [
    el('div', { class: 'state-line', attrs: { role: 'status' } }, [progressRing('Loading'), el('span', { text: `Loading “${title}”…` })]),
  ]);
}

export function errorView(message: string, ctx: RenderContext): HTMLElement {
  const retry = button({ label: 'Retry', icon: 'refresh', appearance: 'primary', onClick: () => ctx.ask?.({ type: 'retry' }) });
  return el('main', { class: 'state-view' }, [
    el('div', { class: 'error-panel', attrs: { role: 'alert' } }, [
      el('h1', { class: 'error-panel__title' }, [codicon('error'), ' Could not load the session']),
      el('p', { class: 'error-panel__message', text: message }),
      el('div', { class: 'error-panel__actions' }, [retry]),
    ]),
  ]);
}
