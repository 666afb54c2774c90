// A chat turn on the simulated AgentOS that pauses for a person, shaped as agno 3.1.10 really
// streams, stores and continues it (captured from test/agno-peer with a requires_confirmation
// tool and a requires_user_input tool; see test/fixtures/agno-3.1.10-paused-runs.json):
// - the stream: RunStarted, ModelRequestStarted, ModelRequestCompleted (the tool call's tokens),
//   RunContentCompleted, RunPaused with `content` ("I have tools to execute, but I need …"),
//   `tools` and `requirements`; the stored run has status PAUSED, those events and tools;
// - POST …/runs/{run_id}/continue with the decided tools: RunContinued, ToolCallStarted/Completed
//   (or, rejected, no call: agno answers from the rejection note), ModelRequestStarted, the answer
//   as RunContent chunks, ModelRequestCompleted, RunContentCompleted, RunCompleted with the run's
//   cumulative metrics; the stored run becomes COMPLETED with its tools rewritten as agno does
//   (requires_confirmation → false, confirmed, answered, result).
// "confirm please" pauses for a confirmation, "input please" for user input.
import type { AgnoChatInput, AgnoChatTurn, AgnoSseItem } from './agnoChat';
import { runFrame, words, type Json } from './agnoRun';
import { isoSeconds, rngFor, uuid } from '../seed';

export function wantsPause(message: string): 'confirmation' | 'user_input' | undefined {
  const lower = message.toLowerCase();
  return lower.includes('confirm please') ? 'confirmation' : lower.includes('input please') ? 'user_input' : undefined;
}

export function agnoPausedTurn(t: AgnoChatInput, ask: 'confirmation' | 'user_input'): AgnoChatTurn {
  const r = rngFor('agno-paused-turn', t.componentId, t.sessionId, t.message, t.seed);
  const { runId, at, model, provider, who, env, sse, stored, send } = runFrame(t, r);
  const callId = `call_${uuid(r).slice(0, 8)}`;
  const tool: Json = {
    tool_call_id: callId, tool_name: ask === 'confirmation' ? 'delete_records' : 'send_report', tool_args: ask === 'confirmation' ? { table: 'orders', older_than_days: 90 } : { format: 'pdf' },
    tool_call_error: null, result: null, metrics: null, child_run_id: null, stop_after_tool_call: false, created_at: at,
    requires_confirmation: ask === 'confirmation' ? true : null, confirmed: null, confirmation_note: null,
    requires_user_input: ask === 'user_input' ? true : null,
    user_input_schema: ask === 'user_input' ? [{ name: 'format', field_type: 'str', description: null, value: 'pdf' }, { name: 'recipient', field_type: 'str', description: 'Who gets the report', value: null }, { name: 'copies', field_type: 'int', description: null, value: null }] : null,
    user_feedback_schema: null, answered: null, external_execution_required: null, external_execution_silent: null, approval_type: null, approval_id: null, parent_tool_call_id: null,
  };
  const note = `I have tools to execute, but I need ${ask === 'confirmation' ? 'confirmation' : 'user input'}.`;
  const firstIn = 120 + Math.floor(r() * 200);
  send(env('RunStarted', { model, model_provider: provider }));
  send(env('ModelRequestStarted', { model, model_provider: provider }));
  send(env('ModelRequestCompleted', { model, model_provider: provider, input_tokens: firstIn, output_tokens: 18, total_tokens: firstIn + 18, reasoning_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 }));
  send(env('RunContentCompleted'));
  send(env('RunPaused', { content: note, tools: [structuredClone(tool)], requirements: [{ id: uuid(r), created_at: isoSeconds(t.nowMs), tool_execution: structuredClone(tool) }] }));
  const messages: Json[] = [
    { id: `msg_${runId}_1`, role: 'user', content: t.message, from_history: false, stop_after_tool_call: false, created_at: at },
    {
      id: `msg_${runId}_2`, role: 'assistant', from_history: false, stop_after_tool_call: false, created_at: at,
      tool_calls: [{ id: callId, type: 'function', function: { name: tool.tool_name, arguments: JSON.stringify(tool.tool_args) } }],
      metrics: { input_tokens: firstIn, output_tokens: 18, total_tokens: firstIn + 18 },
    },
  ];
  const metrics: Json = { input_tokens: firstIn, output_tokens: 18, total_tokens: firstIn + 18, time_to_first_token: 0.05, duration: 0.06 };
  const run: Json = {
    run_id: runId, ...who, user_id: t.userId, session_id: t.sessionId, status: 'PAUSED', run_input: t.message, content: note, run_response_format: 'text',
    messages, tools: [tool], events: stored, metrics, created_at: isoSeconds(t.nowMs), model, model_provider: provider,
  };

  const turn: AgnoChatTurn = {
    runId,
    sessionId: t.sessionId,
    run,
    sse,
    sent: 0,
    done: false,
    cancel() {
      // A paused run has nothing left running: the client leaving changes nothing.
    },
    resume(decided) {
      if (run.status !== 'PAUSED') return { status: 400, detail: `Run ${runId} is not paused` };
      const given = decided.find((x) => x && typeof x === 'object' && (x as Json).tool_call_id === callId) as Json | undefined;
      if (!given) return { status: 400, detail: `Invalid structure or content for tools: no tool ${callId}` };
      const out: AgnoSseItem[] = [];
      const emit = (event: Json, pauseMs = 8, store = true) => {
        out.push({ event: String(event.event), data: event, pauseMs });
        if (store) stored.push(event);
      };
      const now = (tool.tool_args ?? {}) as Json;
      let result: string;
      let answer: string;
      emit(env('RunContinued'));
      if (ask === 'confirmation' && given.confirmed !== true) {
        // agno's reject_tool_call: no call, the note (or its default) is the tool's answer.
        tool.confirmed = false;
        tool.confirmation_note = typeof given.confirmation_note === 'string' ? given.confirmation_note : 'Tool call was rejected';
        tool.tool_call_error = true;
        tool.requires_confirmation = false;
        result = String(tool.confirmation_note);
        answer = `Understood — I did not run ${String(tool.tool_name)}: ${result}`;
      } else {
        if (ask === 'confirmation') {
          tool.confirmed = true;
          tool.requires_confirmation = false;
        } else {
          const values = new Map(((given.user_input_schema as Json[] | undefined) ?? []).map((f) => [f.name, f.value]));
          tool.user_input_schema = (tool.user_input_schema as Json[]).map((f) => ({ ...f, value: values.get(f.name) ?? f.value }));
          for (const f of tool.user_input_schema as Json[]) now[String(f.name)] = f.value;
          tool.tool_args = now;
          tool.answered = true;
          tool.requires_user_input = false;
        }
        result = ask === 'confirmation' ? JSON.stringify({ deleted: 1280, table: 'orders' }) : `Report sent to ${String(now.recipient)} (${String(now.copies)} copies)`;
        tool.result = result;
        tool.tool_call_error = false;
        tool.metrics = { duration: 0.12 };
        const started = { ...tool, result: null, metrics: null };
        emit(env('ToolCallStarted', { tool: started }));
        emit(env('ToolCallCompleted', { content: `${String(tool.tool_name)}(…) completed in 0.12s. `, tool: structuredClone(tool) }));
        answer = `Done: ${result}`;
      }
      messages.push({ id: `msg_${runId}_t`, role: 'tool', content: result, tool_call_id: callId, tool_name: tool.tool_name, tool_args: tool.tool_args, tool_call_error: tool.tool_call_error, from_history: false, stop_after_tool_call: false, created_at: at, metrics: { duration: 0.12 } });
      emit(env('ModelRequestStarted', { model, model_provider: provider }));
      for (const w of words(answer)) emit(env('RunContent', { content: w, workflow_agent: false, content_type: 'str', reasoning_content: '' }), 4, false);
      const secondIn = 200;
      const secondOut = words(answer).length;
      emit(env('ModelRequestCompleted', { model, model_provider: provider, input_tokens: secondIn, output_tokens: secondOut, total_tokens: secondIn + secondOut, reasoning_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 }));
      emit(env('RunContentCompleted'));
      const total = { input_tokens: firstIn + secondIn, output_tokens: 18 + secondOut, total_tokens: firstIn + secondIn + 18 + secondOut, time_to_first_token: 0.05, duration: 0.4 };
      emit(env('RunCompleted', { content: answer, content_type: 'str', session_state: {}, metrics: total }));
      messages.push({ id: `msg_${runId}_a`, role: 'assistant', content: answer, from_history: false, stop_after_tool_call: false, created_at: at, metrics: { input_tokens: secondIn, output_tokens: secondOut, total_tokens: secondIn + secondOut } });
      run.status = 'COMPLETED';
      run.content = answer;
      run.metrics = total;
      return { sse: out };
    },
  };
  return turn;
}
