// Several sessions side by side ("did the new prompt or model do better?"): one row per figure,
// one column per session, each later session's difference to the first beside its figure.
// Unknown stays empty, never 0, and a difference needs both figures. Also as CSV.
import { computeBreakdown } from './breakdown';
import type { Session } from './schema';
import { tokenSum } from './totals';

export interface FigureRow {
  label: string;
  /** Per session, in the order given; undefined = not reported. */
  values: Array<number | undefined>;
  /** Per session: value − the first session's value (undefined for the first, or when either is unknown). */
  deltas: Array<number | undefined>;
  unit: 'count' | 'usd' | 'ms' | 'ratio';
}

export interface SessionTable {
  sessions: Array<{ id: string; title: string }>;
  rows: FigureRow[];
}

function durationMs(s: Session): number | undefined {
  let first: number | undefined;
  let last: number | undefined;
  for (const r of s.runs)
    for (const e of r.events) {
      if (typeof e.timeMs !== 'number' || !Number.isFinite(e.timeMs)) continue;
      if (first === undefined || e.timeMs < first) first = e.timeMs;
      if (last === undefined || e.timeMs + (e.latencyMs ?? 0) > last) last = e.timeMs + (e.latencyMs ?? 0);
    }
  return first !== undefined && last !== undefined ? last - first : undefined;
}

export function sessionTable(sessions: readonly Session[]): SessionTable {
  const b = sessions.map((s) => computeBreakdown(s, { top: 0 }));
  const row = (label: string, unit: FigureRow['unit'], get: (i: number) => number | undefined): FigureRow => {
    const values = sessions.map((_, i) => get(i));
    const base = values[0];
    return { label, unit, values, deltas: values.map((v, i) => (i === 0 || v === undefined || base === undefined ? undefined : v - base)) };
  };
  return {
    sessions: sessions.map((s) => ({ id: s.id, title: s.title })),
    rows: [
      row('Input tokens', 'count', (i) => b[i]!.session.tokens.input),
      row('Output tokens', 'count', (i) => b[i]!.session.tokens.output),
      row('Cache read tokens', 'count', (i) => b[i]!.session.tokens.cacheRead),
      row('Cache write tokens', 'count', (i) => b[i]!.session.tokens.cacheWrite),
      row('Reasoning tokens', 'count', (i) => b[i]!.session.tokens.reasoning),
      row('All tokens', 'count', (i) => tokenSum(b[i]!.session.tokens)),
      row('Cost (USD)', 'usd', (i) => b[i]!.session.costUsd),
      row('Duration (ms)', 'ms', (i) => durationMs(sessions[i]!)),
      row('Model calls', 'count', (i) => b[i]!.session.modelCalls),
      row('Tool calls', 'count', (i) => b[i]!.session.toolCalls),
      row('Errors', 'count', (i) => b[i]!.session.errors),
      row('Cache-hit rate', 'ratio', (i) => b[i]!.session.cacheHitRate),
    ],
  };
}

function csvCell(v: string): string {
  // Quoted when needed; a leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per figure: the figure, then each session's value and (after the first) its difference. */
export function sessionTableCsv(t: SessionTable): string {
  const head = ['Figure', ...t.sessions.flatMap((s, i) => (i === 0 ? [s.title] : [s.title, `${s.title} − first`]))];
  const lines = [head, ...t.rows.map((r) => [r.label, ...r.values.flatMap((v, i) => (i === 0 ? [num(v)] : [num(v), num(r.deltas[i])]))])];
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function num(v: number | undefined): string {
  return v === undefined ? '' : String(Math.round(v * 1e9) / 1e9);
}

/** The table as Markdown (the comparison document opened in the editor). */
export function sessionTableMarkdown(t: SessionTable): string {
  const fmt = (v: number | undefined, unit: FigureRow['unit']) =>
    v === undefined
      ? '—'
      : unit === 'ratio'
        ? `${(v * 100).toFixed(1)}%`
        : unit === 'usd'
          ? `$${v.toFixed(4)}`
          : Math.round(v).toLocaleString('en-US');
  const delta = (v: number | undefined, unit: FigureRow['unit']) =>
    v === undefined ? '' : ` (${v > 0 ? '+' : v < 0 ? '−' : '±'}${fmt(Math.abs(v), unit)})`;
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const out = [`| Figure | ${t.sessions.map((s) => esc(s.title)).join(' | ')} |`, `| --- |${t.sessions.map(() => ' ---: |').join('')}`];
  for (const r of t.rows)
    out.push(`| ${r.label} | ${r.values.map((v, i) => `${fmt(v, r.unit)}${delta(r.deltas[i], r.unit)}`).join(' | ')} |`);
  return `# Sessions compared\n\nDifferences are to the first session. — means the source did not report it.\n\n${out.join('\n')}\n`;
}
