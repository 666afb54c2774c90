import assert from 'node:assert/strict';
import { formatRelative, sessionTooltipLines } from '../../src/views/tree/format';

describe('session list dates', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('says how long ago in one style at every age, never switching to a calendar date', () => {
    const cases: Array<[number, string]> = [
      [5, 'just now'],
      [90, '1 min ago'],
      [3 * 3600, '3 h ago'],
      [13 * 86400, '13 d ago'],
      [45 * 86400, '1 mo ago'],
      [200 * 86400, '6 mo ago'],
      [800 * 86400, '2 y ago'],
    ];
    for (const [seconds, text] of cases) assert.equal(formatRelative(ago(seconds), now), text, `${seconds} s`);
    for (let days = 0; days < 2000; days += 7) assert.match(formatRelative(ago(days * 86400), now)!, /^(just now|\d+ (min|h|d|mo|y) ago)$/);
  });

  it('treats a time in the future as just now and an unreadable one as unknown', () => {
    assert.equal(formatRelative(new Date(now + 3_600_000).toISOString(), now), 'just now');
    assert.equal(formatRelative('not a date', now), undefined);
    assert.equal(formatRelative(undefined, now), undefined);
  });

  it('puts the calendar date in the tooltip', () => {
    const lines = sessionTooltipLines({ id: 's1', agentId: 'a1', title: 'T', createdAt: '2026-11-18T09:15:00Z' });
    assert.match(lines[0]!, /^Created: .*2026/);
  });
});
