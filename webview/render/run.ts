// One run's heading in the list: a toggle that folds the run, its own facts and totals. The
// virtual list puts it at the top of the run's <section>, above the <ol> its events go into.
import { badge, disclosure } from '../components';
import { el, uniqueId } from '../dom';
import { formatDateTime } from '../format';
import type { Segment } from '../virtual/projection';
import { totalsLine } from './totals';

export interface RunHeadParts {
  element: HTMLElement;
  headingId: string;
  /** Folded or unfolded from elsewhere (Collapse all, a replay step into the run). */
  setExpanded(expanded: boolean): void;
}

export function renderRunHead(seg: Segment, onToggle: (runId: string, expanded: boolean) => void): RunHeadParts {
  const run = seg.run;
  const toggle = disclosure({
    label: `Run ${seg.position}${run.title ? ` · ${run.title}` : ''}${seg.continued ? ' (continued)' : ''}`,
    expanded: !seg.collapsed,
    // The run's <ol> is drawn by the list; the toggle names it by the run id it carries.
    controls: runListId(seg),
    onToggle: (expanded) => onToggle(run.id, expanded),
  });
  const headingId = uniqueId('run');
  const heading = el('h2', { class: 'run__title', attrs: { id: headingId } }, [toggle.element]);
  const facts = el('p', { class: 'run__facts' }, [
    run.createdAt ? el('span', { class: 'run__fact', text: formatDateTime(run.createdAt) }) : null,
    run.model ? el('span', { class: 'run__fact', text: run.model, attrs: { title: 'Model' } }) : null,
    el('span', { class: 'run__fact', text: `id ${run.id}` }),
    run.status ? badge(run.status, { tone: /error|fail|cancel/i.test(run.status) ? 'error' : 'muted', title: 'Run status' }) : null,
    seg.listed
      ? null
      : badge('not in the session header', { tone: 'warning', title: 'Events named this run, but the header did not list it' }),
  ]);
  const element = el('div', { class: 'run__item', attrs: { 'data-run-id': run.id } }, [
    el('div', { class: 'run__head' }, [heading, facts, seg.listed ? totalsLine(run.totals, run.providerTotals) : null]),
  ]);
  return { element, headingId, setExpanded: (expanded) => toggle.setExpanded(expanded) };
}

/** The id of a run stretch's event list, for the heading's aria-controls. */
export function runListId(seg: Segment): string {
  return `run-events-${seg.key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
