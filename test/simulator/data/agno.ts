// Seeded AgentOS data, shaped after agno 3.1.10 (agno/os/schema.py and routers/session): agents,
// a team and a workflow; hundreds of sessions for one agent to page through; runs with messages,
// tool executions (one failing), reasoning, stored run events and metrics. Session rows carry ISO
// times; messages, tools and run events carry epoch seconds, as AgentOS sends them.
import { int, isoSeconds, pick, rngFor, SIM_NOW_MS, uuid, type Rng } from '../seed';
import { agnoChatTurn, type AgnoChatTurn } from './agnoChat';

type Json = Record<string, unknown>;
export type AgnoComponentType = 'agent' | 'team' | 'workflow';

export interface AgnoComponentSeed {
  id: string;
  name: string;
  type: AgnoComponentType;
  sessions: number;
  model?: { name: string; model: string; provider: string };
  description?: string;
}

export const AGNO_COMPONENTS: AgnoComponentSeed[] = [
  { id: 'basic-agent', name: 'Basic Agent', type: 'agent', sessions: 8, model: { name: 'OpenAIChat', model: 'gpt-4o', provider: 'OpenAI' }, description: 'Answers questions without tools.' },
  { id: 'research-agent', name: 'Research Agent', type: 'agent', sessions: 240, model: { name: 'Claude', model: 'claude-sonnet-4-5', provider: 'Anthropic' }, description: 'Searches the web and writes reports.' },
  { id: 'sql-agent', name: 'SQL Agent', type: 'agent', sessions: 25, model: { name: 'OpenAIChat', model: 'o4-mini', provider: 'OpenAI' } },
  { id: 'research-team', name: 'Research Team', type: 'team', sessions: 12, model: { name: 'OpenAIChat', model: 'gpt-4o', provider: 'OpenAI' }, description: 'A researcher and a writer.' },
  { id: 'content-pipeline', name: 'Content Pipeline', type: 'workflow', sessions: 6, description: 'Research → draft → review.' },
];

export const AGNO_BIG_AGENT = 'research-agent';
export const AGNO_DB_ID = 'c6bf0644-feb8-4930-a305-380dae5ad6aa';

export interface AgnoSessionRow {
  id: string;
  componentId: string;
  type: AgnoComponentType;
  createdMs: number;
  name: string;
  userId: string;
  /** Created by a chat on the simulator: its runs are only the ones chatted. */
  live?: boolean;
}

const QUESTIONS = ['What tools do you have?', 'Summarise the latest AI papers', 'Which customers churned last month?', 'Draft a blog post about vector databases', 'Compare Postgres and SQLite for a small app', 'Find the top 5 products by revenue'];

export class AgnoData {
  readonly rows: AgnoSessionRow[] = [];
  private readonly byId = new Map<string, AgnoSessionRow>();
  /** Runs added by POST /agents/{id}/runs, per session. */
  private readonly chatted = new Map<string, Json[]>();
  private chats = 0;
  private readonly turns = new Map<string, AgnoChatTurn>();

  constructor() {
    for (const c of AGNO_COMPONENTS) {
      const r = rngFor('agno-component', c.id);
      for (let i = 0; i < c.sessions; i++) {
        // Spread over weeks, strictly decreasing, so "newest first" has one right answer.
        const createdMs = SIM_NOW_MS - (i + 1) * 1_800_000 - int(r, 0, 1_700_000);
        const row: AgnoSessionRow = { id: uuid(r), componentId: c.id, type: c.type, createdMs, name: pick(r, QUESTIONS), userId: pick(r, ['alice', 'bob', 'carol']) };
        this.rows.push(row);
        this.byId.set(row.id, row);
      }
    }
  }

  components(type: AgnoComponentType): Json[] {
    return AGNO_COMPONENTS.filter((c) => c.type === type).map((c) => {
      const out: Json = { id: c.id, name: c.name, db_id: AGNO_DB_ID };
      if (c.description) out.description = c.description;
      if (c.model) out.model = c.model;
      if (c.type === 'agent') {
        out.sessions = { session_table: 'agno_sessions' };
        if (c.id !== 'basic-agent') out.tools = { tools: [{ name: c.id === 'sql-agent' ? 'run_sql' : 'web_search' }] };
      }
      if (c.type === 'team') out.members = [{ id: 'research-agent', name: 'Research Agent' }, { id: 'writer-agent', name: 'Writer' }];
      if (c.type === 'workflow') out.steps = [{ name: 'research' }, { name: 'draft' }, { name: 'review' }];
      return out;
    });
  }

  row(sessionId: string): AgnoSessionRow | undefined {
    return this.byId.get(sessionId);
  }

  /** A row as GET /sessions lists it (SessionSchema, nulls left out). */
  listRow(row: AgnoSessionRow): Json {
    const out: Json = {
      session_id: row.id,
      session_name: row.name,
      session_state: {},
      created_at: isoSeconds(row.createdMs),
      updated_at: isoSeconds(row.createdMs + 120_000),
      session_type: row.type,
      user_id: row.userId,
    };
    out[`${row.type}_id`] = row.componentId;
    const metrics = sessionMetrics(this.runs(row));
    out.metrics = metrics;
    out.total_tokens = metrics.total_tokens ?? 0;
    return out;
  }

  /** GET /sessions/{id}: the detail schema of the row's type. */
  detail(row: AgnoSessionRow): Json {
    const runs = this.runs(row);
    const c = AGNO_COMPONENTS.find((x) => x.id === row.componentId)!;
    const metrics = sessionMetrics(runs);
    const common: Json = {
      user_id: row.userId,
      session_id: row.id,
      session_name: row.name,
      session_summary: { summary: `The user asked: ${row.name}`, updated_at: isoSeconds(row.createdMs + 120_000).replace('Z', '') },
      session_state: {},
      metrics,
      total_tokens: metrics.total_tokens ?? 0,
      // agno's chat history holds the user's and the model's messages only.
      chat_history: runs.filter((x) => !x.parent_run_id).flatMap((x) => ((x.messages as Json[]) ?? []).filter((m) => m.role === 'user' || m.role === 'assistant')),
      created_at: isoSeconds(row.createdMs),
      updated_at: isoSeconds(row.createdMs + 120_000),
    };
    if (row.type === 'agent') return { ...common, agent_session_id: row.id, agent_id: c.id, agent_data: { name: c.name, agent_id: c.id, model: c.model && { provider: c.model.provider, name: c.model.name, id: c.model.model } } };
    if (row.type === 'team') return { ...common, team_id: c.id, team_data: { name: c.name, team_id: c.id, model: c.model } };
    const { chat_history: _h, metrics: _m, total_tokens: _t, session_summary: _s, ...wf } = common;
    return { ...wf, workflow_id: c.id, workflow_name: c.name, workflow_data: { name: c.name, workflow_id: c.id }, session_data: { session_metrics: metrics } };
  }

  /** GET /sessions/{id}/runs. */
  runs(row: AgnoSessionRow): Json[] {
    return [...(row.live ? [] : this.seededRuns(row)), ...(this.chatted.get(row.id) ?? [])];
  }

  /**
   * POST /agents/{id}/runs (or /teams/{id}/runs): runs the scripted "model" on `message` (see
   * agnoChat.ts) and stores the run in the session, which is created when new (also under a
   * session id the client chose), so it shows in GET /sessions at once.
   */
  chat(componentId: string, message: string, sessionId: string | undefined, userId: string | undefined, nowMs: number): { row: AgnoSessionRow; turn: AgnoChatTurn } {
    const c = AGNO_COMPONENTS.find((x) => x.id === componentId)!;
    const r = rngFor('agno-chat', componentId, sessionId ?? '', message, this.chats);
    let row = sessionId ? this.byId.get(sessionId) : undefined;
    if (!row) {
      row = { id: sessionId ?? uuid(r), componentId, type: c.type, createdMs: nowMs, name: message.slice(0, 60) || 'New session', userId: userId ?? 'sim-user', live: true };
      this.rows.push(row);
      this.byId.set(row.id, row);
    }
    const turn = agnoChatTurn({
      componentId,
      type: c.type === 'team' ? 'team' : 'agent',
      model: c.model,
      toolName: c.id === 'basic-agent' ? undefined : c.id === 'sql-agent' ? 'run_sql' : 'web_search',
      message,
      sessionId: row.id,
      userId: userId ?? row.userId,
      nowMs,
      seed: this.chats++,
    });
    const list = this.chatted.get(row.id) ?? [];
    list.push(turn.run);
    this.chatted.set(row.id, list);
    this.turns.set(turn.runId, turn);
    return { row, turn };
  }

  /** A chatted run by id (for POST …/runs/{run_id}/cancel). */
  turn(runId: string): AgnoChatTurn | undefined {
    return this.turns.get(runId);
  }

  private seededRuns(row: AgnoSessionRow): Json[] {
    const r = rngFor('agno-runs', row.id);
    if (row.type === 'team') return teamRuns(row, r);
    if (row.type === 'workflow') return workflowRuns(row, r);
    const n = row.componentId === AGNO_BIG_AGENT ? int(r, 1, 3) : 1;
    const runs: Json[] = [];
    for (let i = 0; i < n; i++) runs.push(agentRun(row, r, i, row.componentId));
    return runs;
  }
}

const COUNTS = ['input_tokens', 'output_tokens', 'total_tokens', 'reasoning_tokens', 'cache_read_tokens', 'cache_write_tokens'] as const;

/** SessionMetrics: the sum over the top-level runs, zero counts left out as agno's to_dict does. */
function sessionMetrics(runs: Json[]): Partial<Record<(typeof COUNTS)[number], number>> {
  const out: Partial<Record<(typeof COUNTS)[number], number>> = {};
  for (const run of runs) {
    const m = run.metrics as Json | undefined;
    if (!m || run.parent_run_id) continue;
    for (const k of COUNTS) if (typeof m[k] === 'number' && m[k]) out[k] = (out[k] ?? 0) + (m[k] as number);
  }
  return out;
}

function msg(role: string, content: unknown, atSec: number, extra: Json = {}): Json {
  return { id: `msg_${Math.floor(atSec)}_${role}_${Math.abs(JSON.stringify(content ?? '').length)}`, role, content, from_history: false, stop_after_tool_call: false, created_at: atSec, ...extra };
}

/** agno's FunctionCall.get_call_str(): what ToolCallCompleted says in its `content`. */
function callStr(name: string, args: Json, seconds: number): string {
  return `${name}(${Object.entries(args).map(([k, v]) => `${k}=${String(v)}`).join(', ')}) completed in ${seconds.toFixed(4)}s. `;
}

interface Usage {
  input: number;
  output: number;
  reasoning?: number;
  cacheRead?: number;
}

/** MessageMetrics.to_dict() leaves zero counts out. */
function messageMetrics(u: Usage): Json {
  const out: Json = { input_tokens: u.input, output_tokens: u.output, total_tokens: u.input + u.output };
  if (u.reasoning) out.reasoning_tokens = u.reasoning;
  if (u.cacheRead) out.cache_read_tokens = u.cacheRead;
  return out;
}

/** ModelRequestStarted/Completed of one model call: the completed event carries its counts at the top level, zeros included. */
function requestEvents(base: Json, atSec: number, u: Usage): Json[] {
  const counts = { input_tokens: u.input, output_tokens: u.output, total_tokens: u.input + u.output, reasoning_tokens: u.reasoning ?? 0, cache_read_tokens: u.cacheRead ?? 0, cache_write_tokens: 0 };
  return [
    { created_at: atSec, event: 'ModelRequestStarted', ...base, model: 'gpt-4o', model_provider: 'OpenAI' },
    { created_at: atSec, event: 'ModelRequestCompleted', ...base, model: 'gpt-4o', model_provider: 'OpenAI', ...counts },
  ];
}

/**
 * One agent run as agno 3.1.10 stores a streamed run (store_events=True): system prompt, question,
 * a model call whose assistant message carries the reasoning and the tool calls, the tools (a failed
 * one is reported twice: ToolCallCompleted with tool_call_error, then ToolCallError), a second model
 * call with the answer. agno does not store RunContent events, so the reasoning is only on that
 * message, on RunCompleted and on the run; the run's metrics are the sum of its model calls.
 */
function agentRun(row: AgnoSessionRow, r: Rng, index: number, agentId: string, parentRunId?: string): Json {
  const runId = uuid(r);
  const t0 = Math.floor(row.createdMs / 1000) + index * 60;
  const question = index === 0 ? row.name : 'Can you go deeper on the second point?';
  const useTools = agentId !== 'basic-agent';
  const failTool = useTools && (index === 1 || r() < 0.2);
  const toolName = agentId === 'sql-agent' ? 'run_sql' : 'web_search';
  const callOk = `call_${uuid(r).slice(0, 12)}`;
  const callBad = `call_${uuid(r).slice(0, 12)}`;
  const okArgs = toolName === 'run_sql' ? { query: 'SELECT name, SUM(total) FROM orders GROUP BY name ORDER BY 2 DESC LIMIT 5' } : { query: question, max_results: 5 };
  const input = int(r, 200, 1500);
  const output = int(r, 30, 400);
  const reasoning = 'First search for sources, then summarise them with citations.';
  const answer = `Here is a summary for "${question}": …`;
  const cacheRead = int(r, 0, 200);
  const ttft = Math.round(r() * 1500) / 1000;
  const duration = Math.round((2 + r() * 20) * 1000) / 1000;
  const base: Json = { agent_id: agentId, agent_name: agentId, run_id: runId, session_id: row.id, nested_depth: 0 };

  // Two model calls with tools (the calls, then the answer), one without; the reasoning and the
  // cache reads belong to the first.
  const first: Usage = useTools ? { input: Math.floor(input / 2), output: 24, reasoning: 40, cacheRead } : { input, output, reasoning: 40, cacheRead };
  const second: Usage = { input: input - first.input, output: output - first.output };

  const tools: Json[] = [];
  const messages: Json[] = [msg('system', 'You are a helpful research assistant. Use markdown.', t0), msg('user', question, t0)];
  const events: Json[] = [{ created_at: t0, event: 'RunStarted', ...base, model: 'gpt-4o', model_provider: 'OpenAI' }, ...requestEvents(base, t0 + 1, first)];
  if (useTools) {
    const okTool: Json = { tool_call_id: callOk, tool_name: toolName, tool_args: okArgs, tool_call_error: false, result: toolName === 'run_sql' ? '[["Acme", 1200], ["Globex", 900]]' : '1. Attention is all you need\n2. Scaling laws', metrics: { duration: 0.84 }, created_at: t0 + 4, stop_after_tool_call: false, child_run_id: null, parent_tool_call_id: null };
    tools.push(okTool);
    const calls: Json[] = [{ id: callOk, type: 'function', function: { name: toolName, arguments: JSON.stringify(okArgs) } }];
    events.push({ created_at: t0 + 4, event: 'ToolCallStarted', ...base, tool: { ...okTool, result: null, tool_call_error: null, metrics: null } });
    events.push({ created_at: t0 + 5, event: 'ToolCallCompleted', ...base, content: callStr(toolName, okArgs, 0.84), tool: okTool });
    const toolMsgs: Json[] = [msg('tool', okTool.result, t0 + 5, { tool_call_id: callOk, tool_name: toolName, tool_args: okArgs, tool_call_error: false })];
    if (failTool) {
      const badArgs = { url: 'https://example.invalid/paper.pdf' };
      const badTool: Json = { tool_call_id: callBad, tool_name: 'read_url', tool_args: badArgs, tool_call_error: true, result: 'Error: connection timed out after 10s', metrics: { duration: 10.0 }, created_at: t0 + 6, stop_after_tool_call: false, child_run_id: null, parent_tool_call_id: null };
      tools.push(badTool);
      calls.push({ id: callBad, type: 'function', function: { name: 'read_url', arguments: JSON.stringify(badArgs) } });
      events.push({ created_at: t0 + 6, event: 'ToolCallStarted', ...base, tool: { ...badTool, result: null, tool_call_error: null, metrics: null } });
      events.push({ created_at: t0 + 16, event: 'ToolCallCompleted', ...base, content: callStr('read_url', badArgs, 10), tool: badTool });
      events.push({ created_at: t0 + 16, event: 'ToolCallError', ...base, error: badTool.result, tool: badTool });
      toolMsgs.push(msg('tool', badTool.result, t0 + 16, { tool_call_id: callBad, tool_name: 'read_url', tool_args: badArgs, tool_call_error: true }));
    }
    messages.push(msg('assistant', null, t0 + 1, { reasoning_content: reasoning, tool_calls: calls, metrics: messageMetrics(first) }));
    messages.push(...toolMsgs);
    events.push(...requestEvents(base, t0 + 17, second));
  }
  events.push({ created_at: t0 + 18, event: 'MemoryUpdateStarted', ...base });
  events.push({ created_at: t0 + 19, event: 'MemoryUpdateCompleted', ...base });
  events.push({ created_at: t0 + 20, event: 'RunContentCompleted', ...base });
  const metrics: Json = { ...messageMetrics({ input, output, reasoning: 40, cacheRead }), time_to_first_token: ttft, duration };
  events.push({ created_at: t0 + 20, event: 'RunCompleted', ...base, content: answer, content_type: 'str', reasoning_content: reasoning, session_state: {}, metrics });
  const answerMessage = useTools ? msg('assistant', answer, t0 + 20, { metrics: messageMetrics(second) }) : msg('assistant', answer, t0 + 20, { reasoning_content: reasoning, metrics: messageMetrics(first) });
  messages.push(answerMessage);

  const out: Json = {
    run_id: runId,
    // RunSchema: "" for a run nobody started.
    parent_run_id: parentRunId ?? '',
    agent_id: agentId,
    user_id: row.userId,
    status: 'COMPLETED',
    run_input: question,
    content: answer,
    run_response_format: 'text',
    reasoning_content: reasoning,
    reasoning_steps: [],
    metrics,
    messages,
    events,
    // The runs route answers ISO datetimes; messages, tools and events keep epoch seconds.
    created_at: isoSeconds(t0 * 1000),
    references: [],
    reasoning_messages: [],
    session_state: {},
  };
  if (tools.length) out.tools = tools;
  return out;
}

function teamRuns(row: AgnoSessionRow, r: Rng): Json[] {
  const teamRunId = uuid(r);
  const member = agentRun(row, r, 0, 'research-agent', teamRunId);
  const t0 = Math.floor(row.createdMs / 1000);
  const answer = 'The team researched the topic and the writer summarised it.';
  const team: Json = {
    run_id: teamRunId,
    parent_run_id: '',
    team_id: row.componentId,
    user_id: row.userId,
    status: 'COMPLETED',
    run_input: row.name,
    content: answer,
    run_response_format: 'text',
    metrics: { input_tokens: 900, output_tokens: 120, total_tokens: 1020, duration: 14.2 },
    tools: [{ tool_call_id: 'call_delegate', tool_name: 'delegate_task_to_member', tool_args: { member_id: 'research-agent', task: row.name }, tool_call_error: false, result: 'done', child_run_id: member.run_id, created_at: t0 + 1 }],
    messages: [msg('user', row.name, t0), msg('assistant', answer, t0 + 30)],
    events: [
      { created_at: t0, event: 'TeamRunStarted', team_id: row.componentId, run_id: teamRunId, session_id: row.id },
      { created_at: t0 + 1, event: 'TeamToolCallStarted', team_id: row.componentId, run_id: teamRunId, session_id: row.id, tool: { tool_call_id: 'call_delegate', tool_name: 'delegate_task_to_member' } },
      { created_at: t0 + 29, event: 'TeamToolCallCompleted', team_id: row.componentId, run_id: teamRunId, session_id: row.id, tool: { tool_call_id: 'call_delegate', tool_name: 'delegate_task_to_member', result: 'done' } },
      { created_at: t0 + 30, event: 'TeamRunCompleted', team_id: row.componentId, run_id: teamRunId, session_id: row.id, content: answer },
    ],
    created_at: isoSeconds(t0 * 1000),
  };
  return [team, member];
}

function workflowRuns(row: AgnoSessionRow, r: Rng): Json[] {
  const runId = uuid(r);
  const t0 = Math.floor(row.createdMs / 1000);
  const steps = ['research', 'draft', 'review'];
  return [{
    run_id: runId,
    workflow_id: row.componentId,
    user_id: row.userId,
    status: 'COMPLETED',
    run_input: row.name,
    content: 'Final reviewed article.',
    content_type: 'str',
    step_results: steps.map((s, i) => ({ step_name: s, step_id: `step_${i}`, content: `${s} output`, success: true, executor_type: 'agent', executor_name: `${s}-agent`, created_at: t0 + i * 10 })),
    events: [
      { created_at: t0, event: 'WorkflowStarted', workflow_id: row.componentId, run_id: runId, session_id: row.id },
      ...steps.flatMap((s, i) => [
        { created_at: t0 + i * 10, event: 'StepStarted', workflow_id: row.componentId, run_id: runId, session_id: row.id, step_name: s, step_index: i },
        { created_at: t0 + i * 10 + 9, event: 'StepCompleted', workflow_id: row.componentId, run_id: runId, session_id: row.id, step_name: s, step_index: i, content: `${s} output` },
      ]),
      { created_at: t0 + 30, event: 'WorkflowCompleted', workflow_id: row.componentId, run_id: runId, session_id: row.id, content: 'Final reviewed article.' },
    ],
    metrics: { duration: 31.5 },
    created_at: isoSeconds(t0 * 1000),
  }];
}
