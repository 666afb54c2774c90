// Totals as the events add them up, beside the provider's own figures where it reports them; a
// difference is flagged, never silently resolved in favour of either side.
import { compareTotals, overflowed, tokenSum } from '../../src/model/totals';
import type { Totals } from '../../src/model/schema';
import { codicon } from '../components';
import { el } from '../dom';
import { formatCost, formatCount, formatDuration, UNKNOWN } from '../format';

interface Field {
  key: string;
  label: string;
  get(t: Totals): number | undefined;
  format(n: number | undefined): string;
  /** Shown only when one side knows it (e.g. requests, which few providers report). */
  optional?: boolean;
  /** What the figure counts, as a tooltip. */
  hint?: string;
}

/** The one meaning of "error" everywhere in the page: the totals, a run's line, "Only errors", E / Shift+E. */
export const ERRORS_MEAN = 'Error events, failed tool calls and failed model calls';

const FIELDS: Field[] = [
  { key: 'events', label: 'Events', get: (t) => t.events, format: formatCount },
  { key: 'messages', label: 'Messages', get: (t) => t.messages, format: formatCount },
  { key: 'toolCalls', label: 'Tool calls', get: (t) => t.toolCalls, format: formatCount },
  { key: 'errors', label: 'Errors', get: (t) => t.errors, format: formatCount, hint: ERRORS_MEAN },
  { key: 'requests', label: 'Requests', get: (t) => t.requests, format: formatCount, optional: true },
  { key: 'tokens.input', label: 'Input tokens', get: (t) => t.tokens.input, format: formatCount },
  { key: 'tokens.output', label: 'Output tokens', get: (t) => t.tokens.output, format: formatCount },
  { key: 'tokens.cacheRead', label: 'Cache read', get: (t) => t.tokens.cacheRead, format: formatCount },
  { key: 'tokens.cacheWrite', label: 'Cache write', get: (t) => t.tokens.cacheWrite, format: formatCount },
  { key: 'tokens.reasoning', label: 'Reasoning tokens', get: (t) => t.tokens.reasoning, format: formatCount },
  { key: 'tokens.total', label: 'Total tokens', get: (t) => tokenSum(t.tokens), format: formatCount },
  { key: 'costUsd', label: 'Cost', get: (t) => t.costUsd, format: formatCost },
  { key: 'latencyMs', label: 'Latency (sum)', get: (t) => t.latencyMs, format: formatDuration },
];

/** A sum beyond a number's range (figures of ±1e308): said so, never "Infinity" or "NaN". */
export const OVERFLOW = 'too large to add';

/** A field as shown: its figure, unknown, or the overflow note. */
function shown(f: Field, t: Totals, value: number | undefined = f.get(t)): string {
  return overflowed(t, f.key) ? OVERFLOW : f.format(value);
}

export interface Mismatch {
  key: string;
  label: string;
  computed: string;
  reported: string;
}

/** The fields where the provider's figure differs from the computed one. */
export function mismatches(computed: Totals, reported: Totals | undefined): Mismatch[] {
  if (!reported) return [];
  const keys = new Set(compareTotals(computed, reported).map((m) => m.field));
  // compareTotals checks the raw `total` field, which the computed side only has when events
  // report bare totals: compare the provider's total with the sum of the computed breakdown,
  // which is what "Total tokens" means on screen.
  keys.delete('tokens.total');
  const c = tokenSum(computed.tokens);
  const r = reported.tokens.total;
  if (typeof r === 'number' && !(c !== undefined && Math.abs(c - r) <= Math.max(1e-9, Math.abs(r) * 1e-6))) keys.add('tokens.total');
  return FIELDS.filter((f) => keys.has(f.key)).map((f) => ({
    key: f.key,
    label: f.label,
    computed: shown(f, computed),
    reported: shown(f, reported, f.key === 'tokens.total' ? r : f.get(reported)),
  }));
}

/** The session header's grid: every field, unknown as "—", provider figures beside. */
export function totalsGrid(computed: Totals, reported: Totals | undefined): HTMLElement {
  const differing = new Set(mismatches(computed, reported).map((m) => m.key));
  const cells: HTMLElement[] = [];
  for (const f of FIELDS) {
    const c = f.get(computed);
    // The provider's "total tokens" only when it reports one: a sum of the parts it reports
    // would compare unlike things (most providers leave cache tokens out).
    const r = reported ? (f.key === 'tokens.total' ? reported.tokens.total : f.get(reported)) : undefined;
    const over = overflowed(computed, f.key);
    if (f.optional && c === undefined && r === undefined && !over) continue;
    const value = el('dd', { class: 'total__value' }, [
      el('span', {
        class: 'total__computed',
        text: shown(f, computed, c),
        attrs: over ? { title: 'The events report figures whose sum is beyond the range of a number' } : {},
      }),
    ]);
    if (r !== undefined || overflowed(reported, f.key)) {
      value.append(
        el('span', {
          class: 'total__provider',
          text: `provider: ${reported ? shown(f, reported, r) : f.format(r)}`,
          attrs: { title: "The provider's own figure" },
        }),
      );
    }
    const cell = el('div', { class: 'total', attrs: { 'data-field': f.key, ...(f.hint ? { title: f.hint } : {}) } }, [
      el('dt', { class: 'total__label', text: f.label }),
      value,
    ]);
    if (differing.has(f.key)) {
      cell.classList.add('is-mismatch');
      value.append(
        el('span', { class: 'mismatch-flag', attrs: { title: "The sum of the events differs from the provider's figure" } }, [
          codicon('warning'),
          'differs',
        ]),
      );
    }
    if (c === undefined && !over) cell.classList.add('is-unknown');
    if (over) cell.classList.add('is-overflow');
    cells.push(cell);
  }
  return el('dl', { class: 'totals-grid' }, cells);
}

/** On the one line an unknown figure says so in words: a bare "—" between figures reads as a dash. */
export const UNKNOWN_ON_LINE = 'unknown';

/**
 * The compact header's line: runs, events, errors, tokens, cost, latency. A figure the provider
 * reports differently carries the provider's figure beside it, and a difference in a figure not on
 * the line is flagged at its end: compact never hides a difference. Where the events say nothing
 * (cost unknown) and the provider reports a figure, the provider's stands beside ours.
 */
export function summaryFigures(runs: number, computed: Totals, reported: Totals | undefined): HTMLElement[] {
  const diff = new Map(mismatches(computed, reported).map((m) => [m.key, m]));
  const parts: HTMLElement[] = [];
  const part = (key: string | undefined, text: string, title?: string, providerFigure?: string) => {
    const span = el('span', {
      class: 'summary-figure',
      text,
      attrs: { ...(key ? { 'data-field': key } : {}), ...(title ? { title } : {}) },
    });
    const d = key ? diff.get(key) : undefined;
    if (d) {
      diff.delete(key!);
      const why = reported?.counted ? `\nWhy: ${reported.counted}` : '';
      span.append(
        ' ',
        el('span', { class: 'mismatch-flag', attrs: { title: `The sum of the events differs from the provider's figure${why}` } }, [
          codicon('warning'),
          `provider ${d.reported}`,
        ]),
      );
    } else if (providerFigure) {
      span.append(
        ' ',
        el('span', { class: 'total__provider', text: `provider ${providerFigure}`, attrs: { title: "The provider's own figure" } }),
      );
    }
    parts.push(span);
  };
  /** "cost unknown", or the figure as `known` writes it. */
  const figure = (key: string, value: number | undefined, label: string, known: (n: number) => string): string => {
    if (overflowed(computed, key)) return `${label} ${OVERFLOW}`;
    return typeof value === 'number' && Number.isFinite(value) ? known(value) : `${label} ${UNKNOWN_ON_LINE}`;
  };
  /** The provider's figure, for a line figure the events leave unknown. */
  const providers = (key: string, value: number | undefined, format: (n: number | undefined) => string): string | undefined => {
    if (!reported || overflowed(computed, key) || value !== undefined) return undefined;
    const r = key === 'tokens.total' ? reported.tokens.total : key === 'costUsd' ? reported.costUsd : undefined;
    return overflowed(reported, key) ? OVERFLOW : r === undefined ? undefined : format(r);
  };
  const count = (key: string, n: number | undefined, one: string, many: string) =>
    figure(key, n, many, (v) => `${formatCount(v)} ${v === 1 ? one : many}`);
  part(undefined, count('runs', runs, 'run', 'runs'));
  part('events', count('events', computed.events, 'event', 'events'));
  part('errors', count('errors', computed.errors, 'error', 'errors'), ERRORS_MEAN);
  const tokens = tokenSum(computed.tokens);
  part(
    'tokens.total',
    figure('tokens.total', tokens, 'tokens', (v) => `${formatCount(v)} tokens`),
    undefined,
    providers('tokens.total', tokens, formatCount),
  );
  part('costUsd', figure('costUsd', computed.costUsd, 'cost', formatCost), 'Cost', providers('costUsd', computed.costUsd, formatCost));
  part(
    'latencyMs',
    figure('latencyMs', computed.latencyMs, 'latency', (v) => `latency ${formatDuration(v)}`),
    'The sum of the steps’ durations',
  );
  if (diff.size) {
    // Differences the line has no place for: say which, the grid under Details has the figures.
    parts.push(
      el(
        'span',
        {
          class: 'mismatch-flag',
          attrs: { title: [...diff.values()].map((d) => `${d.label}: events ${d.computed}, provider ${d.reported}`).join('\n') },
        },
        [codicon('warning'), `provider differs: ${[...diff.values()].map((d) => `${d.label.toLowerCase()} ${d.reported}`).join(', ')}`],
      ),
    );
  }
  return parts;
}

/** A run's one-line summary. */
export function totalsLine(computed: Totals, reported: Totals | undefined): HTMLElement {
  const parts: string[] = [];
  const count = (n: number | undefined, one: string, many: string) =>
    parts.push(n === undefined ? `${one}: ${UNKNOWN}` : `${formatCount(n)} ${n === 1 ? one : many}`);
  count(computed.events, 'event', 'events');
  count(computed.messages, 'message', 'messages');
  count(computed.toolCalls, 'tool call', 'tool calls');
  count(computed.errors, 'error', 'errors');
  const tokens = tokenSum(computed.tokens);
  parts.push(
    overflowed(computed, 'tokens.total')
      ? `tokens ${OVERFLOW}`
      : tokens === undefined
        ? `tokens ${UNKNOWN}`
        : `${formatCount(tokens)} tokens`,
  );
  parts.push(`cost ${overflowed(computed, 'costUsd') ? OVERFLOW : formatCost(computed.costUsd)}`);
  // The sum of the steps' own durations; the platform's run duration (wall time) beside it.
  parts.push(
    `latency ${overflowed(computed, 'latencyMs') ? OVERFLOW : formatDuration(computed.latencyMs)}${reported?.latencyMs !== undefined ? ` (run took ${formatDuration(reported.latencyMs)})` : ''}`,
  );
  const line = el('p', { class: 'run__totals' }, [el('span', { text: parts.join(' · ') })]);
  const diff = mismatches(computed, reported);
  if (diff.length) {
    line.append(
      el(
        'span',
        {
          class: 'mismatch-flag',
          attrs: { title: diff.map((d) => `${d.label}: events ${d.computed}, provider ${d.reported}`).join('\n') },
        },
        [codicon('warning'), `provider reports ${diff.map((d) => `${d.label.toLowerCase()} ${d.reported}`).join(', ')}`],
      ),
    );
  }
  return line;
}
