// The simulator's AgentOS against what a real one (agno 3.1.10, test/agno-peer) answered: the
// recording in test/fixtures/agno-3.1.10-streamed-session.json and the answers noted below. Where
// they differed, the simulator was changed; these checks keep it from drifting back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGNO_BIG_AGENT, AgnoData } from '../simulator/data/agno';
import { startSimulator, type Simulator } from '../simulator/server';

type Json = Record<string, any>;
const real = (): { detail: Json; runs: Json[] } =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/agno-3.1.10-streamed-session.json'), 'utf8'));

describe('simulated AgentOS speaks like agno 3.1.10', () => {
  let sim: Simulator;
  const data = new AgnoData();
  // A research-agent session whose second run has a failing tool.
  const row = data.rows.filter((r) => r.componentId === AGNO_BIG_AGENT).find((r) => data.runs(r).length >= 2)!;
  /** `auth` null: no Authorization header at all. */
  const get = (path: string, auth: string | null = `Bearer ${sim.token}`) =>
    fetch(`${sim.baseUrls.agno}${path}`, { headers: auth === null ? {} : { Authorization: auth } });

  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it("answers 401 with agno's own details and no WWW-Authenticate header", async () => {
    for (const [auth, detail] of [
      [null, 'Authorization header required'],
      ['Bearer wrong', 'Invalid authentication token'],
      ['wrong', 'Invalid authentication token'],
    ] as const) {
      const res = await get('/agents', auth);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), null);
      assert.deepEqual(await res.json(), { detail });
    }
  });

  it('answers 404 for the runs of an unknown session and for an unknown run, worded as agno does', async () => {
    const runs = await get('/sessions/unknown/runs?type=agent');
    assert.equal(runs.status, 404);
    assert.deepEqual(await runs.json(), { detail: 'Session with ID unknown not found' });
    const run = await get(`/sessions/${row.id}/runs/nope?type=agent`);
    assert.equal(run.status, 404);
    assert.deepEqual(await run.json(), { detail: `Run with ID nope not found in session ${row.id}` });
  });

  it('sends runs with ISO created_at and parent_run_id "" at the top level', async () => {
    const runs = (await (await get(`/sessions/${row.id}/runs?type=agent`)).json()) as Json[];
    const [want] = real().runs;
    assert.equal(want.parent_run_id, '');
    assert.match(want.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const r of runs) {
      assert.equal(r.parent_run_id, '');
      assert.match(r.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(
        (r.events as Json[]).every((e) => typeof e.created_at === 'number'),
        'events keep epoch seconds',
      );
    }
  });

  it('stores a streamed run as agno does: failure twice, reasoning only on message, RunCompleted and run', async () => {
    const [want] = real().runs;
    const [, run] = (await (await get(`/sessions/${row.id}/runs?type=agent`)).json()) as Json[];
    const names = (r: Json) => (r.events as Json[]).map((e) => e.event as string);
    for (const r of [want, run]) {
      assert.ok(!names(r).includes('RunContent'), 'agno does not store RunContent');
      assert.ok(!names(r).some((n) => n.startsWith('Reasoning')), 'no reasoning events for a model that reasons natively');
      assert.ok(
        r.reasoning_content && (r.events as Json[]).find((e) => e.event === 'RunCompleted')!.reasoning_content === r.reasoning_content,
      );
      const caller = (r.messages as Json[]).find((m) => m.role === 'assistant' && m.tool_calls?.length)!;
      assert.equal(caller.reasoning_content, r.reasoning_content, 'the tool-calling message carries the reasoning');
      const failed = (r.tools as Json[]).find((t) => t.tool_call_error)!;
      const about = (r.events as Json[])
        .filter((e) => e.tool?.tool_call_id === failed.tool_call_id)
        .map((e) => [e.event, e.tool.tool_call_error]);
      assert.deepEqual(about, [
        ['ToolCallStarted', null],
        ['ToolCallCompleted', true],
        ['ToolCallError', true],
      ]);
      const completed = (r.events as Json[]).find((e) => e.event === 'ToolCallCompleted' && e.tool.tool_call_id === failed.tool_call_id)!;
      assert.match(completed.content, /^\w+\(.*\) completed in \d+\.\d{4}s\. $/);
      const request = (r.events as Json[]).find((e) => e.event === 'ModelRequestCompleted')!;
      assert.equal(request.cache_write_tokens, 0, 'request counts include zeros');
      assert.ok(!Object.values(r.metrics).includes(0), 'run metrics leave zeros out');
    }
  });

  it("keeps the session's chat history to user and assistant messages, its metrics without zeros", async () => {
    const detail = (await (await get(`/sessions/${row.id}?type=agent`)).json()) as Json;
    for (const d of [real().detail, detail]) {
      assert.ok((d.chat_history as Json[]).every((m) => m.role === 'user' || m.role === 'assistant'));
      assert.ok(!Object.values(d.metrics).includes(0));
    }
  });
});
