// Agno AgentOS sessions, runs, agents and session rows → the normalised model.
//
// A run is rebuilt in one of two ways. When agno stored the run's events (store_events=True) they
// give order and timing: user input, then each event through the one reducer the streamed path
// uses too (reducer.ts). Otherwise the run's messages are walked: user input → reasoning →
// assistant tool calls and the tool messages answering them → the answer. In both, the run's
// `tools` (ToolExecution) fill in arguments, results, errors and durations. Times are epoch
// seconds, durations seconds.
//
// agno stores a member's (or a workflow step's) events inside the leader's (or workflow's) run:
// each event goes to the run its `run_id` names — the member run agno stored apart, a step's
// executor run, a team step's member run, or, when agno kept no run for it, one rebuilt from its
// events — so each run holds its own events, answer and tokens, as agno's own metrics count them.
import type { Agent, Run, Session, SessionEvent, SessionSummary, Totals } from '../../model';
import { toIso } from '../../model/time';
import { computeTotals, withTotals } from '../../model/totals';
import type { Page } from '../types';
import { metricsCost, metricsModel, metricsTokens, secondsToMs } from './metrics';
import { isPauseNote, mergePending, placePausedSteps, stepRequirementSteps } from './paused';
import { AgnoRunReducer, agnoEventName, runOf } from './reducer';
import { type MapContext, otherEvent, parseOrThrow, ResponseShapeError, textOf, titleFrom } from '../mapping';
import {
  AgnoComponentSchema,
  AgnoMetricsSchema,
  AgnoRunEventSchema,
  AgnoRunListSchema,
  AgnoRunSchema,
  AgnoSessionDetailSchema,
  AgnoSessionListSchema,
  AgnoSessionRowSchema,
  type AgnoMessage,
  type AgnoMetrics,
  type AgnoRun,
  type AgnoRunEvent,
  type AgnoSessionDetail,
  type AgnoSessionRow,
  type AgnoToolExecution,
} from './schema';

/** A run's events, numbered `${runId}:${n}`: the reducer collects them for both paths. */
type RunBuilder = AgnoRunReducer;

function setIf<T extends object, K extends keyof T>(o: T, key: K, v: T[K] | undefined | null): void {
  if (v !== undefined && v !== null) o[key] = v;
}

// ---- tools ---------------------------------------------------------------------------------------

function toolsById(run: AgnoRun): Map<string, AgnoToolExecution> {
  const map = new Map<string, AgnoToolExecution>();
  for (const t of run.tools ?? []) if (t.tool_call_id) map.set(t.tool_call_id, t);
  return map;
}

function toolCallEvent(
  b: RunBuilder,
  time: unknown,
  t: { name?: string | null; callId?: string | null; parentCallId?: string | null; args: unknown },
  raw: unknown,
): SessionEvent {
  const e = { ...b.base(time), kind: 'tool_call', name: t.name || 'tool', arguments: t.args ?? null, raw } as SessionEvent & {
    kind: 'tool_call';
  };
  setIf(e, 'callId', t.callId);
  setIf(e, 'parentCallId', t.parentCallId);
  return e;
}

function toolResultEvent(
  b: RunBuilder,
  time: unknown,
  t: AgnoToolExecution | undefined,
  over: { name?: string | null; callId?: string | null; result?: unknown; isError?: boolean | null },
  raw: unknown,
): SessionEvent {
  const e = {
    ...b.base(time),
    kind: 'tool_result',
    result: over.result !== undefined ? over.result : (t?.result ?? null),
    raw,
  } as SessionEvent & { kind: 'tool_result' };
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
    extra.push(
      toolCallEvent(
        b,
        t.created_at,
        { name: t.tool_name, callId: t.tool_call_id, parentCallId: t.parent_tool_call_id, args: t.tool_args },
        t,
      ),
    );
    if (t.result !== undefined && t.result !== null) extra.push(toolResultEvent(b, t.created_at, t, {}, t));
  }
  if (!extra.length) return;
  // Before the final answer, which is where the tools ran.
  const last = b.events.length - 1;
  const at = last >= 0 && b.events[last].kind === 'assistant_message' ? last : b.events.length;
  b.events.splice(at, 0, ...extra);
}

// ---- pieces shared by both paths ---------------------------------------------------------------

/** RunSchema's `run_input`; step executor runs (raw RunOutput.to_dict) have `input.input_content` instead. */
function userInput(run: AgnoRun): string | undefined {
  const given = run.input && typeof run.input === 'object' ? (run.input as { input_content?: unknown }).input_content : undefined;
  const input = run.run_input ?? given;
  if (input === undefined || input === null) return undefined;
  const text = textOf(input);
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
    out.push({
      ...b.base(run.created_at, true),
      kind: 'reasoning',
      text: run.reasoning_content,
      raw: { reasoning_content: run.reasoning_content },
    });
  } else {
    for (const step of run.reasoning_steps ?? [])
      out.push({ ...b.base(run.created_at, true), kind: 'reasoning', text: reasoningText(step), raw: step });
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

/**
 * The run's answer, when no message or event already gave it. A run that failed stores its
 * error text as its content: that is an error, shown as one whether or not agno stored events.
 */
function appendFinalContent(b: RunBuilder, run: AgnoRun, withTokens: boolean): void {
  const failed = run.status?.toUpperCase() === 'ERROR';
  const content = run.content === undefined || run.content === null ? '' : textOf(run.content);
  const errors = b.events.filter((e): e is SessionEvent & { kind: 'error' } => e.kind === 'error');
  if (failed && !errors.length) {
    const e = b.push({
      ...b.base(run.created_at),
      kind: 'error',
      message: content.trim() ? content : 'The run failed',
      raw: { status: run.status, content: run.content },
    } as SessionEvent & { kind: 'error' });
    // Tokens the run used before failing, when no message or event carried them.
    if (withTokens) {
      setIf(e, 'tokens', metricsTokens(run.metrics));
      setIf(e, 'costUsd', metricsCost(run.metrics));
    }
  }
  const isErrorText = failed && (!errors.length || errors.some((e) => e.message === content));
  const hasAnswer = b.events.some((e) => e.kind === 'assistant_message' && e.text.trim()) || isPauseNote(b.events, run.content);
  if (!hasAnswer && content.trim() && !isErrorText) {
    const e = {
      ...b.base(run.created_at, true),
      kind: 'assistant_message',
      text: content,
      raw: { content: run.content },
    } as SessionEvent & { kind: 'assistant_message' };
    if (withTokens) {
      setIf(e, 'tokens', metricsTokens(run.metrics));
      setIf(e, 'costUsd', metricsCost(run.metrics));
    }
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
      // Whether some event keeps the message itself as raw (else its first tool call does).
      let shown = !!m.reasoning_content && !!m.reasoning_content.trim();
      if (shown) b.push({ ...b.base(time, true), kind: 'reasoning', text: m.reasoning_content!, raw: m });
      let tokens = metricsTokens(m.metrics);
      const cost = metricsCost(m.metrics);
      const latency = secondsToMs(m.metrics?.duration);
      const text = textOf(m.content);
      const calls = m.tool_calls ?? [];
      if (text.trim() || !calls.length) {
        const e = { ...b.base(time, true), kind: 'assistant_message', text, raw: m } as SessionEvent & { kind: 'assistant_message' };
        setIf(e, 'tokens', tokens);
        setIf(e, 'costUsd', cost);
        setIf(e, 'latencyMs', latency);
        setIf(e, 'timeToFirstTokenMs', secondsToMs(m.metrics?.time_to_first_token));
        b.push(e);
        tokens = undefined;
        shown = true;
      }
      for (const tc of calls) {
        const t = tc.id ? tools.get(tc.id) : undefined;
        if (tc.id) seen.add(tc.id);
        // ToolExecution has the arguments parsed; the message has them as the model's JSON string.
        const args = t?.tool_args ?? tc.function?.arguments;
        const e = toolCallEvent(
          b,
          time,
          { name: tc.function?.name ?? t?.tool_name, callId: tc.id, parentCallId: t?.parent_tool_call_id, args },
          shown ? tc : m,
        );
        shown = true;
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
      b.push(
        toolResultEvent(
          b,
          time,
          t,
          { name: m.tool_name, callId: m.tool_call_id, result: m.content ?? t?.result ?? null, isError: m.tool_call_error },
          m,
        ),
      );
      return;
    }
    default:
      b.push(otherEvent(m, `message:${m.role ?? 'unknown'}`, b.base(time), typeof m.content === 'string' ? m.content : undefined));
  }
}

/**
 * A workflow's step requirements as pending steps: what its StepPaused event (or nothing, when it
 * stored no events) said, completed with how each was resolved since.
 */
function placeStepRequirements(b: RunBuilder, run: AgnoRun): void {
  for (const step of stepRequirementSteps(run.step_requirements)) {
    const before = b.events.length;
    b.pending(step, run.created_at, step.raw);
    if (b.events.length === before) continue;
    // A new one goes where the run waited: before it continued, else before its answer.
    const e = b.events.pop()!;
    let at = b.events.findIndex((x) => x.kind === 'other' && /Continued$/.test(x.type));
    if (at < 0) at = b.events.length && b.events[b.events.length - 1]!.kind === 'assistant_message' ? b.events.length - 1 : b.events.length;
    b.events.splice(at, 0, e);
  }
}

/** `events`: what agno stored of a run it did not log whole (a non-streamed run keeps only its pause). */
function fromMessages(b: RunBuilder, run: AgnoRun, events: AgnoRunEvent[] = []): void {
  const tools = toolsById(run);
  const seen = new Set<string>();
  // Messages replayed from earlier runs (from_history) belong to those runs.
  const messages = (run.messages ?? []).filter((m) => !m.from_history);
  if (!messages.some((m) => m.role === 'user')) {
    const input = userInput(run);
    if (input !== undefined) b.push({ ...b.base(run.created_at), kind: 'user_message', text: input, raw: { run_input: input } });
  }
  for (const m of messages) mapMessage(b, m, tools, seen);
  if (!b.has('reasoning')) insertAfterUser(b, reasoningEvents(b, run));
  appendUnseenTools(b, run, seen);
  for (const ev of events) b.event(ev);
  placePausedSteps(b.events, run, (t) => b.base(t));
  placeStepRequirements(b, run);
  appendStepResults(b, run, false);
  appendFinalContent(b, run, !b.events.some((e) => e.tokens));
}

// ---- events path -------------------------------------------------------------------------------

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
    b.events.splice(at, 0, { ...b.base(m.created_at, true), kind: 'reasoning', text: m.reasoning_content, raw: m });
    from = at + 1;
  }
  if (from > 0) return;
  const fromRun = reasoningEvents(b, run);
  if (fromRun.length) return insertAfterUser(b, fromRun);
  const done = events.find((ev) => agnoEventName(ev.event) === 'RunCompleted' && !!ev.reasoning_content && !!ev.reasoning_content.trim());
  if (done)
    insertAfterUser(b, [
      {
        ...b.base(done.created_at, true),
        kind: 'reasoning',
        text: done.reasoning_content!,
        raw: { reasoning_content: done.reasoning_content },
      },
    ]);
}

function ownMessages(run: AgnoRun): AgnoMessage[] {
  // Messages replayed from earlier runs (from_history) belong to those runs.
  return (run.messages ?? []).filter((m) => !m.from_history);
}

function fromEvents(b: RunBuilder, run: AgnoRun, events: AgnoRunEvent[]): void {
  const messages = ownMessages(run);
  for (const m of messages)
    if (m.role === 'system') b.push({ ...b.base(m.created_at), kind: 'system_message', text: textOf(m.content), raw: m });
  const firstUser = messages.find((m) => m.role === 'user');
  const input = userInput(run);
  if (input !== undefined) b.push({ ...b.base(run.created_at), kind: 'user_message', text: input, raw: { run_input: input } });
  else if (firstUser)
    b.push({ ...b.base(firstUser.created_at ?? run.created_at), kind: 'user_message', text: textOf(firstUser.content), raw: firstUser });
  for (const ev of events) b.event(ev);
  if (!b.has('reasoning')) placeStoredReasoning(b, run, messages, events);
  appendUnseenTools(b, run, seenCalls(b.events));
  placePausedSteps(b.events, run, (t) => b.base(t));
  placeStepRequirements(b, run);
  appendStepResults(b, run, true);
  appendFinalContent(b, run, !b.perRequestTokens && !b.events.some((e) => e.tokens));
}

function seenCalls(events: SessionEvent[]): Set<string> {
  const seen = new Set<string>();
  for (const e of events)
    if ((e.kind === 'tool_call' || e.kind === 'tool_result' || e.kind === 'pending_input') && e.callId) seen.add(e.callId);
  return seen;
}

// ---- workflow steps ----------------------------------------------------------------------------

interface StepResult {
  step_name?: string;
  step_id?: string;
  executor_type?: string;
  executor_name?: string;
  step_run_id?: string;
  content?: unknown;
  success?: boolean;
  error?: unknown;
}

function stepResults(run: AgnoRun): StepResult[] {
  return (run.step_results ?? [])
    .flatMap((r): unknown[] => (Array.isArray(r) ? r : [r]))
    .filter((r): r is StepResult => !!r && typeof r === 'object');
}

/**
 * A workflow run's `step_results` (StepOutput.to_dict): a failed step's error is an error of the
 * run; without stored events (which say the same with StepCompleted / StepError) each step's
 * output is shown too — a function step has no executor run, so this is the only place its output is.
 */
function appendStepResults(b: RunBuilder, run: AgnoRun, withEvents: boolean): void {
  const errors = new Set(b.events.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.message : '')));
  for (const r of stepResults(run)) {
    const name = typeof r.step_name === 'string' && r.step_name ? r.step_name : 'step';
    const error = r.error === undefined || r.error === null || r.error === '' ? undefined : textOf(r.error);
    if (r.success === false || error) {
      const message = `${name}: ${error ?? 'the step failed'}`;
      if (!errors.has(message)) b.push({ ...b.base(run.created_at), kind: 'error', message, raw: r });
    } else if (!withEvents) {
      b.push(
        otherEvent(r as Record<string, unknown>, 'StepResult', b.base(run.created_at), r.content == null ? undefined : textOf(r.content)),
      );
    }
  }
}

// ---- runs --------------------------------------------------------------------------------------

function runProviderTotals(run: AgnoRun): Totals | undefined {
  const m = run.metrics;
  if (!m) return undefined;
  const tokens = metricsTokens(m);
  // The run's wall time as agno measured it: shown beside the computed sum of its steps.
  const latencyMs = secondsToMs(m.duration);
  const ttft = secondsToMs(m.time_to_first_token);
  if (!tokens && latencyMs === undefined && m.cost == null && ttft === undefined) return undefined;
  const t: Totals = { tokens: tokens ?? {} };
  if (typeof m.cost === 'number') t.costUsd = m.cost;
  if (latencyMs !== undefined) t.latencyMs = latencyMs;
  if (ttft !== undefined) t.timeToFirstTokenMs = ttft;
  return t;
}

interface ModelDefault {
  /** Whose model this is: only that agent's (or team's) own runs inherit it. */
  type: 'agent' | 'team';
  componentId?: string;
  model?: string;
  provider?: string;
}

function inherits(run: AgnoRun, fallback: ModelDefault | undefined): fallback is ModelDefault {
  if (!fallback || run.workflow_id) return false;
  if (fallback.type === 'team') return !!run.team_id && run.team_id === fallback.componentId;
  return (!run.agent_id || run.agent_id === fallback.componentId) && !run.team_id;
}

/**
 * Whether a run's stored events tell it from the start. agno logs a streamed run whole (from
 * RunStarted); of a run it did not stream it keeps only the pause and what followed a continue,
 * so such a log starts at a pause or a continue.
 */
function isWholeLog(events: AgnoRunEvent[]): boolean {
  if (events.some((ev) => agnoEventName(ev.event) === 'RunStarted')) return true;
  const first = agnoEventName(events[0]?.event);
  return !!events.length && !/(Paused|Continued)$/.test(first);
}

/** Events whose content a run's messages (and tools) hold too: from a partial log they would repeat it (and its tokens). */
const SAID_BY_MESSAGES = new Set([
  'RunContent',
  'RunContentCompleted',
  'RunIntermediateContent',
  'ToolCallStarted',
  'ToolCallCompleted',
  'ToolCallError',
  'ModelRequestStarted',
  'ModelRequestCompleted',
  'ReasoningStarted',
  'ReasoningStep',
  'ReasoningCompleted',
  'ReasoningContentDelta',
  'RunCompleted',
]);

function runEvents(run: AgnoRun, events: AgnoRunEvent[], fallback?: ModelDefault, id = run.run_id): SessionEvent[] {
  const requests = ownMessages(run)
    .filter((m) => m.role === 'assistant' || m.role === 'model')
    .map((m) => m.metrics);
  const b = new AgnoRunReducer(id, { tools: toolsById(run), requests, placesReasoning: true });
  // AgentOS's run schemas have no model: agno's metrics name it, else the session's component data does.
  const measured = metricsModel(run.metrics);
  const inherited = inherits(run, fallback) ? fallback : undefined;
  b.model = run.model ?? measured?.id ?? inherited?.model;
  b.provider = run.model_provider ?? measured?.provider ?? inherited?.provider;
  // A run logged whole starts with RunStarted; agno keeps only the pause (and what followed a
  // continue) of a run it did not stream: then the messages tell the run, and of those events
  // the ones the messages do not already say follow.
  if (isWholeLog(events)) fromEvents(b, run, events);
  else
    fromMessages(
      b,
      run,
      events.filter((ev) => !SAID_BY_MESSAGES.has(agnoEventName(ev.event))),
    );
  return b.events;
}

/**
 * Maps a validated run with the events that are its own; `title` labels member and step runs,
 * `agentName` says whose they are (the breakdown counts a member's figures for the member).
 */
function mapValidRun(
  run: AgnoRun,
  events: AgnoRunEvent[],
  title?: string,
  fallback?: ModelDefault,
  agentName?: string,
  id = run.run_id,
): Omit<Run, 'totals'> {
  const mapped = runEvents(run, events, fallback, id);
  // Each stored event keeps its payload as raw, and so does each message when the messages made
  // the events; a run built from its events shows only some of its messages (system, user), and
  // messages replayed from history are not shown, so then its raw keeps them all.
  const { messages, events: _e, ...rest } = run;
  const raw: Record<string, unknown> = messages && (events.length || messages.some((m) => m.from_history)) ? { ...rest, messages } : rest;
  const out: Omit<Run, 'totals'> = { id, events: mapped, raw };
  if (title) out.title = title;
  setIf(out, 'agentName', agentName);
  setIf(out, 'createdAt', toIso(run.created_at));
  setIf(out, 'model', run.model ?? metricsModel(run.metrics)?.id ?? mapped.find((e) => e.model)?.model);
  setIf(out, 'status', run.status);
  setIf(out, 'providerTotals', runProviderTotals(run));
  return out;
}

/**
 * One run of `GET /sessions/{id}/runs` (or `/runs/{run_id}`, or a non-streamed agent run). Events
 * of other runs it holds (a member's, a step's) are kept in view as they are, never counted in it.
 */
export function mapAgnoRun(run: unknown): Run {
  const valid = parseOrThrow(AgnoRunSchema, run, 'Agno', 'a run');
  const own = (valid.events ?? []).filter((ev) => runOf(ev, valid.run_id) === valid.run_id);
  const mapped = mapValidRun(valid, own);
  const foreign = (valid.events ?? []).filter((ev) => runOf(ev, valid.run_id) !== valid.run_id);
  foreign.forEach((ev, i) =>
    mapped.events.push(otherEvent(ev, ev.event ?? 'unknown', { id: `${valid.run_id}:held-${i}`, runId: valid.run_id })),
  );
  return { ...mapped, totals: computeTotals(mapped.events) };
}

/** One stored or streamed event on its own (a RunContent chunk maps to an assistant message holding that chunk). */
export function mapAgnoRunEvent(raw: unknown, runId: string, index = 0): SessionEvent {
  const ev = parseOrThrow(AgnoRunEventSchema, raw, 'Agno', 'an event');
  const b = new AgnoRunReducer(ev.run_id || runId, {}, undefined, index);
  b.event(ev);
  return b.events[0] ?? otherEvent(ev, ev.event ?? 'unknown', b.base(ev.created_at));
}

function whoRan(run: AgnoRun, names?: ReadonlyMap<string, string>): string | undefined {
  const id = run.agent_id ?? run.team_id ?? undefined;
  return run.agent_name ?? run.team_name ?? (id ? names?.get(id) : undefined) ?? id;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The names agno gave the session's agents and teams, by id. AgentOS's RunSchema has no
 * agent_name, so a member run read back names only its id; its events, its team's requirements
 * (member_agent_name), a workflow's step results and requirements (executor_name) and the
 * provider's component lists (`known`) name it.
 */
function namesOf(runs: AgnoRun[], known?: ReadonlyMap<string, string>): Map<string, string> {
  const names = new Map<string, string>(known ?? []);
  const put = (id: unknown, name: unknown) => {
    if (typeof id === 'string' && id && typeof name === 'string' && name && !names.has(id)) names.set(id, name);
  };
  const visit = (run: unknown) => {
    if (!isRec(run)) return;
    put(run.agent_id, run.agent_name);
    put(run.team_id, run.team_name);
    for (const ev of Array.isArray(run.events) ? run.events.filter(isRec) : []) {
      put(ev.agent_id, ev.agent_name);
      put(ev.team_id, ev.team_name);
      for (const req of Array.isArray(ev.requirements) ? ev.requirements.filter(isRec) : [])
        put(req.member_agent_id, req.member_agent_name);
    }
    for (const req of Array.isArray(run.step_requirements) ? run.step_requirements.filter(isRec) : [])
      put(req.executor_id, req.executor_name);
    for (const list of [run.step_executor_runs, run.member_responses]) if (Array.isArray(list)) list.forEach(visit);
  };
  runs.forEach(visit);
  return names;
}

type Kind = 'member' | 'step';

interface Node {
  /** The run's id in the session: agno's run_id, made unique when the list repeats one. */
  key: string;
  run: AgnoRun;
  kind?: Kind;
  /** The events that are this run's own, wherever agno stored them. */
  events: AgnoRunEvent[];
  /** The run that holds this one (step_executor_runs, member_responses, events), when nested. */
  holder?: string;
}

/**
 * Every run of a session, nested ones included — a workflow's step executor runs, a team's
 * member_responses (a team step's members), runs known only from events held by another run —
 * each with the events that are its own.
 */
function collectRuns(runs: AgnoRun[]): Node[] {
  const nodes = new Map<string, Node>();
  const add = (run: AgnoRun, path: PropertyKey[], kind?: Kind, holder?: string) => {
    let key = run.run_id;
    if (nodes.has(key)) {
      // A nested copy of a run already listed is that run again, and so is a listed run already
      // seen nested (AgentOS lists a continued workflow's step run beside the workflow run that
      // holds it); two entries of the runs list with one id are two runs, both shown (the second
      // under an id of its own).
      if (path.length > 2 || nodes.get(key)!.holder) return;
      for (let k = 2; nodes.has(key); k++) key = `${run.run_id}#${k}`;
    }
    nodes.set(key, { key, run, kind, events: [], holder });
    const nested = (list: unknown[] | null | undefined, field: string, k: Kind) =>
      (list ?? []).forEach((raw, j) =>
        add(parseOrThrow(AgnoRunSchema, raw, 'Agno', 'a session', [...path, field, j]), [...path, field, j], k, key),
      );
    nested(run.step_executor_runs, 'step_executor_runs', 'step');
    nested(run.member_responses, 'member_responses', 'member');
  };
  runs.forEach((r, i) => add(r, ['runs', i]));
  // Route every stored event to its run. A run's own stored events win; else those held by the
  // first run that holds any (a workflow and its team step may both hold a member's events).
  const held = new Map<string, { holder: string; events: AgnoRunEvent[] }>();
  for (const node of [...nodes.values()]) {
    for (const ev of node.run.events ?? []) {
      const to = runOf(ev, node.run.run_id);
      if (to === node.run.run_id) {
        node.events.push(ev);
        continue;
      }
      const h = held.get(to) ?? { holder: node.run.run_id, events: [] };
      held.set(to, h);
      if (h.holder === node.run.run_id) h.events.push(ev);
    }
  }
  for (const [runId, h] of held) {
    let node = nodes.get(runId);
    if (!node) {
      // agno kept no run for it (a team step's member without member_responses): rebuilt from its events.
      const first = h.events[0];
      const ended = h.events.map((ev) => agnoEventName(ev.event));
      const run = parseOrThrow(
        AgnoRunSchema,
        {
          run_id: runId,
          parent_run_id: first.parent_run_id || h.holder,
          agent_id: first.agent_id,
          agent_name: first.agent_name,
          team_id: first.team_id,
          team_name: first.team_name,
          session_id: first.session_id,
          created_at: first.created_at,
          status: ended.includes('RunError')
            ? 'ERROR'
            : ended.includes('RunCompleted')
              ? 'COMPLETED'
              : ended.includes('RunCancelled')
                ? 'CANCELLED'
                : undefined,
        },
        'Agno',
        'a session',
        ['runs', h.holder, 'events'],
      );
      node = { key: runId, run, kind: nodes.get(h.holder)?.run.workflow_id ? 'step' : 'member', events: [], holder: h.holder };
      nodes.set(runId, node);
    }
    // agno stores a member's whole log in its team's run, and in the member's own run only what
    // followed a continue: the whole log (from RunStarted) wins.
    if (!node.events.length || (!isWholeLog(node.events) && isWholeLog(h.events))) node.events = h.events;
  }
  return [...nodes.values()];
}

function titleOf(node: Node, stepNames: Map<string, string>, names: ReadonlyMap<string, string>): string | undefined {
  const who = whoRan(node.run, names);
  if (node.kind === 'step' || (!node.kind && stepNames.has(node.run.run_id))) {
    const step = stepNames.get(node.run.run_id);
    const label = step ? `Step run "${step}"` : 'Step run';
    return who ? `${label}: ${who}` : label;
  }
  if (node.kind === 'member' || node.run.parent_run_id) return who ? `Member run: ${who}` : 'Member run';
  return undefined;
}

/**
 * Team sessions mix the leader's runs with its members' runs (parent_run_id = the leader's run);
 * workflow runs carry their steps' runs in step_executor_runs, a team step its members' runs.
 * The model has no nesting of runs, so a child run follows its parent directly and its title
 * says whose it is.
 */
function orderRuns(runs: AgnoRun[], fallback?: ModelDefault, known?: ReadonlyMap<string, string>): Array<Omit<Run, 'totals'>> {
  const nodes = collectRuns(runs);
  const names = namesOf(runs, known);
  const ids = new Set(nodes.map((n) => n.run.run_id));
  const stepNames = new Map<string, string>();
  for (const n of nodes)
    for (const r of stepResults(n.run))
      if (typeof r.step_run_id === 'string' && typeof r.step_name === 'string') stepNames.set(r.step_run_id, r.step_name);
  const children = new Map<string, Node[]>();
  const top: Node[] = [];
  for (const n of nodes) {
    const parent = n.run.parent_run_id;
    if (parent && parent !== n.run.run_id && ids.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(n);
      children.set(parent, list);
    } else top.push(n);
  }
  const out: Array<Omit<Run, 'totals'>> = [];
  const done = new Set<string>();
  const visit = (n: Node) => {
    if (done.has(n.key)) return;
    done.add(n.key);
    const title = titleOf(n, stepNames, names);
    out.push(mapValidRun(n.run, n.events, title, fallback, title ? whoRan(n.run, names) : undefined, n.key));
    for (const c of children.get(n.run.run_id) ?? []) visit(c);
  };
  top.forEach(visit);
  // A cycle of parent ids leaves runs unvisited: they are still shown.
  nodes.forEach(visit);
  liftPending(out, nodes);
  return out;
}

/**
 * A member's or a step executor's tool that waits for a person is continued through the run the
 * person started (the team's, the workflow's: AgentOS's /continue routes take that run), so its
 * pending step is shown there, once: moved up from the nested run, or — when the top run reported
 * the same call itself (TeamRunPaused's requirements, the workflow's step requirements) — merged
 * into that one, which then learns from the nested run's tools how the pause was resolved.
 */
function pausedHere(step: SessionEvent & { kind: 'pending_input' }): SessionEvent {
  const raw = isRec(step.raw) ? step.raw : { tool: step.raw };
  const type = typeof raw.event === 'string' && raw.event ? raw.event : 'Paused';
  const { id, runId, timestamp, timeMs } = step;
  const base: Parameters<typeof otherEvent>[2] = { id, runId };
  setIf(base, 'timestamp', timestamp);
  setIf(base, 'timeMs', timeMs);
  return otherEvent(raw, type, base, `${step.name} waits for a person: answered on the run that was started (the team's or workflow's).`);
}

function liftPending(out: Array<Omit<Run, 'totals'>>, nodes: Node[]): void {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const byRunId = new Map(nodes.map((n) => [n.run.run_id, n]));
  const upOf = (n: Node): Node | undefined => {
    const p = n.run.parent_run_id;
    return (p && p !== n.run.run_id ? byRunId.get(p) : undefined) ?? (n.holder ? byKey.get(n.holder) : undefined);
  };
  const topOf = (n: Node): Node => {
    let at = n;
    for (let i = 0, up = upOf(at); up && i < nodes.length; i++, up = upOf(at)) at = up;
    return at;
  };
  const runs = new Map(out.map((r) => [r.id, r]));
  for (const n of nodes) {
    const top = topOf(n);
    if (top === n) continue;
    const from = runs.get(n.key);
    const to = runs.get(top.key);
    if (!from || !to) continue;
    const lifted = from.events.filter((e): e is SessionEvent & { kind: 'pending_input' } => e.kind === 'pending_input');
    if (!lifted.length) continue;
    // Where it was, the pause stays in view as agno reported it, pointing to where it is answered.
    from.events = from.events.map((e) => (e.kind === 'pending_input' ? pausedHere(e) : e));
    for (const step of lifted) {
      const same = step.callId
        ? to.events.find((e): e is SessionEvent & { kind: 'pending_input' } => e.kind === 'pending_input' && e.callId === step.callId)
        : undefined;
      if (same) {
        mergePending(same, { ...step, agentName: step.agentName ?? from.agentName });
        continue;
      }
      // Its place in the top run is its time: after the call that handed the work over, before
      // what the run did once continued.
      const moved = { ...step, runId: to.id, agentName: step.agentName ?? from.agentName } as SessionEvent;
      const at = moved.timeMs === undefined ? -1 : to.events.findIndex((e) => e.timeMs !== undefined && e.timeMs > moved.timeMs!);
      to.events.splice(at < 0 ? to.events.length : at, 0, moved);
    }
  }
}

/** Without runs: chat_history, cut into one run per user turn. */
function runsFromChatHistory(sessionId: string, history: AgnoMessage[], fallback?: ModelDefault): Array<Omit<Run, 'totals'>> {
  const runs: Array<Omit<Run, 'totals'>> = [];
  let b: RunBuilder | undefined;
  const seen = new Set<string>();
  const none = new Map<string, AgnoToolExecution>();
  const start = (time: unknown) => {
    const builder = new AgnoRunReducer(`${sessionId}:turn-${runs.length + 1}`);
    builder.model = fallback?.model;
    builder.provider = fallback?.provider;
    const run: Omit<Run, 'totals'> = { id: builder.runId, events: builder.events };
    setIf(run, 'createdAt', toIso(time));
    runs.push(run);
    return builder;
  };
  for (const m of history) {
    // A user message opens a turn, unless the turn so far holds only system messages.
    if (!b || (m.role === 'user' && b.events.some((e) => e.kind !== 'system_message'))) b = start(m.created_at);
    mapMessage(b, m, none, seen);
  }
  return runs;
}

function componentOf(d: AgnoSessionDetail): {
  type?: 'agent' | 'team' | 'workflow';
  id?: string;
  name?: string;
  model?: string;
  provider?: string;
} {
  const data = d.agent_data ?? d.team_data ?? d.workflow_data ?? undefined;
  const type =
    d.agent_id || d.agent_data ? 'agent' : d.team_id || d.team_data ? 'team' : d.workflow_id || d.workflow_data ? 'workflow' : undefined;
  return {
    type,
    id: d.agent_id ?? d.team_id ?? d.workflow_id ?? data?.agent_id ?? data?.team_id ?? data?.workflow_id ?? undefined,
    name: data?.name ?? d.workflow_name ?? undefined,
    model: data?.model?.id ?? data?.model?.name ?? undefined,
    provider: data?.model?.provider ?? undefined,
  };
}

/** Agent and team details carry `metrics`; workflow details carry `session_data.session_metrics`. */
function sessionMetrics(d: AgnoSessionDetail): AgnoMetrics | undefined {
  if (d.metrics) return d.metrics;
  const data = d.session_data;
  const m = data && typeof data === 'object' ? (data as { session_metrics?: unknown }).session_metrics : undefined;
  const parsed = AgnoMetricsSchema.safeParse(m);
  return parsed.success && parsed.data ? parsed.data : undefined;
}

function sessionProviderTotals(d: AgnoSessionDetail): Totals | undefined {
  const m = sessionMetrics(d);
  const tokens = metricsTokens(m) ?? (typeof d.total_tokens === 'number' ? { total: d.total_tokens } : undefined);
  if (!tokens) return undefined;
  const t: Totals = { tokens };
  if (typeof m?.cost === 'number') t.costUsd = m.cost;
  return t;
}

/** Whether `a` holds every value of `b` (objects field by field, anything else equal). */
function contains(a: unknown, b: unknown): boolean {
  if (b && typeof b === 'object' && !Array.isArray(b)) {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return false;
    const x = a as Record<string, unknown>;
    return Object.entries(b as Record<string, unknown>).every(([k, v]) => contains(x[k], v));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The chat_history messages the runs do not already hold: one is held when a run's message has
 * every field it has, with the same value (agno's chat_history is its runs' messages, some fields
 * left out; contents compare as the model's text).
 */
function historyBeyondRuns(history: AgnoMessage[], runs: AgnoRun[]): AgnoMessage[] {
  const key = (m: AgnoMessage) => `${m.role ?? ''}|${String(m.created_at ?? '')}|${textOf(m.content)}`;
  const byKey = new Map<string, AgnoMessage[]>();
  for (const r of runs) for (const m of r.messages ?? []) byKey.set(key(m), [...(byKey.get(key(m)) ?? []), m]);
  return history.filter((h) => !(byKey.get(key(h)) ?? []).some((m) => contains(m, h)));
}

/**
 * `GET /sessions/{id}?type=…` with, when fetched, `GET /sessions/{id}/runs`. Without runs (or
 * with none) the chat history stands in. Throws a ResponseShapeError naming a field that does not fit.
 */
export function mapAgnoSession(detail: unknown, runs: unknown[] | undefined, ctx: MapContext = {}): Session {
  const d = parseOrThrow(AgnoSessionDetailSchema, detail, 'Agno', 'a session');
  const validRuns = runs === undefined ? undefined : parseOrThrow(AgnoRunListSchema, runs, 'Agno', 'a session', ['runs']);
  const comp = componentOf(d);
  const fallback: ModelDefault | undefined =
    comp.type === 'agent' || comp.type === 'team'
      ? { type: comp.type, componentId: comp.id, model: comp.model, provider: comp.provider }
      : undefined;
  const mappedRuns =
    validRuns && validRuns.length
      ? orderRuns(validRuns, fallback, ctx.names)
      : runsFromChatHistory(d.session_id, d.chat_history ?? [], fallback);

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
  // chat_history repeats the runs' messages: only what it says beyond them is kept in the raw.
  const { chat_history: history, ...rest } = d;
  const raw: Record<string, unknown> = rest;
  if (validRuns?.length && history?.length) {
    const beyond = historyBeyondRuns(history, validRuns);
    if (beyond.length) raw.chat_history = beyond;
  }
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
  setIf(session, 'emptyReason', agnoEmptyReason(mappedRuns, validRuns, d.chat_history));
  const out = withTotals(session);
  explainProviderTotals(out, comp.type);
  return out;
}

/** What AgentOS's reply says about a session without events (undefined when it has some). */
function agnoEmptyReason(
  mapped: ReadonlyArray<Omit<Run, 'totals'>>,
  runs: readonly unknown[] | undefined,
  history: readonly unknown[] | null | undefined,
): string | undefined {
  if (mapped.some((r) => r.events.length)) return undefined;
  if (runs?.length) {
    const n = runs.length;
    return `AgentOS returned ${n === 1 ? 'one run' : `${n.toLocaleString('en-US')} runs`} for this session, ${n === 1 ? 'without' : 'none with'} messages or events.`;
  }
  if (history?.length) return 'AgentOS returned this session without runs, and its chat history holds no message that can be shown.';
  return 'AgentOS has no runs and no chat history stored for this session: it was created but never run, or its runs were not stored.';
}

// ---- why agno's session figure differs ------------------------------------------------------

const TOKEN_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning'] as const;
type Tokens = Totals['tokens'];

function plusTokens(a: Tokens, b: Tokens | undefined): Tokens {
  const out: Tokens = { ...a };
  for (const k of TOKEN_FIELDS) if (typeof b?.[k] === 'number') out[k] = (out[k] ?? 0) + b[k];
  return out;
}

function sameTokens(a: Tokens, b: Tokens): boolean {
  return TOKEN_FIELDS.every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

const describeTokens = (t: Tokens): string =>
  TOKEN_FIELDS.filter((k) => t[k])
    .map((k) => `${t[k]} ${k === 'cacheRead' ? 'cache read' : k === 'cacheWrite' ? 'cache write' : k}`)
    .join(', ') || 'no tokens';

/**
 * When agno's session figure (its session metrics) and the sum of the events differ, and what
 * agno is known to count explains the difference to the token, says so beside its figure
 * (providerTotals.counted). Seen with AgentOS 3.1.10:
 * - a workflow's session metrics add each step's own run (its agent, its team's leader) but not
 *   the runs of a team step's members, which the events count;
 * - a run paused for a person and continued: agno adds the run's metrics when it pauses and the
 *   whole run's again when it completes, so the requests before the pause count twice.
 */
function explainProviderTotals(session: Session, type: string | undefined): void {
  const reported = session.providerTotals;
  if (!reported || sameTokens(session.totals.tokens, reported.tokens)) return;
  const ours = session.totals.tokens;
  const notes: string[] = [];
  let expected: Tokens = ours;
  if (type === 'workflow') {
    // Member runs: a team step's members (titled so by orderRuns), not the step runs themselves.
    const members = session.runs.filter((r) => r.title?.startsWith('Member run'));
    let left: Tokens = {};
    for (const r of members) left = plusTokens(left, r.totals.tokens);
    if (members.length && TOKEN_FIELDS.some((k) => left[k])) {
      expected = Object.fromEntries(TOKEN_FIELDS.map((k) => [k, (expected[k] ?? 0) - (left[k] ?? 0)])) as Tokens;
      notes.push(
        `Agno's session figure counts the workflow's steps (each step's agent or team leader) but not the ${members.length} runs of a team step's members (${describeTokens(left)}), which the events count.`,
      );
    }
  }
  let again: Tokens = {};
  for (const r of session.runs) {
    const at = r.events.findIndex((e) => e.kind === 'other' && /^(Team)?RunContinued$/.test(e.type));
    if (at < 0) continue;
    for (const e of r.events.slice(0, at)) if (e.kind === 'model_call') again = plusTokens(again, e.tokens);
  }
  if (TOKEN_FIELDS.some((k) => again[k])) {
    expected = plusTokens(expected, again);
    notes.push(
      `Agno's session figure counts the requests made before a run paused for a person twice (when it paused, and again when it completed): ${describeTokens(again)} more; the runs' own figures and the events count them once.`,
    );
  }
  if (notes.length && sameTokens(expected, reported.tokens)) session.providerTotals = { ...reported, counted: notes.join(' ') };
}

// ---- agents and session lists ------------------------------------------------------------------

/** An item of `GET /agents` (or `/teams`, `/workflows`: pass the type, or let members/steps tell). */
export function mapAgnoAgent(json: unknown, type?: 'agent' | 'team' | 'workflow'): Agent {
  const a = parseOrThrow(AgnoComponentSchema, json, 'Agno', 'an agent');
  const id = a.id ?? a.agent_id ?? a.team_id ?? a.workflow_id;
  if (!id) throw new ResponseShapeError('Agno', 'an agent', 'id', 'missing (the agent has no id)');
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
  return summaryOf(parseOrThrow(AgnoSessionRowSchema, row, 'Agno', 'a session list'), agentId);
}

/** `GET /sessions?component_id=…&page=…` → a page whose cursor is the next page number. */
export function mapAgnoSessionPage(json: unknown, agentId: string): Page<SessionSummary> {
  const page = parseOrThrow(AgnoSessionListSchema, json, 'Agno', 'a session list');
  const items = page.data.map((row) => summaryOf(row, agentId));
  const current = page.meta?.page ?? 1;
  const pages = page.meta?.total_pages;
  const result: Page<SessionSummary> = { items };
  if (typeof pages === 'number' && current < pages && items.length) result.nextCursor = String(current + 1);
  return result;
}
