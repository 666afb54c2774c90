// A small chart of tokens and cost over the session's runs: two bars per run (tokens, cost), each
// series scaled to its own largest value. Inline SVG built element by element (no markup
// strings, no chart library), coloured by theme variables in CSS, with a title and a description
// that lists every figure for screen readers; each bar also has its own tooltip.
import { tokenSum } from '../../src/model/totals';
import type { RunHeader } from '../../src/protocol/messages';
import { uniqueId } from '../dom';
import { formatCost, formatCount, UNKNOWN } from '../format';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 120;
const TOP = 22;
const BOTTOM = 18;
const LEFT = 8;
const RIGHT = 8;
const SLOT_MIN = 26;
const WIDTH_MIN = 320;
const WIDTH_MAX = 900;

/** More runs than this share bars: a bar per group of consecutive runs (their sums), so the chart stays a few hundred elements. */
export const MAX_BARS = 150;
/** Axis labels are 11px text: about this many pixels per digit, plus a gap between labels. */
const DIGIT_PX = 7;
const LABEL_GAP = 8;

export interface RunFigures {
  label: string;
  tokens: number | undefined;
  cost: number | undefined;
  /** The first and last run (1-based) a bar stands for. */
  first: number;
  last: number;
}

export function runFigures(runs: readonly RunHeader[]): RunFigures[] {
  return runs.map((r, i) => ({
    label: `Run ${i + 1}${r.title ? ` · ${r.title}` : ''}`,
    tokens: tokenSum(r.totals.tokens),
    cost: r.totals.costUsd,
    first: i + 1,
    last: i + 1,
  }));
}

/** Consecutive runs summed into at most `max` bars (a figure unknown in every run of a group stays unknown). */
export function groupFigures(figures: readonly RunFigures[], max = MAX_BARS): RunFigures[] {
  if (figures.length <= max) return [...figures];
  const size = Math.ceil(figures.length / max);
  const groups: RunFigures[] = [];
  for (let at = 0; at < figures.length; at += size) {
    const part = figures.slice(at, at + size);
    const sum = (get: (f: RunFigures) => number | undefined) =>
      part.reduce<number | undefined>((n, f) => (get(f) === undefined ? n : (n ?? 0) + get(f)!), undefined);
    const first = part[0]!.first;
    const last = part[part.length - 1]!.last;
    groups.push({
      label: `Runs ${formatCount(first)}–${formatCount(last)}`,
      tokens: sum((f) => f.tokens),
      cost: sum((f) => f.cost),
      first,
      last,
    });
  }
  return groups;
}

/**
 * Which bars get a run number under them: every `step`-th, with `step` a round number (1, 2, 5,
 * 10, 20, 50…) wide enough that the longest number fits between two labels.
 */
export function labelStep(bars: number, slot: number, lastRun: number): number {
  const widest = formatCount(lastRun).length * DIGIT_PX + LABEL_GAP;
  const runsPerBar = Math.max(1, Math.ceil(lastRun / Math.max(1, bars)));
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * magnitude;
      // `step` counts runs; on the axis it spans about step / runsPerBar bars (one more for rounding to a bar).
      if (Math.floor(step / runsPerBar) * slot >= widest + (runsPerBar > 1 ? slot : 0)) return step;
      if (step >= lastRun * 10) return step;
    }
  }
}

/** The chart, or null when there is nothing to compare (fewer than two runs, or no figures at all). */
export function runChart(runs: readonly RunHeader[]): SVGSVGElement | null {
  const all = runFigures(runs);
  if (all.length < 2 || all.every((f) => f.tokens === undefined && f.cost === undefined)) return null;
  const figures = groupFigures(all);
  const grouped = figures.length < all.length;
  const maxTokens = Math.max(0, ...figures.map((f) => f.tokens ?? 0));
  const maxCost = Math.max(0, ...figures.map((f) => f.cost ?? 0));
  const width = Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, LEFT + RIGHT + figures.length * SLOT_MIN));
  const slot = (width - LEFT - RIGHT) / figures.length;
  const bar = Math.max(1, Math.min(10, slot * 0.36));
  const plot = HEIGHT - TOP - BOTTOM;

  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  const svg = node('svg', {
    class: 'run-chart',
    viewBox: `0 0 ${width} ${HEIGHT}`,
    width: String(width),
    height: String(HEIGHT),
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
  });
  svg.append(
    text(
      node('title', { id: titleId }),
      grouped
        ? `Tokens and cost by run, ${formatCount(all.length)} runs in groups of ${formatCount(figures[0]!.last)}`
        : 'Tokens and cost by run',
    ),
    text(
      node('desc', { id: descId }),
      figures
        .map(
          (f) =>
            `${f.label}: ${f.tokens === undefined ? 'tokens unknown' : `${formatCount(f.tokens)} tokens`}, ${f.cost === undefined ? 'cost unknown' : formatCost(f.cost)}`,
        )
        .join('; '),
    ),
  );

  // Legend with each series' largest value, which is the top of its scale.
  const per = grouped ? ' per group' : '';
  const legend = node('g', { class: 'run-chart__legend', 'aria-hidden': 'true' });
  const tokensLegend = `tokens (max ${maxTokens ? formatCount(maxTokens) : UNKNOWN}${per})`;
  // The cost's key right after the tokens' (11px text: about 6.5px a character), not at a fixed place it may not fit.
  const costAt = Math.round(LEFT + 13 + tokensLegend.length * 6.5 + 18);
  legend.append(
    node('rect', { class: 'run-chart__bar run-chart__bar--tokens', x: String(LEFT), y: '5', width: '9', height: '9' }),
    text(node('text', { class: 'run-chart__label', x: String(LEFT + 13), y: '13' }), tokensLegend),
    node('rect', { class: 'run-chart__bar run-chart__bar--cost', x: String(costAt), y: '5', width: '9', height: '9' }),
    text(
      node('text', { class: 'run-chart__label', x: String(costAt + 13), y: '13' }),
      `cost (max ${maxCost ? formatCost(maxCost) : UNKNOWN}${per})`,
    ),
  );
  svg.append(
    legend,
    node('line', {
      class: 'run-chart__axis',
      x1: String(LEFT),
      x2: String(width - RIGHT),
      y1: String(TOP + plot + 0.5),
      y2: String(TOP + plot + 0.5),
    }),
  );

  const bars = node('g', { class: 'run-chart__bars' });
  const lastRun = all.length;
  const step = labelStep(figures.length, slot, lastRun);
  const runsPerBar = figures[0]!.last - figures[0]!.first + 1;
  figures.forEach((f, i) => {
    const x = LEFT + i * slot + slot / 2;
    const add = (series: 'tokens' | 'cost', value: number | undefined, max: number, offset: number, what: string) => {
      if (value === undefined) return;
      const h = max > 0 ? Math.max(value > 0 ? 1 : 0, (value / max) * plot) : 0;
      const rect = node('rect', {
        class: `run-chart__bar run-chart__bar--${series}`,
        x: (x + offset).toFixed(1),
        y: (TOP + plot - h).toFixed(1),
        width: bar.toFixed(1),
        height: h.toFixed(1),
        'data-run': String(f.first),
      });
      rect.append(text(node('title'), `${f.label}: ${what}`));
      bars.append(rect);
    };
    add('tokens', f.tokens, maxTokens, -bar - 1, `${formatCount(f.tokens)} tokens`);
    add('cost', f.cost, maxCost, 1, formatCost(f.cost));
  });
  // Run numbers under the axis, at round steps far enough apart not to collide: run 1, then
  // every multiple of the step (placed under the bar holding that run).
  const labelled = [1];
  for (let n = step; n <= lastRun; n += step) if (n !== 1) labelled.push(n);
  const minGap = formatCount(lastRun).length * DIGIT_PX + LABEL_GAP;
  const xOf = (run: number) => LEFT + Math.floor((run - 1) / runsPerBar) * slot + slot / 2;
  if (labelled.length > 1 && xOf(labelled[1]!) - xOf(1) < minGap) labelled.splice(1, 1);
  for (const n of labelled) {
    const label = formatCount(n);
    const half = (label.length * DIGIT_PX) / 2;
    // Inside the chart: a number at either end is moved in rather than cut off.
    const x = Math.min(width - 1 - half, Math.max(1 + half, xOf(n)));
    bars.append(
      text(
        node('text', {
          class: 'run-chart__label run-chart__run',
          x: x.toFixed(1),
          y: String(HEIGHT - 4),
          'text-anchor': 'middle',
          'aria-hidden': 'true',
        }),
        label,
      ),
    );
  }
  svg.append(bars);
  return svg;
}

function node<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
}

function text<T extends Element>(n: T, value: string): T {
  n.textContent = value;
  return n;
}
