// Several sessions in one table: figures from computeBreakdown, differences to the first, unknown
// left empty (never 0, no difference), CSV that a spreadsheet reads without running formulas.
import assert from 'node:assert/strict';
import { sessionTable, sessionTableCsv, sessionTableMarkdown, withTotals, type SessionEvent } from '../../src/model';

const t = (s: number) => ({ timeMs: Date.parse('2026-11-20T10:00:00Z') + s * 1000 });
const mk = (id: string, title: string, events: SessionEvent[]) =>
  withTotals({ id, provider: 'file', title, metadata: {}, runs: [{ id: 'r', events }] });
const a = mk('a', 'v1', [
  { id: '1', runId: 'r', kind: 'user_message', text: 'go', ...t(0) },
  { id: '2', runId: 'r', kind: 'model_call', tokens: { input: 100, output: 10, cacheRead: 100 }, costUsd: 0.01, latencyMs: 1000, ...t(1) },
  { id: '3', runId: 'r', kind: 'tool_call', name: 'x', callId: 'k', arguments: {}, ...t(2) },
  { id: '4', runId: 'r', kind: 'tool_result', callId: 'k', result: 'no', isError: true, ...t(3) },
]);
const b = mk('b', '=HYPERLINK("x")', [
  { id: '1', runId: 'r', kind: 'user_message', text: 'go', ...t(0) },
  { id: '2', runId: 'r', kind: 'model_call', tokens: { input: 60, output: 12 }, latencyMs: 500, ...t(1) },
]);

describe('session table', () => {
  const table = sessionTable([a, b]);
  const row = (label: string) => table.rows.find((r) => r.label === label)!;

  it('puts each figure beside the others, with the difference to the first', () => {
    assert.deepEqual(row('Input tokens').values, [100, 60]);
    assert.deepEqual(row('Input tokens').deltas, [undefined, -40]);
    assert.deepEqual(row('Model calls').values, [1, 1]);
    assert.deepEqual(row('Tool calls').values, [1, 0]);
    assert.deepEqual(row('Errors').deltas, [undefined, -1]);
    assert.deepEqual(row('Duration (ms)').values, [3000, 1500], 'first event to the end of the last');
    assert.deepEqual(row('Cache-hit rate').values, [0.5, undefined]);
  });

  it('leaves what a session did not report unknown, with no difference', () => {
    assert.deepEqual(row('Cost (USD)').values, [0.01, undefined]);
    assert.deepEqual(row('Cost (USD)').deltas, [undefined, undefined]);
    assert.match(sessionTableMarkdown(table), /\| Cost \(USD\) \| \$0\.0100 \| — \|/);
  });

  it('writes CSV with the differences, quoting and defusing formulas', () => {
    const csv = sessionTableCsv(table).split('\r\n');
    assert.equal(csv[0], `Figure,v1,"'=HYPERLINK(""x"")","'=HYPERLINK(""x"") − first"`);
    assert.equal(csv[1], 'Input tokens,100,60,-40');
    assert.ok(csv.includes('Cost (USD),0.01,,'), csv.join('\n'));
  });
});
