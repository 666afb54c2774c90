// What /explain and "Why did this fail?" send to the editor's model: within the budget, the
// failing event and every error kept, secrets masked, citations read back from the answer.
import assert from 'node:assert/strict';
import { buildExplainPrompt, citedEvents, maskSecrets, withTotals, type SessionEvent } from '../../src/model';

const events: SessionEvent[] = Array.from(
  { length: 400 },
  (_, i) => ({ id: `e${i}`, runId: 'r', kind: 'assistant_message', text: `step ${i} `.repeat(20) }) as SessionEvent,
);
events[5] = {
  id: 'e5',
  runId: 'r',
  kind: 'tool_call',
  name: 'deploy',
  callId: 'k',
  arguments: { token: 'Bearer abcdefghijklmnop1234', key: 'sk-live_0123456789abcdefXYZ' },
};
events[300] = { id: 'e300', runId: 'r', kind: 'tool_result', name: 'deploy', callId: 'k', result: 'permission denied', isError: true };
events[350] = { id: 'e350', runId: 'r', kind: 'error', code: 'E_FAIL', message: 'deploy failed' };
const session = withTotals({ id: 's', provider: 'file', title: 'Deploy', metadata: {}, runs: [{ id: 'r', events }] });

describe('explain prompt', () => {
  it('fits the budget, keeps the event asked about, its neighbours and every error, and says what it left out', () => {
    const p = buildExplainPrompt(session, { budgetTokens: 3000, eventId: 'e350' });
    const tokens = Math.ceil((p.instructions.length + p.session.length) / 4);
    assert.ok(tokens <= 3000, `${tokens} tokens`);
    assert.ok(p.elided > 0);
    for (const id of ['e350', 'e349', 'e342', 'e300', 'e0', 'e399']) assert.ok(p.eventIds.includes(id), `keeps ${id}`);
    assert.match(p.session, /… \d+ events left out to fit the model's input budget …/);
    assert.match(p.instructions, /why the event \[e350\] failed/);
    const all = buildExplainPrompt(session, { budgetTokens: 1e6 });
    assert.equal(all.elided, 0);
    assert.equal(all.eventIds.length, 400);
  });

  it('on a budget too small for its neighbours still sends the event asked about, and the errors before its neighbours', () => {
    const full = buildExplainPrompt(session, { budgetTokens: 1e6, eventId: 'e350' });
    const line = (id: string) => full.session.split('\n').find((l) => l.startsWith(`[${id}] `))!;
    const fixed = Math.ceil((full.instructions.length + full.session.split('\n\n')[0]!.length) / 4) + 64;
    // Room for the failing event, the other error and all but one token of a neighbour: taken in
    // the session's order, the error and that neighbour would leave no room for the event asked about.
    const cost = (id: string) => Math.ceil(line(id).length / 4) + 1;
    const p = buildExplainPrompt(session, { budgetTokens: fixed + cost('e350') + cost('e300') + cost('e342') - 1, eventId: 'e350' });
    assert.ok(p.eventIds.includes('e350') && p.eventIds.includes('e300'), p.eventIds.join());
    assert.match(p.session, /^\[e350\] error: E_FAIL: deploy failed$/m);
  });

  it('never sends a credential', () => {
    const p = buildExplainPrompt(session, { budgetTokens: 1e6, secrets: ['step 7 step'] });
    for (const piece of ['abcdefghijklmnop1234', 'sk-live_0123456789', 'step 7 step'])
      assert.ok(!p.session.includes(piece), `${piece} masked`);
    assert.equal(maskSecrets('password=hunter2hunter2 ok'), 'password=*** ok');
  });

  it('reads back only the cited ids the prompt carried', () => {
    assert.deepEqual(citedEvents('Because [e300] failed, [e350] stopped the run; see [e300] and [nope].', ['e300', 'e350']), [
      'e300',
      'e350',
    ]);
  });
});
