// One run: a heading that folds it, its own facts and totals, and the list its events go into.
import type { RunHeader } from '../../src/protocol/messages';
import { badge, disclosure } from '../components';
import { el, uniqueId } from '../dom';
import { formatDateTime } from '../format';
import type { RenderContext } from './context';
import { totalsLine } from './totals';

export interface RunParts {
  element: HTMLElement;
  list: HTMLOListElement;
  expand(): void;
}

export function renderRun(run: RunHeader, position: number, listed: boolean, ctx: RenderContext): RunParts {
  const list = el('ol', { class: 'events', attrs: { id: uniqueId('run-events') } });
  const collapsed = ctx.ui.isRunCollapsed(run.id);
  list.hidden = collapsed;
  const toggle = disclosure({
    label: `Run ${position}${run.title ? ` · ${run.title}` : ''}`,
    expanded: !collapsed,
    controls: list.id,
    onToggle: (expanded) => {
      list.hidden = !expanded;
      ctx.ui.setRunCollapsed(run.id, !expanded);
    },
  });
  const headingId = uniqueId('run');
  const heading = el('h2', { class: 'run__title', attrs: { id: headingId } }, [toggle.element]);
  const facts = el('p', { class: 'run__facts' }, [
    run.createdAt ? el('span', { class: 'run__fact', text: formatDateTime(run.createdAt) }) : null,
    run.model ? el('span', { class: 'run__fact', text: run.model, attrs: { title: 'Model' } }) : null,
    el('span', { class: 'run__fact', text: `id ${run.id}` }),
    run.status ? badge(run.status, { tone: /error|fail|cancel/i.test(run.status) ? 'error' : 'muted', title: 'Run status' }) : null,
    listed ? null : badge('not in the session header', { tone: 'warning', title: 'Events named this run, but the header did not list it' }),
  ]);
  const element = el('section', { class: 'run', attrs: { 'aria-labelledby': headingId, 'data-run-id': run.id } }, [
    el('div', { class: 'run__head' }, [heading, facts, listed ? totalsLine(run.totals, run.providerTotals) : null]),
    list,
  ]);
  return {
    element,
    list,
    expand() {
      if (!list.hidden) return;
      list.hidden = false;
      toggle.setExpanded(true);
      ctx.ui.setRunCollapsed(run.id, false);
    },
  };
}
