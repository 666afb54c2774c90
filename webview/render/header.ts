// The session header: what this session is (title, provider, agent, times, badges), its totals
// beside the provider's, and the session-wide actions.
import type { SessionHeader } from '../../src/protocol/messages';
import { badge, button, checkbox, codicon, divider } from '../components';
import { el } from '../dom';
import { formatDateTime, plural } from '../format';
import type { RenderContext } from './context';
import { runChart } from '../content/runChart';
import { mismatches, totalsGrid } from './totals';

const PROVIDER_NAMES: Record<string, string> = {
  demo: 'Demo',
  piper: 'Piper',
  agno: 'Agno AgentOS',
  foundry: 'Foundry AIP Agents',
  file: 'Session file',
  otel: 'OpenTelemetry',
};

export interface HeaderParts {
  element: HTMLElement;
  /** Where loading progress is announced. */
  status: HTMLElement;
}

export function renderHeader(h: SessionHeader, ctx: RenderContext, onWrapChange: (wrap: boolean) => void): HeaderParts {
  const facts: Array<[string, Node | string | undefined]> = [
    ['Provider', PROVIDER_NAMES[h.provider] ?? h.provider],
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
      ])
    : null;

  const status = el('div', { class: 'load-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const totalsHeading = el('h2', { class: 'section-label', text: h.totals.events === undefined ? 'Totals' : `Totals · ${plural(h.totals.events, 'event')}` });
  const element = el('header', { class: 'session-header' }, [
    el('div', { class: 'session-header__top' }, [el('h1', { class: 'session-title', text: h.title || 'Untitled session' }), actions]),
    factList,
    badges.length ? el('div', { class: 'session-badges', attrs: { 'aria-label': 'Session labels' } }, badges) : null,
    el('section', { class: 'session-totals', attrs: { 'aria-label': 'Session totals' } }, [
      totalsHeading,
      totalsGrid(h.totals, h.providerTotals),
      banner,
      runChart(h.runs),
    ]),
    status,
    divider(),
  ]);
  return { element, status };
}
