// Short human formats for tree labels and tooltips.
import type { SessionSummary } from '../../model';
import { toMillis } from '../../model';

export function formatTime(iso: string | undefined): string | undefined {
  const ms = toMillis(iso);
  if (ms === undefined) return undefined;
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * How long ago, in one style for every row of the session list (days, then months, then years:
 * never "13 d ago" beside "Nov 1, 2026"); the calendar date and time are in the row's tooltip.
 */
export function formatRelative(iso: string | undefined, now = Date.now()): string | undefined {
  const ms = toMillis(iso);
  if (ms === undefined) return undefined;
  const diff = Math.max(0, now - ms) / 1000;
  const day = 86400;
  if (diff < 60) return 'just now';
  if (diff < 3600) return `${Math.floor(diff / 60)} min ago`;
  if (diff < day) return `${Math.floor(diff / 3600)} h ago`;
  if (diff < day * 30) return `${Math.floor(diff / day)} d ago`;
  if (diff < day * 365) return `${Math.floor(diff / (day * 30))} mo ago`;
  return `${Math.floor(diff / (day * 365))} y ago`;
}

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '—';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : n.toLocaleString('en-US');
}

/** Lines of a session tooltip: created time, messages, tokens, cost — unknown shown as "—". */
export function sessionTooltipLines(s: SessionSummary): string[] {
  return [
    `Created: ${formatTime(s.createdAt) ?? '—'}`,
    ...(s.updatedAt && s.updatedAt !== s.createdAt ? [`Updated: ${formatTime(s.updatedAt)}`] : []),
    `Messages: ${formatCount(s.messageCount)}`,
    `Tokens: ${formatCount(s.tokens)}`,
    `Cost: ${formatCost(s.costUsd)}`,
    `ID: ${s.id}`,
  ];
}
