// Paused Agno runs (src/providers/agno/paused.ts) read from what a real AgentOS 3.1.10 wrote
// (test/fixtures/agno-3.1.10-paused-runs.json: its REST answers and event streams, recorded from
// agno's own code with a scripted model): the pending step as agno stored it, how it was resolved,
// and the tools sent back to /continue. Each expectation is read from the recorded agno payload.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionEventSchema, sessionToMarkdown, type EventOfKind, type SessionEvent } from '../../src/model';
import { mapAgnoSession } from '../../src/providers/agno/map';
import { decidedTools, pausedEventSteps, pausedRunSteps } from '../../src/providers/agno/paused';
import { AgnoRunStream } from '../../src/providers/agno/stream';
import { createSseDecoder } from '../../src/providers/sse';

const FIX = JSON.parse(readFileSync(join(__dirname, '../fixtures/agno-3.1.10-paused-runs.json'), 'utf8')) as Record<
  string,
  { runs: any[]; sse?: string }
>;

type Pending = EventOfKind<'pending_input'>;
const detail = (sid: string) => ({
  session_id: sid,
  agent_id: 'guard',
  agent_data: { name: 'Guard', agent_id: 'guard', model: { id: 'm', provider: 'P' } },
});

function mapped(name: string) {
  const runs = FIX[name]!.runs;
  return mapAgnoSession(detail('s'), runs).runs[0]!;
}
const pendings = (events: SessionEvent[]) => events.filter((e): e is Pending => e.kind === 'pending_input');

function streamOf(sse: string): AgnoRunStream {
  const stream = new AgnoRunStream('x');
  const d = createSseDecoder({ onEvent: (m) => stream.push(m.event, m.data) });
  d.push(new TextEncoder().encode(sse));
  d.end();
  return stream;
}

describe('Agno paused runs (recorded from AgentOS 3.1.10)', () => {
  it('a paused run that stored its events shows the step it waits on, where RunPaused is, with the typed fields asked', () => {
    const stored = FIX.userInputStreamedPaused!.runs[0];
    const run = mapped('userInputStreamedPaused');
    assert.equal(run.status, 'PAUSED');
    const [p, ...more] = pendings(run.events);
    assert.equal(more.length, 0);
    const paused = stored.events.find((e: any) => e.event === 'RunPaused');
    const tool = paused.requirements[0].tool_execution;
    assert.equal(p!.ask, 'user_input');
    assert.equal(p!.name, tool.tool_name);
    assert.deepEqual(p!.arguments, tool.tool_args);
    assert.equal(p!.callId, tool.tool_call_id);
    assert.equal(p!.requestId, paused.requirements[0].id);
    assert.equal(p!.text, paused.content);
    assert.deepEqual(
      p!.fields,
      tool.user_input_schema.map((f: any) => ({ name: f.name, type: f.field_type, ...(f.value !== null ? { value: f.value } : {}) })),
    );
    assert.equal(p!.resolution, undefined);
    // agno's pause note is on the step, not repeated as an answer.
    assert.ok(!run.events.some((e) => e.kind === 'assistant_message'));
    // Placed where the pause happened: the last event of the run.
    assert.equal(run.events.at(-1), p);
    assert.ok(SessionEventSchema.safeParse(p).success);
    // The transcript says what waits and what is asked.
    const md = sessionToMarkdown(mapAgnoSession(detail('s'), FIX.userInputStreamedPaused!.runs));
    assert.match(md, new RegExp(`Needs input: \`${tool.tool_name}\`.* — waiting`));
    for (const f of tool.user_input_schema) assert.ok(md.includes(`**${f.name}** (${f.field_type})`), f.name);
  });

  it('a run paused for confirmation and continued shows the step as approved, then the call agno ran and the answer', () => {
    const stored = FIX.confirmStreamedThenApproved!.runs[0];
    const run = mapped('confirmStreamedThenApproved');
    assert.equal(run.status, stored.status);
    const [p] = pendings(run.events);
    assert.equal(p!.ask, 'confirmation');
    assert.equal(stored.tools[0].confirmed, true);
    assert.deepEqual(p!.resolution, { outcome: 'approved' });
    const kinds = run.events.map((e) => e.kind);
    const at = kinds.indexOf('pending_input');
    assert.ok(kinds.indexOf('tool_call', at) > at && kinds.indexOf('tool_result', at) > at, kinds.join());
    const answer = [...run.events].reverse().find((e) => e.kind === 'assistant_message');
    assert.equal(answer && answer.kind === 'assistant_message' && answer.text, stored.content);
  });

  it('a run not streamed (no stored events): the pending step follows the call the model asked for', () => {
    const stored = FIX.confirmNotStreamedPaused!.runs[0];
    assert.ok(!stored.events);
    const run = mapped('confirmNotStreamedPaused');
    const kinds = run.events.map((e) => e.kind);
    assert.deepEqual(kinds, ['user_message', 'tool_call', 'pending_input']);
    const p = run.events[2] as Pending;
    assert.equal(p.text, stored.content);
    assert.equal(p.callId, stored.tools[0].tool_call_id);
  });

  it('a rejected confirmation keeps the note the person gave', () => {
    const stored = FIX.confirmNotStreamedRejected!.runs[0];
    const [p] = pendings(mapped('confirmNotStreamedRejected').events);
    assert.deepEqual(p!.resolution, { outcome: 'rejected', note: stored.tools[0].confirmation_note });
  });

  it('external execution: the stream pauses with the step; after continue the stored run shows the result given', () => {
    const s = streamOf(FIX.externalStreamedPaused!.sse!);
    assert.equal(s.end, 'paused');
    const [p] = pendings(s.events());
    assert.equal(p!.ask, 'external_execution');
    assert.equal(p!.name, FIX.externalStreamedPaused!.runs[0].tools[0].tool_name);
    assert.equal(p!.resolution, undefined);

    const after = FIX.externalContinued!.runs[0];
    const [q] = pendings(mapped('externalContinued').events);
    assert.deepEqual(q!.resolution, { outcome: 'provided', result: after.tools[0].result });
    // The continue stream itself is the rest of the run, ending completed.
    assert.equal(streamOf(FIX.externalContinued!.sse!).end, 'completed');
  });

  it("decidedTools applies a decision as agno's RunRequirement does, from the stored tool", () => {
    const tools = FIX.confirmNotStreamedPaused!.runs[0].tools;
    const [sent] = decidedTools(tools, [{ callId: tools[0].tool_call_id, outcome: 'rejected', note: 'no' }]);
    assert.deepEqual(sent, { ...tools[0], confirmed: false, confirmation_note: 'no' });
    const input = FIX.userInputStreamedPaused!.runs[0].tools;
    const [filled] = decidedTools(input, [{ callId: input[0].tool_call_id, outcome: 'provided', values: { reason: 'because' } }]);
    assert.equal(filled!.answered, true);
    assert.deepEqual(
      (filled!.user_input_schema as any[]).map((f) => f.value),
      input[0].user_input_schema.map((f: any) => (f.name === 'reason' ? 'because' : f.value)),
    );
    const ext = FIX.externalStreamedPaused!.runs[0].tools;
    assert.equal(decidedTools(ext, [{ callId: ext[0].tool_call_id, outcome: 'provided', result: 'out' }])[0]!.result, 'out');
    // A call that is not waiting (already answered, or unknown) is refused with its id named.
    assert.throws(
      () => decidedTools(FIX.confirmStreamedThenApproved!.runs[0].tools, [{ callId: 'call_delete_file', outcome: 'approved' }]),
      /call_delete_file/,
    );
  });

  it('never throws and always yields valid events, whatever the pause payload holds', () => {
    const anyTool = fc.record(
      {
        tool_call_id: fc.option(fc.string(), { nil: undefined }),
        tool_name: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        tool_args: fc.anything(),
        requires_confirmation: fc.oneof(fc.boolean(), fc.constant(null), fc.string()),
        confirmed: fc.oneof(fc.boolean(), fc.constant(null)),
        requires_user_input: fc.oneof(fc.boolean(), fc.constant(null)),
        user_input_schema: fc.oneof(
          fc.constant(null),
          fc.array(fc.oneof(fc.anything(), fc.record({ name: fc.string(), field_type: fc.anything(), value: fc.anything() }))),
        ),
        user_feedback_schema: fc.oneof(
          fc.constant(null),
          fc.array(fc.oneof(fc.anything(), fc.record({ question: fc.string(), options: fc.anything(), multi_select: fc.anything() }))),
        ),
        external_execution_required: fc.oneof(fc.boolean(), fc.constant(null)),
        answered: fc.oneof(fc.boolean(), fc.constant(null)),
        result: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(anyTool, fc.anything())),
        fc.array(fc.oneof(fc.record({ id: fc.anything(), tool_execution: anyTool }), fc.anything())),
        fc.anything(),
        (tools, requirements, content) => {
          const steps = [
            ...pausedEventSteps({ tools, requirements, content }, tools),
            ...pausedRunSteps({ status: 'PAUSED', tools, content }),
          ];
          for (const s of steps) {
            const r = SessionEventSchema.safeParse({ id: 'x', runId: 'r', ...s });
            assert.ok(r.success, JSON.stringify(r.error?.issues));
          }
        },
      ),
    );
  });
});
