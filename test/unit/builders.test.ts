// The test builders (test/builders) give what the schema requires, ids unique in a session, and
// totals computed as the providers compute them, so tests built on them check the real thing.
import * as assert from 'assert';
import { SessionSchema, computeTotals } from '../../src/model';
import { aSession, events } from '../builders';

describe('test builders', () => {
  it('build sessions the model schema accepts, with ids unique across runs and totals from the events', () => {
    const s = aSession({ title: 'Refund' })
      .run('r1', (e) => [
        e.user('Where is it?', { tokens: { input: 10 } }),
        e.toolCall('lookup', { order: 1 }, { callId: 'c' }),
        e.toolResult('paid', { callId: 'c' }),
      ])
      .run('r2', (e) => [
        e.modelCall({ tokens: { input: 3, output: 2 } }),
        e.assistant('On its way.'),
        e.error('late'),
        e.pending(),
        e.other(),
        e.code(),
        e.reasoning(),
        e.system(),
      ])
      .build();
    assert.equal(SessionSchema.safeParse(s).success, true, JSON.stringify(SessionSchema.safeParse(s).error?.issues));
    const ids = s.runs.flatMap((r) => r.events.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepStrictEqual(
      s.runs.map((r) => r.events.every((e) => e.runId === r.id)),
      [true, true],
    );
    assert.deepStrictEqual(s.runs[1]!.totals, computeTotals(s.runs[1]!.events));
    assert.equal(s.totals.events, 11);
  });

  it('let a test override any field, id and run included', () => {
    const e = events('r9', 'x');
    assert.equal(e.nextId(), 'x1');
    const u = e.user('hi', { id: 'mine', runId: 'elsewhere', timeMs: 5 });
    assert.deepStrictEqual(u, { id: 'mine', runId: 'elsewhere', kind: 'user_message', text: 'hi', timeMs: 5 });
    assert.equal(e.assistant().id, 'x2');
  });
});
