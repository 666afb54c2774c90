// The facts line of one event: time, latency, tokens, cost, model — only those the provider gave.
import type { SessionEvent, TokenUsage } from '../../src/model/schema';
import { el } from '../dom';
import { formatCost, formatCount, formatDuration, formatTimeOfDay } from '../format';

const TOKEN_PARTS: Array<[keyof TokenUsage, string, string]> = [
  ['input', 'in', 'input tokens'],
  ['output', 'out', 'output tokens'],
  ['cacheRead', 'cache read', 'cache-read tokens'],
  ['cacheWrite', 'cache write', 'cache-write tokens'],
  ['reasoning', 'reasoning', 'reasoning tokens'],
];

export function eventMeta(e: SessionEvent): HTMLElement | null {
  const items: HTMLElement[] = [];
  const item = (cls: string, text: string, title: string) =>
    items.push(el('span', { class: `meta-item meta-${cls}`, text, attrs: { title } }));
  if (e.timestamp || e.timeMs !== undefined)
    item('time', formatTimeOfDay(e.timeMs, e.timestamp), e.timestamp ?? new Date(e.timeMs!).toISOString());
  if (e.latencyMs !== undefined) item('latency', formatDuration(e.latencyMs), 'Latency');
  const tokens = tokenText(e.tokens);
  if (tokens) item('tokens', tokens.text, tokens.title);
  if (e.costUsd !== undefined) item('cost', formatCost(e.costUsd), 'Cost');
  if (e.model) item('model', e.model, 'Model');
  if (!items.length) return null;
  return el('span', { class: 'event__meta' }, items);
}

function tokenText(t: TokenUsage | undefined): { text: string; title: string } | undefined {
  if (!t) return undefined;
  const parts: string[] = [];
  const titles: string[] = [];
  for (const [key, short, long] of TOKEN_PARTS) {
    const v = t[key];
    if (typeof v === 'number') {
      parts.push(`${formatCount(v)} ${short}`);
      titles.push(`${formatCount(v)} ${long}`);
    }
  }
  if (!parts.length && typeof t.total === 'number') {
    parts.push(`${formatCount(t.total)} tokens`);
    titles.push(`${formatCount(t.total)} tokens in total (no breakdown reported)`);
  }
  if (!parts.length) return undefined;
  return { text: parts.join(' · '), title: titles.join(', ') };
}
