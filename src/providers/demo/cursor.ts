// Paging cursors for the demo listing. Keyset (time + id of the last item shown) rather than an
// offset, so a session created by chatting between two pages does not shift or repeat items.
import type { SessionSummary } from '../../model';
import { ProviderError } from '../types';

interface CursorData {
  agentId: string;
  timeMs: number;
  id: string;
}

export function summaryTime(s: SessionSummary): number {
  const ms = s.createdAt ? Date.parse(s.createdAt) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Newest first; equal times fall back to the id so the order is total. */
export function compareNewestFirst(a: SessionSummary, b: SessionSummary): number {
  return summaryTime(b) - summaryTime(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function encodeCursor(agentId: string, last: SessionSummary): string {
  const data: CursorData = { agentId, timeMs: summaryTime(last), id: last.id };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, agentId: string): CursorData {
  let data: Partial<CursorData> | undefined;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    data = undefined;
  }
  if (!data || typeof data.timeMs !== 'number' || typeof data.id !== 'string' || data.agentId !== agentId) {
    throw new ProviderError('validation', 'This page cursor does not belong to this list; refresh the list to start again.');
  }
  return data as CursorData;
}

/** True when `s` comes after the cursor's item in newest-first order. */
export function isAfter(s: SessionSummary, c: CursorData): boolean {
  const t = summaryTime(s);
  return t < c.timeMs || (t === c.timeMs && s.id > c.id);
}
