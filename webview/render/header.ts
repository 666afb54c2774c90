// The session header: what this session is (title, provider, agent, times, badges), its totals
// beside the provider's, and the session-wide actions. Compact by default: the title and one line
// of figures (a difference from the provider's figure stays on that line), with the facts, the
// totals grid and the run chart behind a toggle the reader's choice is remembered for, so the
// events themselves are on the first screen.
import type { SessionHeader } from '../../src/protocol/messages';
import { badge, button, checkbox, codicon, divider } from '../components';
import { el, uniqueId } from '../dom';
import { formatDateTime, plural } from '../format';
import type { RenderContext } from './context';
import { runChart } from '../content/runChart';
import { mismatches, summaryFigures, totalsGrid } from './totals';

export interface HeaderParts {
  element: HTMLElement;
  /** Where loading progress is announced. */
  status: HTMLElement;
}

export function renderHeader(
  h: SessionHeader,
  ctx: RenderContext,
  onWrapChange: (wrap: boolean) => void,
  onExpandedChange: (expanded: boolean) => void = () => undefined,
): HeaderParts {
  const facts: Array<[string, Node | string | undefined]> = [
    ['Provider', h.providerName ?? h.provider],
    ['Connection', h.connectionLabel],
    ['Agent', h.agentName ? (h.agentId && h.agentId !== h.agentName ? `${h.agentName} (${h.agentId})` : h.agentName) : h.agentId],
    ['Created', h.createdAt ? formatDateTime(h.createdAt) : undefined],
    ['Updated', h.updatedAt && h.updatedAt !== h.createdAt ? formatDateTime(h.updatedAt) : undefined],
    ['Runs', String(h.runs.length)],
    ['Session id', el('code', { text: h.id })],
  ];
  const factList = el(
    'dl',
    { class: 'session-facts' },
    facts
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => el('div', { class: 'fact' }, [el('dt', { text: k }), el('dd', {}, [v as Node | string])])),
  );

  const badges: HTMLElement[] = [];
  if (h.isTest) badges.push(badge('test', { tone: 'warning', title: 'A test session' }));
  for (const [key, value] of Object.entries(h.metadata)) {
    if (key === 'isTest' || key === 'is_test') continue;
    badges.push(badge(`${key}: ${String(value)}`, { title: key }));
  }

  const actions = el('div', { class: 'session-actions' }, [
    checkbox({ label: 'Wrap long lines', checked: ctx.ui.wrap, onChange: onWrapChange }),
    button({ label: 'Raw JSON', icon: 'json', ariaLabel: 'Raw JSON of the whole session', onClick: () => ctx.post({ type: 'showRaw' }) }),
  ]);

  const diff = mismatches(h.totals, h.providerTotals);
  const banner = diff.length
    ? el('p', { class: 'mismatch-banner', attrs: { role: 'note' } }, [
        codicon('warning'),
        ` The provider's totals differ from the sum of the events: ${diff.map((d) => `${d.label.toLowerCase()} ${d.computed} vs ${d.reported} reported`).join('; ')}.`,
        h.providerTotals?.counted ? el('span', { class: 'mismatch-banner__why', text: ` Why: ${h.providerTotals.counted}` }) : null,
      ])
    : null;

  const status = el('div', { class: 'load-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const totalsHeading = el('h2', {
    class: 'section-label',
    text: h.totals.events === undefined ? 'Totals' : `Totals · ${plural(h.totals.events, 'event')}`,
  });
  const detailsId = uniqueId('session-details');
  const details = el('div', { class: 'session-details', attrs: { id: detailsId } }, [
    factList,
    badges.length ? el('div', { class: 'session-badges', attrs: { 'aria-label': 'Session labels' } }, badges) : null,
    el('section', { class: 'session-totals', attrs: { 'aria-label': 'Session totals' } }, [
      totalsHeading,
      totalsGrid(h.totals, h.providerTotals),
      banner,
      runChart(h.runs),
    ]),
  ]);
  const provider = h.providerName ?? h.provider;
  const agent = h.agentName ?? h.agentId;
  const toggle = el('button', {
    class: 'disclosure session-summary__toggle',
    attrs: {
      type: 'button',
      'aria-controls': detailsId,
      'data-control': 'session-details',
      title: 'Show or hide the session facts, totals and run chart',
    },
  });
  const toggleIcon = codicon('chevron-right');
  toggle.append(toggleIcon, el('span', { text: 'Details' }));
  // The loading status ends the line of figures (a line of its own only when there is no room).
  const summary = el('div', { class: 'session-summary' }, [
    toggle,
    el('div', { class: 'session-summary__figures' }, [
      el('span', { class: 'session-summary__what', text: [provider, agent].filter(Boolean).join(' · ') }),
      ...summaryFigures(h.runs.length, h.totals, h.providerTotals),
      status,
    ]),
  ]);
  const element = el('header', { class: 'session-header' }, [
    el('div', { class: 'session-header__top' }, [el('h1', { class: 'session-title', text: h.title || 'Untitled session' }), actions]),
    summary,
    details,
    divider(),
  ]);
  const setExpanded = (expanded: boolean) => {
    element.classList.toggle('is-expanded', expanded);
    details.hidden = !expanded;
    toggle.setAttribute('aria-expanded', String(expanded));
    toggleIcon.className = `codicon codicon-${expanded ? 'chevron-down' : 'chevron-right'}`;
  };
  setExpanded(ctx.ui.headerExpanded);
  toggle.addEventListener('click', () => {
    const next = toggle.getAttribute('aria-expanded') !== 'true';
    setExpanded(next);
    onExpandedChange(next);
  });
  return { element, status };
}
