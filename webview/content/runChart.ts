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

export interface RunFigures {
  label: string;
  tokens: number | undefined;
  cost: number | undefined;
}

export function runFigures(runs: readonly RunHeader[]): RunFigures[] {
  return runs.map((r, i) => ({ label: `Run ${i + 1}${r.title ? ` · ${r.title}` : ''}`, tokens: tokenSum(r.totals.tokens), cost: r.totals.costUsd }));
}

/** The chart, or null when there is nothing to compare (fewer than two runs, or no figures at all). */
export function runChart(runs: readonly RunHeader[]): SVGSVGElement | null {
  const figures = runFigures(runs);
  if (figures.length < 2 || figures.every((f) => f.tokens === undefined && f.cost === undefined)) return null;
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
    text(node('title', { id: titleId }), 'Tokens and cost by run'),
    text(
      node('desc', { id: descId }),
      figures.map((f) => `${f.label}: ${f.tokens === undefined ? 'tokens unknown' : `${formatCount(f.tokens)} tokens`}, ${f.cost === undefined ? 'cost unknown' : formatCost(f.cost)}`).join('; '),
    ),
  );

  // Legend with each series' largest value, which is the top of its scale.
  const legend = node('g', { class: 'run-chart__legend', 'aria-hidden': 'true' });
  legend.append(
    node('rect', { class: 'run-chart__bar run-chart__bar--tokens', x: String(LEFT), y: '5', width: '9', height: '9' }),
    text(node('text', { class: 'run-chart__label', x: String(LEFT + 13), y: '13' }), `tokens (max ${maxTokens ? formatCount(maxTokens) : UNKNOWN})`),
    node('rect', { class: 'run-chart__bar run-chart__bar--cost', x: String(LEFT + 170), y: '5', width: '9', height: '9' }),
    text(node('text', { class: 'run-chart__label', x: String(LEFT + 183), y: '13' }), `cost (max ${maxCost ? formatCost(maxCost) : UNKNOWN})`),
  );
  svg.append(legend, node('line', { class: 'run-chart__axis', x1: String(LEFT), x2: String(width - RIGHT), y1: String(TOP + plot + 0.5), y2: String(TOP + plot + 0.5) }));

  const bars = node('g', { class: 'run-chart__bars' });
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
        'data-run': String(i + 1),
      });
      rect.append(text(node('title'), `${f.label}: ${what}`));
      bars.append(rect);
    };
    add('tokens', f.tokens, maxTokens, -bar - 1, `${formatCount(f.tokens)} tokens`);
    add('cost', f.cost, maxCost, 1, formatCost(f.cost));
    // Run numbers under the bars, thinned out when they would collide.
    const every = Math.ceil(22 / slot);
    if (i % every === 0) bars.append(text(node('text', { class: 'run-chart__label run-chart__run', x: x.toFixed(1), y: String(HEIGHT - 4), 'text-anchor': 'middle', 'aria-hidden': 'true' }), String(i + 1)));
  });
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
