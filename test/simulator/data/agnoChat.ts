// One chat turn on the simulated AgentOS (POST /agents|teams/{id}/runs), shaped after what agno
// 3.1.10 really streams and stores (captured from test/agno-peer): the stream is RunStarted,
// ModelRequestStarted, reasoning as RunContent chunks carrying `reasoning_content`,
// ModelRequestCompleted with the request's tokens, ToolCallStarted/Completed per tool (a failing
// tool: Completed with tool_call_error, then ToolCallError), the answer as RunContent token
// chunks, RunContentCompleted, RunCompleted with the run's metrics. The stored run keeps every
// event but the RunContent chunks, and messages/tools as agno writes them.
//
// What the message asks for picks the script: tools for agents that have them (a search and a
// Python step whose printed output is the result), "fail" adds a tool that fails, "error please"
// makes the model fail midway (RunError), "slow" paces the answer for Stop tests.
import { int, isoSeconds, rngFor, uuid } from '../seed';
import { agnoPausedTurn, wantsPause } from './agnoPaused';
import { runFrame, words, type Json } from './agnoRun';

/** What the stream sends, in order: an event, or a comment line (a keep-alive). */
export type AgnoSseItem = { event: string; data: Json; pauseMs: number } | { comment: string; pauseMs: number };

export interface AgnoChatTurn {
  runId: string;
  sessionId: string;
  /** The run as GET /sessions/{id}/runs returns it once the turn is over. */
  run: Json;
  sse: AgnoSseItem[];
  /** The client went away after `sent` items: the run is stored as agno stores a cancelled run. */
  cancel(sent: number): void;
  /** POST …/runs/{run_id}/cancel arrived while streaming. */
  cancelRequested?: boolean;
  /** A paused run (agnoPaused.ts) continued with the decided tools: the rest to stream, or agno's refusal. */
  resume?(decided: unknown[]): { sse: AgnoSseItem[] } | { status: number; detail: string };
  /** Items the stream has sent so far; `done` once it ended (whole or not). */
  sent: number;
  done: boolean;
}

export interface AgnoChatInput {
  componentId: string;
  type: 'agent' | 'team';
  model?: { name: string; model: string; provider: string };
  toolName?: string;
  message: string;
  sessionId: string;
  userId: string;
  nowMs: number;
  seed: number;
}

export function agnoChatTurn(t: AgnoChatInput): AgnoChatTurn {
  const ask = wantsPause(t.message);
  if (ask) return agnoPausedTurn(t, ask);
  const r = rngFor('agno-chat-turn', t.componentId, t.sessionId, t.message, t.seed);
  const { runId, at, model, provider, who, env, sse, stored, send } = runFrame(t, r);
  const lower = t.message.toLowerCase();
  const slow = lower.includes('slow');
  const tokenPause = slow ? 60 : 4;
  const useTools = !!t.toolName;
  const failing = useTools && lower.includes('fail');
  const failRun = lower.includes('error please');

  const messages: Json[] = [
    { id: `msg_${runId}_0`, role: 'system', content: 'You are a helpful assistant. Use markdown.', from_history: false, stop_after_tool_call: false, created_at: at },
    { id: `msg_${runId}_1`, role: 'user', content: t.message, from_history: false, stop_after_tool_call: false, created_at: at },
  ];
  const tools: Json[] = [];
  let input = 0;
  let output = 0;
  let reasoningTokens = 0;

  send(env('RunStarted', { model, model_provider: provider }));
  send(env('ModelRequestStarted', { model, model_provider: provider }));

  let reasoning: string | undefined;
  if (useTools) {
    reasoning = `The user asked about "${t.message.slice(0, 40)}". Search first, then check the numbers in Python.`;
    for (const w of words(reasoning)) send(env('RunContent', { workflow_agent: false, content_type: 'str', reasoning_content: w }), tokenPause, false);
    const calls = [
      { id: `call_${uuid(r).slice(0, 8)}`, name: t.toolName!, args: t.toolName === 'run_sql' ? { query: 'SELECT region, SUM(total) AS revenue FROM orders GROUP BY region' } : { query: t.message, max_results: 3 } },
      { id: `call_${uuid(r).slice(0, 8)}`, name: 'run_python', args: { code: 'values = [1200, 950, 430]\nprint(f"total={sum(values)} mean={sum(values) / len(values):.1f}")' } },
      ...(failing ? [{ id: `call_${uuid(r).slice(0, 8)}`, name: 'read_url', args: { url: 'https://example.invalid/report.pdf' } }] : []),
    ];
    reasoningTokens = 14;
    const firstIn = int(r, 120, 400);
    input += firstIn;
    send(env('ModelRequestCompleted', { model, model_provider: provider, input_tokens: firstIn, output_tokens: 22, total_tokens: firstIn + 22, reasoning_tokens: reasoningTokens, cache_read_tokens: 0, cache_write_tokens: 0 }));
    output += 22;
    messages.push({
      id: `msg_${runId}_2`, role: 'assistant', content: null, reasoning_content: reasoning, from_history: false, stop_after_tool_call: false, created_at: at,
      tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
      metrics: { input_tokens: firstIn, output_tokens: 22, total_tokens: firstIn + 22, reasoning_tokens: reasoningTokens },
    });
    const results: Record<string, { result: string; error: boolean; duration: number }> = {};
    for (const c of calls) {
      const result = c.name === 'run_python' ? 'total=2580 mean=860.0' : c.name === 'read_url' ? 'Error: connection timed out after 10s' : c.name === 'run_sql' ? '[["EMEA", 1200], ["AMER", 950], ["APAC", 430]]' : '1. Scaling laws for agents (2025)\n2. Tool use in practice';
      results[c.id] = { result, error: c.name === 'read_url', duration: Math.round((0.2 + r() * 1.5) * 1000) / 1000 };
      const tool: Json = { tool_call_id: c.id, tool_name: c.name, tool_args: c.args, tool_call_error: null, result: null, metrics: null, child_run_id: null, stop_after_tool_call: false, created_at: at, parent_tool_call_id: null };
      send(env('ToolCallStarted', { tool }));
    }
    sse.push({ comment: ' keep-alive', pauseMs: 10 });
    for (const c of calls) {
      const x = results[c.id]!;
      const tool: Json = { tool_call_id: c.id, tool_name: c.name, tool_args: c.args, tool_call_error: x.error, result: x.result, metrics: { duration: x.duration }, child_run_id: null, stop_after_tool_call: false, created_at: at, parent_tool_call_id: null };
      tools.push(tool);
      send(env('ToolCallCompleted', { content: `${c.name}(…) completed in ${x.duration}s. `, tool }));
      if (x.error) send(env('ToolCallError', { error: x.result, tool }));
      messages.push({ id: `msg_${runId}_t${c.id}`, role: 'tool', content: x.result, tool_call_id: c.id, tool_name: c.name, tool_args: c.args, tool_call_error: x.error, from_history: false, stop_after_tool_call: false, created_at: at, metrics: { duration: x.duration } });
    }
    send(env('ModelRequestStarted', { model, model_provider: provider }));
  }

  const answer = failRun
    ? 'Let me look into that… '
    : useTools
      ? `**Here is what I found** for "${t.message}":\n\n- 2 sources ✅\n- total = 2580 (Python)\n\nDone — ask me for more détails.`
      : `You said: ${t.message}. Here is a short answer — naïve but ✅ complete.`;
  for (const w of words(answer)) send(env('RunContent', { content: w, workflow_agent: false, content_type: 'str', reasoning_content: '' }), tokenPause, false);
  const answerOut = words(answer).length;
  const secondIn = int(r, 150, 600);
  if (!failRun) {
    input += secondIn;
    output += answerOut;
  }

  const metrics: Json = { input_tokens: input, output_tokens: output, total_tokens: input + output, time_to_first_token: 0.31, duration: Math.round((0.6 + r() * 3) * 1000) / 1000 };
  if (reasoningTokens) metrics.reasoning_tokens = reasoningTokens;
  const run: Json = {
    run_id: runId, ...who, user_id: t.userId, session_id: t.sessionId, status: 'COMPLETED', run_input: t.message, content: answer, run_response_format: 'text',
    messages, events: stored, metrics, created_at: isoSeconds(t.nowMs), model, model_provider: provider,
  };
  if (reasoning) run.reasoning_content = reasoning;
  if (tools.length) run.tools = tools;

  if (failRun) {
    const error = 'Simulated model failure: the model provider answered 500 (you asked for "error please")';
    send(env('RunError', { content: error, error_type: 'ModelProviderError', error_id: `err_${runId.slice(0, 8)}` }));
    run.status = 'ERROR';
    // What the model had written before it failed stays the run's content.
    run.content = answer;
    messages.push({ id: `msg_${runId}_a`, role: 'assistant', content: answer, from_history: false, stop_after_tool_call: false, created_at: at });
  } else {
    send(env('ModelRequestCompleted', { model, model_provider: provider, input_tokens: secondIn, output_tokens: answerOut, total_tokens: secondIn + answerOut, time_to_first_token: 0.31, reasoning_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 }));
    send(env('RunContentCompleted'));
    send(env('RunCompleted', { content: answer, content_type: 'str', ...(reasoning ? { reasoning_content: reasoning } : {}), session_state: {}, metrics }));
    messages.push({ id: `msg_${runId}_a`, role: 'assistant', content: answer, from_history: false, stop_after_tool_call: false, created_at: at, metrics: { input_tokens: secondIn, output_tokens: answerOut, total_tokens: secondIn + answerOut } });
  }

  return {
    runId,
    sessionId: t.sessionId,
    run,
    sse,
    sent: 0,
    done: false,
    cancel(sent) {
      if (run.status === 'CANCELLED') return;
      // agno keeps what the run produced before the client left, with status CANCELLED.
      const items = sse.slice(0, sent).filter((x): x is Extract<AgnoSseItem, { event: string }> => 'event' in x);
      const content = items.filter((x) => x.event.endsWith('RunContent')).map((x) => (x.data.content as string | undefined) ?? '').join('');
      const kept = stored.filter((e) => items.some((x) => x.data === e));
      run.status = 'CANCELLED';
      run.content = content;
      run.events = [...kept, env('RunCancelled', { reason: 'The client disconnected' })];
      run.tools = tools.filter((tool) => kept.some((e) => (e.tool as Json | undefined)?.tool_call_id === tool.tool_call_id && String(e.event).endsWith('Completed')));
      run.messages = [messages[0], messages[1], ...(content ? [{ id: `msg_${runId}_a`, role: 'assistant', content, from_history: false, stop_after_tool_call: false, created_at: at }] : [])];
      delete run.metrics;
    },
  };
}
