// Prompt size per model call over the session: one bar per call (or per bucket of calls on a long
// session, drawn at the bucket's largest), then the calls where the prompt cache broke (the hit
// rate fell, or the prompt shrank: a summary or a new context), each with "Compare with previous
// request". Bars are buttons: Tab reaches them, Enter opens the call.
import { withPrevious, type ModelCall } from '../../src/model/breakdown';
import { el } from '../dom';
import { formatCount, UNKNOWN } from '../format';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_BARS = 240;
const WIDTH = 720;
const HEIGHT = 120;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export interface CacheBreak {
  call: ModelCall;
  previous: ModelCall;
  why: string;
}

/** Calls whose cache-hit rate fell by 20 points or more, or whose prompt shrank, against their agent's call before. */
export function cacheBreaks(calls: readonly ModelCall[], limit = 20): CacheBreak[] {
  const out: CacheBreak[] = [];
  for (const { call, previous } of withPrevious(calls)) {
    if (call.cacheHitRate !== undefined && previous.cacheHitRate !== undefined && previous.cacheHitRate - call.cacheHitRate >= 0.2) {
      out.push({ call, previous, why: `cache hit ${pct(previous.cacheHitRate)} → ${pct(call.cacheHitRate)}` });
    } else if (call.promptTokens! < previous.promptTokens!) {
      out.push({ call, previous, why: `prompt ${formatCount(previous.promptTokens)} → ${formatCount(call.promptTokens)} tokens` });
    }
    if (out.length >= limit) break;
  }
  return out;
}

function pct(r: number): string {
  return `${Math.round(r * 100)}%`;
}

export function promptChart(calls: readonly ModelCall[], open: (call: ModelCall) => void, compare: (call: ModelCall) => void): HTMLElement {
  const sized = calls.filter((c) => c.promptTokens !== undefined);
  if (!sized.length) return el('p', { class: 'breakdown__empty', text: 'No model call in this session says how large its prompt was.' });
  const per = Math.ceil(sized.length / MAX_BARS);
  const buckets: ModelCall[] = [];
  for (let i = 0; i < sized.length; i += per) {
    let best = sized[i]!;
    for (let j = i + 1; j < Math.min(sized.length, i + per); j++) if (sized[j]!.promptTokens! > best.promptTokens!) best = sized[j]!;
    buckets.push(best);
  }
  const max = Math.max(1, ...buckets.map((c) => c.promptTokens!));
  // Few calls get narrow bars, not a few slabs across the whole width.
  const barW = Math.min(WIDTH / buckets.length, 36);
  const chart = svg('svg', {
    class: 'prompt-chart',
    viewBox: `0 0 ${WIDTH} ${HEIGHT + 14}`,
    role: 'group',
    'aria-label': `Prompt size of ${sized.length} model calls; the largest ${formatCount(max)} tokens`,
  });
  buckets.forEach((c, i) => {
    const h = Math.max(1, (c.promptTokens! / max) * HEIGHT);
    const cached = c.cacheHitRate !== undefined ? c.cacheHitRate * h : 0;
    const label = `Model call #${c.index + 1}: prompt ${formatCount(c.promptTokens)} tokens, cache hit ${c.cacheHitRate === undefined ? UNKNOWN : pct(c.cacheHitRate)}`;
    const g = svg('g', { class: 'prompt-chart__bar', tabindex: '0', role: 'button', 'aria-label': label, 'data-event-id': c.eventId });
    const title = svg('title', {});
    title.textContent = label;
    g.append(
      title,
      svg('rect', {
        class: 'prompt-chart__fresh',
        x: String(i * barW),
        y: String(HEIGHT - h),
        width: String(Math.max(1, barW - 1)),
        height: String(h - cached),
      }),
    );
    if (cached > 0)
      g.append(
        svg('rect', {
          class: 'prompt-chart__cached',
          x: String(i * barW),
          y: String(HEIGHT - cached),
          width: String(Math.max(1, barW - 1)),
          height: String(cached),
        }),
      );
    g.addEventListener('click', () => open(c));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        open(c);
      }
    });
    chart.append(g);
  });
  const axis = svg('text', { class: 'prompt-chart__axis', x: '0', y: String(HEIGHT + 12) });
  axis.textContent = `${formatCount(max)} tokens at most · ${per > 1 ? `each bar the largest of ${per} calls` : 'one bar per call'}`;
  chart.append(axis);
  const legend = el('p', { class: 'prompt-chart__legend' }, [
    el('span', { class: 'prompt-chart__key prompt-chart__key--cached', attrs: { 'aria-hidden': 'true' } }),
    ' read from the prompt cache ',
    el('span', { class: 'prompt-chart__key prompt-chart__key--fresh', attrs: { 'aria-hidden': 'true' } }),
    ' not cached (or not reported)',
  ]);
  const breaks = cacheBreaks(sized);
  const list = breaks.length
    ? el(
        'ul',
        { class: 'prompt-breaks', attrs: { 'aria-label': 'Where the prompt cache broke' } },
        breaks.map((b) => {
          const show = el('button', { class: 'breakdown__row-link', text: `Model call #${b.call.index + 1}`, attrs: { type: 'button' } });
          show.addEventListener('click', () => open(b.call));
          const diff = el('button', {
            class: 'breakdown__action',
            text: 'Compare with previous request',
            attrs: { type: 'button', 'data-event-id': b.call.eventId },
          });
          diff.addEventListener('click', () => compare(b.call));
          return el('li', {}, [show, el('span', { text: ` ${b.why} ` }), diff]);
        }),
      )
    : el('p', { class: 'breakdown__empty', text: 'The prompt cache did not visibly break: no call lost cache hits or shrank its prompt.' });
  return el('div', { class: 'prompt-growth' }, [
    chart,
    legend,
    el('h3', { class: 'breakdown__subhead', text: 'Where the prompt cache broke' }),
    list,
  ]);
}
