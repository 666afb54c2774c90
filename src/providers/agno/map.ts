// Agno AgentOS sessions, runs, agents and session rows → the normalised model.
//
// A run is rebuilt in one of two ways. When agno stored the run's events (store_events=True) they
// give order and timing: user input, then each event (tool calls, reasoning, the completed answer).
// Otherwise the run's messages are walked: user input → reasoning → assistant tool calls and the
// tool messages answering them → the answer. In both, the run's `tools` (ToolExecution) fill in
// arguments, results, errors and durations. Times are epoch seconds, durations seconds.
import type { Agent, Run, Session, SessionEvent, SessionSummary, Totals } from '../../model';
import { toIso } from '../../model/time';
import { computeTotals, withTotals } from '../../model/totals';
import type { Page } from '../types';
import { mergeToolResults } from './mergeToolResults';
import { metricsCost, metricsTokens, requestTokens, secondsToMs } from './metrics';
import { type MapContext, otherEvent, parseOrThrow, ResponseShapeError, setTime, textOf, titleFrom } from '../mapping';
import {
  AgnoComponentSchema,
  AgnoRunEventSchema,
  AgnoRunListSchema,
  AgnoRunSchema,
  AgnoSessionDetailSchema,
  AgnoSessionListSchema,
  AgnoSessionRowSchema,
  type AgnoMessage,
  type AgnoRun,
  type AgnoRunEvent,
  type AgnoSessionDetail,
  type AgnoSessionRow,
  type AgnoToolExecution,
} from './schema';

type Base = { id: string; runId: string } & Partial<Omit<SessionEvent, 'kind' | 'id' | 'runId'>>;

/** Collects a run's events and numbers them: agno events and messages have no ids of their own. */
class RunBuilder {
  readonly events: SessionEvent[] = [];
  model?: string;
  provider?: string;
  constructor(
    readonly runId: string,
    private n = 0,
  ) {}

  base(time: unknown, extra?: { model?: boolean }): Base {
    const b: Base = { id: `${this.runId}:${this.n++}`, runId: this.runId };
    setTime(b, time);
    if (extra?.model) {
      if (this.model) b.model = this.model;
      if (this.provider) b.provider = this.provider;
    }
    return b;
  }

  push(e: SessionEvent): SessionEvent {
    this.events.push(e);
    return e;
  }

  has(kind: SessionEvent['kind']): boolean {
    return this.events.some((e) => e.kind === kind);
  }
}

function setIf<T extends object, K extends keyof T>(o: T, key: K, v: T[K] | undefined | null): void {
  if (v !== undefined && v !== null) o[key] = v;
}

// ---- tools ---------------------------------------------------------------------------------------

function toolsById(run: AgnoRun): Map<string, AgnoToolExecution> {
  const map = new Map<string, AgnoToolExecution>();
  for (const t of run.tools ?? []) if (t.tool_call_id) map.set(t.tool_call_id, t);
  return map;
}

function toolCallEvent(b: RunBuilder, time: unknown, t: { name?: string | null; callId?: string | null; parentCallId?: string | null; args: unknown }, raw: unknown): SessionEvent {
  const e = { ...b.base(time), kind: 'tool_call', name: t.name || 'tool', arguments: t.args ?? null, raw } as SessionEvent & { kind: 'tool_call' };
  setIf(e, 'callId', t.callId);
  setIf(e, 'parentCallId', t.parentCallId);
  return e;
}

function toolResultEvent(b: RunBuilder, time: unknown, t: AgnoToolExecution | undefined, over: { name?: string | null; callId?: string | null; result?: unknown; isError?: boolean | null }, raw: unknown): SessionEvent {
  const e = { ...b.base(time), kind: 'tool_result', result: over.result !== undefined ? over.result : (t?.result ?? null), raw } as SessionEvent & { kind: 'tool_result' };
  setIf(e, 'name', over.name ?? t?.tool_name);
  setIf(e, 'callId', over.callId ?? t?.tool_call_id);
  setIf(e, 'parentCallId', t?.parent_tool_call_id);
  if (over.isError || t?.tool_call_error) e.isError = true;
  setIf(e, 'latencyMs', secondsToMs(t?.metrics?.duration));
  return e;
}

/** Tools the run reports that no message or event mentioned: shown as a call and its result. */
function appendUnseenTools(b: RunBuilder, run: AgnoRun, seen: Set<string>): void {
  const extra: SessionEvent[] = [];
  for (const t of run.tools ?? []) {
    if (t.tool_call_id && seen.has(t.tool_call_id)) continue;
    extra.push(toolCallEvent(b, t.created_at, { name: t.tool_name, callId: t.tool_call_id, parentCallId: t.parent_tool_call_id, args: t.tool_args }, t));
    if (t.result !== undefined && t.result !== null) extra.push(toolResultEvent(b, t.created_at, t, {}, t));
  }
  if (!extra.length) return;
  // Before the final answer, which is where the tools ran.
  const last = b.events.length - 1;
  const at = last >= 0 && b.events[last].kind === 'assistant_message' ? last : b.events.length;
  b.events.splice(at, 0, ...extra);
}

// ---- pieces shared by both paths ---------------------------------------------------------------

function userInput(run: AgnoRun): string | undefined {
  if (run.run_input === undefined || run.run_input === null) return undefined;
  const text = textOf(run.run_input);
  return text.trim() ? text : undefined;
}

function reasoningText(step: unknown): string {
  if (typeof step === 'string') return step;
  if (step && typeof step === 'object') {
    const s = step as Record<string, unknown>;
    const parts = [s.title, s.reasoning, s.action, s.result].filter((p): p is string => typeof p === 'string' && !!p.trim());
    if (parts.length) return parts.join('\n\n');
  }
  return textOf(step);
}

/** Run-level reasoning (reasoning_content or reasoning_steps) when no message or event carried it. */
function reasoningEvents(b: RunBuilder, run: AgnoRun): SessionEvent[] {
  const out: SessionEvent[] = [];
  if (run.reasoning_content && run.reasoning_content.trim()) {
    out.push({ ...b.base(run.created_at, { model: true }), kind: 'reasoning', text: run.reasoning_content, raw: { reasoning_content: run.reasoning_content } });
  } else {
    for (const step of run.reasoning_steps ?? []) out.push({ ...b.base(run.created_at, { model: true }), kind: 'reasoning', text: reasoningText(step), raw: step });
  }
  return out;
}

function insertAfterUser(b: RunBuilder, events: SessionEvent[]): void {
  if (!events.length) return;
  const i = b.events.findIndex((e) => e.kind === 'user_message');
  b.events.splice(i + 1, 0, ...events);
}

function isStopped(run: AgnoRun): boolean {
  const s = run.status?.toUpperCase();
  return s === 'CANCELLED' || s === 'ERROR';
}

/** The run's answer, when no message or event already gave it. */
function appendFinalContent(b: RunBuilder, run: AgnoRun, withTokens: boolean): void {
  const hasAnswer = b.events.some((e) => e.kind === 'assistant_message' && e.text.trim());
  if (!hasAnswer && run.content !== undefined && run.content !== null && textOf(run.content).trim()) {
    const e = { ...b.base(run.created_at, { model: true }), kind: 'assistant_message', text: textOf(run.content), raw: { content: run.content } } as SessionEvent & { kind: 'assistant_message' };
    if (withTokens) {
      setIf(e, 'tokens', metricsTokens(run.metrics));
      setIf(e, 'costUsd', metricsCost(run.metrics));
    }
    setIf(e, 'latencyMs', secondsToMs(run.metrics?.duration));
    b.push(e);
  }
  if (isStopped(run)) {
    for (let i = b.events.length - 1; i >= 0; i--) {
      const e = b.events[i];
      if (e.kind === 'assistant_message') {
        e.interrupted = true;
        break;
      }
    }
  }
}

// ---- messages path -----------------------------------------------------------------------------

/** One message → events; `tools` fill in what the message leaves out. */
function mapMessage(b: RunBuilder, m: AgnoMessage, tools: Map<string, AgnoToolExecution>, seen: Set<string>): void {
  const role = (m.role ?? '').toLowerCase();
  const time = m.created_at;
  switch (role) {
    case 'system':
    case 'developer':
      b.push({ ...b.base(time), kind: 'system_message', text: textOf(m.content), raw: m });
      return;
    case 'user':
      b.push({ ...b.base(time), kind: 'user_message', text: textOf(m.content), raw: m });
      return;
    case 'assistant':
    case 'model': {
      if (m.reasoning_content && m.reasoning_content.trim()) b.push({ ...b.base(time, { model: true }), kind: 'reasoning', text: m.reasoning_content, raw: m });
      let tokens = metricsTokens(m.metrics);
      const cost = metricsCost(m.metrics);
      const latency = secondsToMs(m.metrics?.duration);
      const text = textOf(m.content);
      const calls = m.tool_calls ?? [];
      if (text.trim() || !calls.length) {
        const e = { ...b.base(time, { model: true }), kind: 'assistant_message', text, raw: m } as SessionEvent & { kind: 'assistant_message' };
        setIf(e, 'tokens', tokens);
        setIf(e, 'costUsd', cost);
        setIf(e, 'latencyMs', latency);
        b.push(e);
        tokens = undefined;
      }
      for (const tc of calls) {
        const t = tc.id ? tools.get(tc.id) : undefined;
        if (tc.id) seen.add(tc.id);
        // ToolExecution has the arguments parsed; the message has them as the model's JSON string.
        const args = t?.tool_args ?? tc.function?.arguments;
        const e = toolCallEvent(b, time, { name: tc.function?.name ?? t?.tool_name, callId: tc.id, parentCallId: t?.parent_tool_call_id, args }, tc);
        if (tokens) {
          // A message that only calls tools still used tokens: they go on its first call.
          e.tokens = tokens;
          setIf(e, 'costUsd', cost);
          if (latency !== undefined) e.latencyMs = latency;
          setIf(e, 'model', b.model);
          setIf(e, 'provider', b.provider);
          tokens = undefined;
        }
        b.push(e);
      }
      return;
    }
    case 'tool': {
      const t = m.tool_call_id ? tools.get(m.tool_call_id) : undefined;
      if (m.tool_call_id) seen.add(m.tool_call_id);
      b.push(toolResultEvent(b, time, t, { name: m.tool_name, callId: m.tool_call_id, result: m.content ?? t?.result ?? null, isError: m.tool_call_error }, m));
      return;
    }
    default:
      b.push(otherEvent(m, `message:${m.role ?? 'unknown'}`, b.base(time), typeof m.content === 'string' ? m.content : undefined));
  }
}

function fromMessages(b: RunBuilder, run: AgnoRun): void {
  const tools = toolsById(run);
  const seen = new Set<string>();
  // Messages replayed from earlier runs (from_history) belong to those runs.
  const messages = (run.messages ?? []).filter((m) => !m.from_history);
  if (!messages.some((m) => m.role === 'user')) {
    const input = userInput(run);
    if (input !== undefined) b.push({ ...b.base(run.created_at), kind: 'user_message', text: input, raw: { run_input: run.run_input } });
  }
  for (const m of messages) mapMessage(b, m, tools, seen);
  if (!b.has('reasoning')) insertAfterUser(b, reasoningEvents(b, run));
  appendUnseenTools(b, run, seen);
  appendFinalContent(b, run, !b.events.some((e) => e.tokens));
}

// ---- events path -------------------------------------------------------------------------------

function eventName(ev: AgnoRunEvent): string {
  // Team runs prefix every event with "Team" (TeamRunStarted, TeamToolCallCompleted…).
  const name = ev.event ?? '';
  return name.startsWith('Team') ? name.slice(4) : name;
}

interface EventState {
  tools: Map<string, AgnoToolExecution>;
  seen: Set<string>;
  /** Per-request token counts exist, so the run total on RunCompleted must not be counted again. */
  perRequestTokens: boolean;
  /** The answer being streamed (stored RunContent chunks), merged into one message. */
  streaming?: SessionEvent & { kind: 'assistant_message' };
  thinking?: SessionEvent & { kind: 'reasoning' };
  reasoningSinceStart: boolean;
  /**
   * A stored run places its reasoning itself once all events are read: agno does not store the
   * RunContent events that streamed it, so RunCompleted (the last event) is where it would land.
   */
  reasoningPlacedByRun?: boolean;
}

function toolOf(ev: AgnoRunEvent, st: EventState): AgnoToolExecution | undefined {
  const t = ev.tool ?? undefined;
  const id = t?.tool_call_id;
  const listed = id ? st.tools.get(id) : undefined;
  return listed && t ? { ...listed, ...stripNullish(t) } : (t ?? listed);
}

function stripNullish<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== null && o[k] !== undefined) out[k] = o[k];
  return out;
}

/** One stored event → zero or one normalised event (streamed chunks merge into the previous one). */
function mapStoredEvent(b: RunBuilder, ev: AgnoRunEvent, st: EventState): void {
  const name = eventName(ev);
  if (name !== 'RunContent') st.streaming = undefined;
  if (name !== 'ReasoningContentDelta') st.thinking = undefined;
  const time = ev.created_at;
  switch (name) {
    case 'RunStarted':
      if (ev.model) b.model = ev.model;
      if (ev.model_provider) b.provider = ev.model_provider;
      break;
    case 'RunContent': {
      const chunk = typeof ev.content === 'string' ? ev.content : ev.content != null ? textOf(ev.content) : '';
      if (st.streaming) {
        st.streaming.text += chunk;
        return;
      }
      if (!chunk) break;
      st.streaming = { ...b.base(time, { model: true }), kind: 'assistant_message', text: chunk, raw: ev };
      b.push(st.streaming);
      return;
    }
    case 'ReasoningContentDelta': {
      const chunk = ev.reasoning_content ?? '';
      st.reasoningSinceStart = true;
      if (st.thinking) {
        st.thinking.text += chunk;
        return;
      }
      st.thinking = { ...b.base(time, { model: true }), kind: 'reasoning', text: chunk, raw: ev };
      b.push(st.thinking);
      return;
    }
    case 'ReasoningStarted':
      st.reasoningSinceStart = false;
      break;
    case 'ReasoningStep': {
      const text = ev.reasoning_content || textOf(ev.content);
      if (!text.trim()) break;
      st.reasoningSinceStart = true;
      b.push({ ...b.base(time, { model: true }), kind: 'reasoning', text, raw: ev });
      return;
    }
    case 'ReasoningCompleted': {
      if (st.reasoningSinceStart || ev.content == null) break;
      b.push({ ...b.base(time, { model: true }), kind: 'reasoning', text: textOf(ev.content), raw: ev });
      return;
    }
    case 'ToolCallStarted': {
      const t = toolOf(ev, st);
      if (!t) break;
      if (t.tool_call_id) st.seen.add(t.tool_call_id);
      b.push(toolCallEvent(b, time, { name: t.tool_name, callId: t.tool_call_id, parentCallId: t.parent_tool_call_id, args: t.tool_args }, ev));
      return;
    }
    case 'ToolCallCompleted':
    case 'ToolCallError': {
      const t = toolOf(ev, st);
      if (!t) break;
      if (t.tool_call_id) st.seen.add(t.tool_call_id);
      const failed = name === 'ToolCallError';
      const result = failed ? (ev.error ?? t.result ?? null) : (t.result ?? ev.content ?? null);
      b.push(toolResultEvent(b, time, t, { result, isError: failed }, ev));
      return;
    }
    case 'RunCompleted': {
      const tokens = st.perRequestTokens ? undefined : metricsTokens(ev.metrics);
      const cost = st.perRequestTokens ? undefined : metricsCost(ev.metrics);
      const latency = secondsToMs(ev.metrics?.duration);
      if (!st.reasoningPlacedByRun && ev.reasoning_content && ev.reasoning_content.trim() && !b.has('reasoning')) {
        b.push({ ...b.base(time, { model: true }), kind: 'reasoning', text: ev.reasoning_content, raw: { reasoning_content: ev.reasoning_content } });
      }
      const streamed = [...b.events].reverse().find((e): e is SessionEvent & { kind: 'assistant_message' } => e.kind === 'assistant_message');
      if (ev.content != null && !streamed) {
        const e = { ...b.base(time, { model: true }), kind: 'assistant_message', text: textOf(ev.content), raw: ev } as SessionEvent & { kind: 'assistant_message' };
        setIf(e, 'tokens', tokens);
        setIf(e, 'costUsd', cost);
        setIf(e, 'latencyMs', latency);
        b.push(e);
        return;
      }
      if (streamed) {
        if (tokens && !streamed.tokens) streamed.tokens = tokens;
        if (cost !== undefined && streamed.costUsd === undefined) streamed.costUsd = cost;
        if (latency !== undefined && streamed.latencyMs === undefined) streamed.latencyMs = latency;
      }
      break;
    }
    case 'RunError': {
      const message = textOf(ev.content) || ev.error_type || 'The run failed';
      const e = { ...b.base(time), kind: 'error', message, raw: ev } as SessionEvent & { kind: 'error' };
      setIf(e, 'code', ev.error_type);
      b.push(e);
      return;
    }
    case 'ModelRequestCompleted': {
      const e = otherEvent(ev, ev.event ?? name, b.base(time));
      setIf(e, 'tokens', requestTokens(ev));
      setIf(e, 'model', ev.model ?? b.model);
      setIf(e, 'provider', ev.model_provider ?? b.provider);
      b.push(e);
      return;
    }
  }
  // Everything else (RunStarted, memory updates, hooks, RunCancelled, custom events…) is shown as is.
  const text = typeof ev.content === 'string' ? ev.content : (ev.reason ?? undefined);
  b.push(otherEvent(ev, ev.event ?? 'unknown', b.base(time), text ?? undefined));
}

/**
 * Reasoning of a stored run whose events did not carry it (agno does not store the RunContent
 * events that streamed it). agno keeps it on the assistant message that produced it, so each such
 * message's reasoning goes right before that message's tool calls, or before the answer; without
 * such a message the run's own reasoning (or RunCompleted's) follows the user's input.
 */
function placeStoredReasoning(b: RunBuilder, run: AgnoRun, messages: AgnoMessage[], events: AgnoRunEvent[]): void {
  let from = 0;
  for (const m of messages) {
    const role = (m.role ?? '').toLowerCase();
    if ((role !== 'assistant' && role !== 'model') || !m.reasoning_content || !m.reasoning_content.trim()) continue;
    const calls = new Set((m.tool_calls ?? []).map((c) => c.id).filter((id): id is string => !!id));
    let at = calls.size ? b.events.findIndex((e) => e.kind === 'tool_call' && !!e.callId && calls.has(e.callId)) : -1;
    if (at < 0) at = b.events.findIndex((e, i) => i >= from && e.kind === 'assistant_message');
    if (at < 0) at = b.events.length;
    b.events.splice(at, 0, { ...b.base(m.created_at, { model: true }), kind: 'reasoning', text: m.reasoning_content, raw: m });
    from = at + 1;
  }
  if (from > 0) return;
  const fromRun = reasoningEvents(b, run);
  if (fromRun.length) return insertAfterUser(b, fromRun);
  const done = events.find((ev) => eventName(ev) === 'RunCompleted' && !!ev.reasoning_content && !!ev.reasoning_content.trim());
  if (done) insertAfterUser(b, [{ ...b.base(done.created_at, { model: true }), kind: 'reasoning', text: done.reasoning_content!, raw: { reasoning_content: done.reasoning_content } }]);
}

function fromEvents(b: RunBuilder, run: AgnoRun, events: AgnoRunEvent[]): void {
  const messages = (run.messages ?? []).filter((m) => !m.from_history);
  for (const m of messages) if (m.role === 'system') b.push({ ...b.base(m.created_at), kind: 'system_message', text: textOf(m.content), raw: m });
  const firstUser = messages.find((m) => m.role === 'user');
  const input = userInput(run);
  if (input !== undefined) b.push({ ...b.base(run.created_at), kind: 'user_message', text: input, raw: { run_input: run.run_input } });
  else if (firstUser) b.push({ ...b.base(firstUser.created_at ?? run.created_at), kind: 'user_message', text: textOf(firstUser.content), raw: firstUser });

  const st: EventState = {
    tools: toolsById(run),
    seen: new Set(),
    perRequestTokens: events.some((e) => eventName(e) === 'ModelRequestCompleted' && !!requestTokens(e)),
    reasoningSinceStart: false,
    reasoningPlacedByRun: true,
  };
  for (const ev of events) mapStoredEvent(b, ev, st);
  mergeToolResults(b.events);
  if (!b.has('reasoning')) placeStoredReasoning(b, run, messages, events);
  appendUnseenTools(b, run, st.seen);
  appendFinalContent(b, run, !st.perRequestTokens && !b.events.some((e) => e.tokens));
}

// ---- runs --------------------------------------------------------------------------------------

function runProviderTotals(run: AgnoRun): Totals | undefined {
  const m = run.metrics;
  if (!m) return undefined;
  const tokens = metricsTokens(m);
  const latencyMs = secondsToMs(m.duration);
  if (!tokens && latencyMs === undefined && m.cost == null) return undefined;
  const t: Totals = { tokens: tokens ?? {} };
  if (typeof m.cost === 'number') t.costUsd = m.cost;
  if (latencyMs !== undefined) t.latencyMs = latencyMs;
  return t;
}

interface ModelDefault {
  /** Whose model this is: only that agent's runs inherit it. */
  agentId?: string;
  model?: string;
  provider?: string;
}

function runEvents(run: AgnoRun, fallback?: ModelDefault): SessionEvent[] {
  const b = new RunBuilder(run.run_id);
  // Messages do not name their model; the session's agent_data does, for that agent's own runs.
  const inherits = fallback && (!run.agent_id || run.agent_id === fallback.agentId) && !run.team_id && !run.workflow_id;
  b.model = run.model ?? (inherits ? fallback.model : undefined);
  b.provider = run.model_provider ?? (inherits ? fallback.provider : undefined);
  if (run.events && run.events.length) fromEvents(b, run, run.events);
  else fromMessages(b, run);
  return b.events;
}

/** Maps a validated run; `title` labels member and step runs. */
function mapValidRun(run: AgnoRun, title?: string, fallback?: ModelDefault): Omit<Run, 'totals'> {
  const events = runEvents(run, fallback);
  const { messages: _m, events: _e, ...rest } = run;
  const out: Omit<Run, 'totals'> = { id: run.run_id, events, raw: rest };
  if (title) out.title = title;
  setIf(out, 'createdAt', toIso(run.created_at));
  const model = run.model ?? events.find((e) => e.model)?.model;
  setIf(out, 'model', model);
  setIf(out, 'status', run.status);
  setIf(out, 'providerTotals', runProviderTotals(run));
  return out;
}

/** One run of `GET /sessions/{id}/runs` (or `/runs/{run_id}`, or a non-streamed agent run). */
export function mapAgnoRun(run: unknown): Run {
  const valid = parseOrThrow(AgnoRunSchema, run, 'agno', 'a run');
  const mapped = mapValidRun(valid);
  return { ...mapped, totals: computeTotals(mapped.events) };
}

/** One stored or streamed event on its own (a RunContent chunk maps to an assistant message holding that chunk). */
export function mapAgnoRunEvent(raw: unknown, runId: string, index = 0): SessionEvent {
  const ev = parseOrThrow(AgnoRunEventSchema, raw, 'agno', 'an event');
  const b = new RunBuilder(ev.run_id ?? runId, index);
  const st: EventState = { tools: new Map(), seen: new Set(), perRequestTokens: false, reasoningSinceStart: false };
  mapStoredEvent(b, ev, st);
  return b.events[0];
}

function memberTitle(run: AgnoRun): string | undefined {
  const who = run.agent_name ?? run.agent_id ?? run.team_name ?? run.team_id;
  return who ? `Member run: ${who}` : undefined;
}

/**
 * Team sessions mix the leader's runs with its members' runs (parent_run_id = the leader's run);
 * workflow runs carry their steps' runs in step_executor_runs. The model has no nesting of runs,
 * so a child run follows its parent directly and its title says whose it is.
 */
function orderRuns(runs: AgnoRun[], fallback?: ModelDefault): Array<Omit<Run, 'totals'>> {
  const ids = new Set(runs.map((r) => r.run_id));
  const children = new Map<string, AgnoRun[]>();
  const top: AgnoRun[] = [];
  for (const r of runs) {
    const parent = r.parent_run_id;
    if (parent && parent !== r.run_id && ids.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(r);
      children.set(parent, list);
    } else top.push(r);
  }
  const out: Array<Omit<Run, 'totals'>> = [];
  const done = new Set<string>();
  const visit = (r: AgnoRun, title: string | undefined, index: number) => {
    if (done.has(r.run_id)) return;
    done.add(r.run_id);
    out.push(mapValidRun(r, title, fallback));
    (r.step_executor_runs ?? []).forEach((raw, j) => {
      const step = parseOrThrow(AgnoRunSchema, raw, 'agno', 'a session', ['runs', index, 'step_executor_runs', j]);
      const who = step.agent_name ?? step.agent_id ?? step.team_name ?? step.team_id;
      visit(step, who ? `Step run: ${who}` : 'Step run', index);
    });
    for (const c of children.get(r.run_id) ?? []) visit(c, memberTitle(c), runs.indexOf(c));
  };
  top.forEach((r) => visit(r, undefined, runs.indexOf(r)));
  return out;
}

/** Without runs: chat_history, cut into one run per user turn. */
function runsFromChatHistory(sessionId: string, history: AgnoMessage[], fallback?: ModelDefault): Array<Omit<Run, 'totals'>> {
  const runs: Array<Omit<Run, 'totals'>> = [];
  let b: RunBuilder | undefined;
  const seen = new Set<string>();
  const none = new Map<string, AgnoToolExecution>();
  const start = (time: unknown) => {
    b = new RunBuilder(`${sessionId}:turn-${runs.length + 1}`);
    b.model = fallback?.model;
    b.provider = fallback?.provider;
    const run: Omit<Run, 'totals'> = { id: b.runId, events: b.events };
    setIf(run, 'createdAt', toIso(time));
    runs.push(run);
  };
  for (const m of history) {
    // A user message opens a turn, unless the turn so far holds only system messages.
    if (!b || (m.role === 'user' && b.events.some((e) => e.kind !== 'system_message'))) start(m.created_at);
    mapMessage(b!, m, none, seen);
  }
  return runs;
}

function componentOf(d: AgnoSessionDetail): { type?: 'agent' | 'team' | 'workflow'; id?: string; name?: string; model?: string; provider?: string } {
  const data = d.agent_data ?? d.team_data ?? d.workflow_data ?? undefined;
  const type = d.agent_id || d.agent_data ? 'agent' : d.team_id || d.team_data ? 'team' : d.workflow_id || d.workflow_data ? 'workflow' : undefined;
  return {
    type,
    id: d.agent_id ?? d.team_id ?? d.workflow_id ?? data?.agent_id ?? data?.team_id ?? data?.workflow_id ?? undefined,
    name: data?.name ?? d.workflow_name ?? undefined,
    model: data?.model?.id ?? data?.model?.name ?? undefined,
    provider: data?.model?.provider ?? undefined,
  };
}

function sessionProviderTotals(d: AgnoSessionDetail): Totals | undefined {
  const tokens = metricsTokens(d.metrics) ?? (typeof d.total_tokens === 'number' ? { total: d.total_tokens } : undefined);
  if (!tokens) return undefined;
  const t: Totals = { tokens };
  if (typeof d.metrics?.cost === 'number') t.costUsd = d.metrics.cost;
  return t;
}

/**
 * `GET /sessions/{id}?type=…` with, when fetched, `GET /sessions/{id}/runs`. Without runs (or
 * with none) the chat history stands in. Throws a ResponseShapeError naming a field that does not fit.
 */
export function mapAgnoSession(detail: unknown, runs: unknown[] | undefined, ctx: MapContext = {}): Session {
  const d = parseOrThrow(AgnoSessionDetailSchema, detail, 'agno', 'a session');
  const validRuns = runs === undefined ? undefined : parseOrThrow(AgnoRunListSchema, runs, 'agno', 'a session', ['runs']);
  const comp = componentOf(d);
  const fallback: ModelDefault | undefined = comp.type === 'agent' ? { agentId: comp.id, model: comp.model, provider: comp.provider } : undefined;
  const mappedRuns = validRuns && validRuns.length ? orderRuns(validRuns, fallback) : runsFromChatHistory(d.session_id, d.chat_history ?? [], fallback);

  const metadata: Session['metadata'] = {};
  if (comp.type) metadata.session_type = comp.type;
  setIf(metadata, 'user_id', d.user_id);
  setIf(metadata, 'model', comp.model);
  setIf(metadata, 'model_provider', comp.provider);
  setIf(metadata, 'summary', d.session_summary?.summary);
  setIf(metadata, 'total_tokens', d.total_tokens);

  let firstUser: string | undefined;
  for (const r of mappedRuns) {
    const u = r.events.find((e) => e.kind === 'user_message');
    if (u && u.kind === 'user_message' && u.text.trim()) {
      firstUser = u.text;
      break;
    }
  }
  const { chat_history: _h, ...raw } = d;
  const session: Parameters<typeof withTotals>[0] = {
    id: d.session_id,
    provider: 'agno',
    title: d.session_name || ctx.title || titleFrom(firstUser) || `Session ${d.session_id.slice(0, 8)}`,
    metadata,
    runs: mappedRuns,
    raw,
  };
  setIf(session, 'connectionId', ctx.connectionId);
  setIf(session, 'agentId', comp.id ?? ctx.agentId);
  setIf(session, 'agentName', comp.name ?? ctx.agentName);
  setIf(session, 'createdAt', toIso(d.created_at));
  setIf(session, 'updatedAt', toIso(d.updated_at));
  setIf(session, 'providerTotals', sessionProviderTotals(d));
  return withTotals(session);
}

// ---- agents and session lists ------------------------------------------------------------------

/** An item of `GET /agents` (or `/teams`, `/workflows`: pass the type, or let members/steps tell). */
export function mapAgnoAgent(json: unknown, type?: 'agent' | 'team' | 'workflow'): Agent {
  const a = parseOrThrow(AgnoComponentSchema, json, 'agno', 'an agent');
  const id = a.id ?? a.agent_id ?? a.team_id ?? a.workflow_id;
  if (!id) throw new ResponseShapeError('agno', 'an agent', 'id', 'missing (the agent has no id)');
  const kind = type ?? (a.team_id || a.members || a.mode ? 'team' : a.workflow_id || a.steps !== undefined ? 'workflow' : 'agent');
  const out: Agent = { id, name: a.name || id, type: kind, raw: json };
  setIf(out, 'description', a.description);
  setIf(out, 'model', a.model?.model ?? a.model?.id ?? a.model?.name);
  return out;
}

function summaryOf(r: AgnoSessionRow, agentId: string): SessionSummary {
  const out: SessionSummary = { id: r.session_id, agentId, title: r.session_name || `Session ${r.session_id.slice(0, 8)}` };
  setIf(out, 'createdAt', toIso(r.created_at));
  setIf(out, 'updatedAt', toIso(r.updated_at));
  setIf(out, 'tokens', r.total_tokens ?? r.metrics?.total_tokens);
  return out;
}

/** A row of `GET /sessions`. */
export function mapAgnoSessionSummary(row: unknown, agentId: string): SessionSummary {
  return summaryOf(parseOrThrow(AgnoSessionRowSchema, row, 'agno', 'a session list'), agentId);
}

/** `GET /sessions?component_id=…&page=…` → a page whose cursor is the next page number. */
export function mapAgnoSessionPage(json: unknown, agentId: string): Page<SessionSummary> {
  const page = parseOrThrow(AgnoSessionListSchema, json, 'agno', 'a session list');
  const items = page.data.map((row) => summaryOf(row, agentId));
  const current = page.meta?.page ?? 1;
  const pages = page.meta?.total_pages;
  const result: Page<SessionSummary> = { items };
  if (typeof pages === 'number' && current < pages && items.length) result.nextCursor = String(current + 1);
  return result;
}
