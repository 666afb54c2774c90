// One reducer for agno's run events, used by the stored path (map.ts: a run's `events`, which
// agno writes when store_events=True and for every run started through AgentOS's streaming route)
// and the streamed path (stream.ts: POST /…/runs with stream=true), so the two cannot drift.
//
// agno stores a team member's events, and a workflow step's, inside the leader's or the
// workflow's run: each event names its own run in `run_id`. `runOf` says which run an event is
// about; a reducer is fed only its own run's events (map.ts groups them, stream.ts keeps one
// reducer per run it sees), so a member's RunCompleted never ends the leader, a member's text is
// never the team's answer and a member's tokens are never counted in the leader's run.
//
// Each model request (ModelRequestStarted … ModelRequestCompleted) is one `model_call` event, at
// the place it started, holding the request's tokens; the run's totals then count tokens on model
// calls only. agno's request events carry no cost: the run's cost stays on its answer unless the
// stored messages price each request.
//
// What each figure means (see src/model/totals.ts): an event's latencyMs is that step's own
// duration (a tool's execution, a model request's), never the run's wall time, which agno reports
// in the run's metrics and the run shows as the provider's figure.
import type { SessionEvent } from '../../model';
import { otherEvent, setTime, textOf } from '../mapping';
import { foldResult } from './mergeToolResults';
import { metricsCost, metricsTokens, requestTokens, secondsToMs } from './metrics';
import { mergePending, pausedEventSteps, stepPausedSteps, type PendingBody } from './paused';
import type { AgnoMetrics, AgnoRunEvent, AgnoToolExecution } from './schema';

type Of<K extends SessionEvent['kind']> = Extract<SessionEvent, { kind: K }>;
type Base = { id: string; runId: string } & Partial<Omit<SessionEvent, 'kind' | 'id' | 'runId'>>;

/** How the run ended, as its events said it (undefined: they have not said). */
export type AgnoRunEnd = 'completed' | 'error' | 'cancelled' | 'paused';

/** Workflow runs start, end and fail with events of their own names. */
const WORKFLOW_NAMES: Record<string, string> = {
  WorkflowStarted: 'RunStarted',
  WorkflowCompleted: 'RunCompleted',
  WorkflowError: 'RunError',
  WorkflowCancelled: 'RunCancelled',
  WorkflowPaused: 'RunPaused',
};

/** The event's name without its component prefix: team runs prefix every event with "Team"; workflows have their own. */
export function agnoEventName(name: string | null | undefined): string {
  const n = name ?? '';
  return WORKFLOW_NAMES[n] ?? (n.startsWith('Team') ? n.slice(4) : n);
}

/** The run an event is about: its own `run_id`, else the run that holds it. */
export function runOf(ev: { run_id?: string | null }, holder: string): string {
  return typeof ev.run_id === 'string' && ev.run_id ? ev.run_id : holder;
}

/** Fields every streamed event carries; a RunContent chunk with nothing else says nothing. */
const ENVELOPE = new Set([
  'created_at',
  'event',
  'agent_id',
  'agent_name',
  'team_id',
  'team_name',
  'run_id',
  'parent_run_id',
  'session_id',
  'nested_depth',
  'workflow_agent',
  'content_type',
  'content',
  'reasoning_content',
  'model',
  'model_provider',
  'workflow_id',
  'workflow_name',
  'workflow_run_id',
  'step_id',
  'step_name',
  'step_index',
  'parent_step_id',
]);

function hasMore(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const o = raw as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (ENVELOPE.has(k) || v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length) continue;
    return true;
  }
  return false;
}

function stripNullish<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== null && o[k] !== undefined) out[k] = o[k];
  return out;
}

function setIf<T extends object, K extends keyof T>(o: T, key: K, v: T[K] | undefined | null): void {
  if (v !== undefined && v !== null) o[key] = v;
}

/** What a stored run knows beyond its events: its ToolExecutions, its own model requests (assistant messages). */
export interface RunFacts {
  tools?: Map<string, AgnoToolExecution>;
  /** The metrics of the run's own assistant messages, one per model request, in order. */
  requests?: Array<AgnoMetrics | null | undefined>;
  /** The caller places run-level reasoning itself once every event is read (stored runs: map.ts). */
  placesReasoning?: boolean;
  /**
   * Where this run's pauses are shown: a member's or a step executor's tool waits on the run the
   * person continues (the team's, the workflow's), so its pending step goes there, once (stream.ts).
   */
  pausesTo?: AgnoRunReducer;
}

/**
 * The events of one run, built event by event. Agno events and messages have no ids of their own:
 * the reducer numbers them `${runId}:${n}`. `onChange` hears every event added or changed (the
 * stream delivers those); events are never mutated deeper than their own fields, so a shallow
 * copy of one is a faithful snapshot.
 */
export class AgnoRunReducer {
  readonly events: SessionEvent[] = [];
  model?: string;
  provider?: string;
  end?: AgnoRunEnd;
  /** Some model request reported tokens: the run total on RunCompleted must not be counted again. */
  perRequestTokens = false;
  private perRequestCost = false;
  private requestIndex = 0;
  private answer?: Of<'assistant_message'>;
  /** The model request started and not yet completed (ModelRequestStarted … Completed). */
  private call?: Of<'model_call'>;
  private thinking?: Of<'reasoning'>;
  private reasoningSinceStart = false;
  private readonly calls = new Map<string, Of<'tool_call'>>();
  private readonly results = new Map<string, Of<'tool_result'>>();
  private readonly rawLists = new Map<Of<'tool_result'>, unknown[]>();
  /** An answer's payloads when RunCompleted (once or more) repeated it: all shown as its raw JSON. */
  /** The payloads an event was seen in, where it was seen more than once (Show raw JSON shows them all). */
  private readonly repeatRaws = new Map<SessionEvent, unknown[]>();

  constructor(
    readonly runId: string,
    private readonly facts: RunFacts = {},
    private readonly onChange?: (e: SessionEvent) => void,
    private n = 0,
  ) {}

  base(time: unknown, withModel = false): Base {
    const b: Base = { id: `${this.runId}:${this.n++}`, runId: this.runId };
    setTime(b, time);
    if (withModel) {
      if (this.model) b.model = this.model;
      if (this.provider) b.provider = this.provider;
    }
    return b;
  }

  push<E extends SessionEvent>(e: E): E {
    this.events.push(e);
    this.onChange?.(e);
    return e;
  }

  has(kind: SessionEvent['kind']): boolean {
    return this.events.some((e) => e.kind === kind);
  }

  private touch(e: SessionEvent): void {
    this.onChange?.(e);
  }

  /** The ToolExecution of an event, completed from the run's own list (which has arguments and metrics). */
  private toolOf(ev: AgnoRunEvent): AgnoToolExecution | undefined {
    const t = ev.tool ?? undefined;
    const id = t?.tool_call_id;
    const listed = id ? this.facts.tools?.get(id) : undefined;
    return listed && t ? { ...listed, ...stripNullish(t) } : (t ?? listed);
  }

  /** One event of this run (its `raw` is what "Show raw JSON" shows). */
  event(ev: AgnoRunEvent, raw: unknown = ev): void {
    const name = agnoEventName(ev.event);
    // Any other event ends the text being streamed (chunks after a tool call are a new message).
    if (name !== 'RunContent') this.answer = undefined;
    if (name !== 'RunContent' && name !== 'ReasoningContentDelta') this.thinking = undefined;
    const time = ev.created_at;
    switch (name) {
      case 'RunStarted':
        if (ev.model) this.model = ev.model;
        if (ev.model_provider) this.provider = ev.model_provider;
        break;
      case 'RunContent': {
        const thought = typeof ev.reasoning_content === 'string' ? ev.reasoning_content : '';
        const chunk = typeof ev.content === 'string' ? ev.content : ev.content != null ? textOf(ev.content) : '';
        if (thought) this.think(thought, time, raw);
        if (chunk) this.write(chunk, time, raw);
        if (thought || chunk || !hasMore(raw)) return;
        break;
      }
      case 'ReasoningContentDelta':
        if (ev.reasoning_content) this.think(ev.reasoning_content, time, raw);
        return;
      case 'ReasoningStarted':
        this.reasoningSinceStart = false;
        break;
      case 'ReasoningStep': {
        const text = ev.reasoning_content || textOf(ev.content);
        if (!text.trim()) break;
        this.reasoningSinceStart = true;
        this.push({ ...this.base(time, true), kind: 'reasoning', text, raw });
        return;
      }
      case 'ReasoningCompleted':
        if (this.reasoningSinceStart || ev.content == null) break;
        this.push({ ...this.base(time, true), kind: 'reasoning', text: textOf(ev.content), raw });
        return;
      case 'ToolCallStarted': {
        const t = this.toolOf(ev);
        if (!t) break;
        this.toolCall(t, time, raw);
        return;
      }
      case 'ToolCallCompleted':
      case 'ToolCallError': {
        const t = this.toolOf(ev);
        if (!t && name === 'ToolCallCompleted') break;
        // agno 3.1.10 reports a failing tool as ToolCallCompleted (tool_call_error) then ToolCallError: one result.
        const failed = name === 'ToolCallError' || t?.tool_call_error === true;
        const result = name === 'ToolCallError' ? (ev.error ?? t?.result ?? null) : (t?.result ?? ev.content ?? null);
        this.toolResult(t ?? {}, time, result, failed, raw);
        return;
      }
      case 'ModelRequestStarted':
        this.call = this.push({ ...this.base(time), kind: 'model_call', raw: [raw] } as Of<'model_call'>);
        setIf(this.call, 'model', ev.model ?? this.model);
        setIf(this.call, 'provider', ev.model_provider ?? this.provider);
        return;
      case 'ModelRequestCompleted':
        this.requestCompleted(ev, time, raw);
        return;
      case 'RunCompleted':
        this.end = 'completed';
        if (this.completed(ev, raw)) return;
        break;
      case 'RunError': {
        this.end = 'error';
        const message = textOf(ev.content) || textOf(ev.error) || ev.error_type || 'The run failed';
        const e = { ...this.base(time), kind: 'error', message, raw } as Of<'error'>;
        setIf(e, 'code', ev.error_type);
        this.push(e);
        this.markLastAnswerInterrupted();
        return;
      }
      case 'StepError': {
        // A workflow step that failed: its error, as an error of the workflow run.
        const message = textOf(ev.error) || textOf(ev.content) || 'The step failed';
        const step = (raw as { step_name?: unknown } | undefined)?.step_name;
        this.push({
          ...this.base(time),
          kind: 'error',
          message: typeof step === 'string' && step ? `${step}: ${message}` : message,
          raw,
        } as Of<'error'>);
        return;
      }
      case 'RunCancelled':
        this.end = 'cancelled';
        this.markLastAnswerInterrupted();
        break;
      case 'RunPaused':
      case 'StepPaused':
      case 'StepExecutorPaused': {
        if (name === 'RunPaused') this.end = 'paused';
        // What it waits for, as pending steps (paused.ts); a pause naming no tool stays as is.
        const rec = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : (ev as Record<string, unknown>);
        const steps =
          name === 'RunPaused'
            ? pausedEventSteps(rec, this.facts.tools ? [...this.facts.tools.values()] : undefined)
            : stepPausedSteps(name === 'StepExecutorPaused' ? { ...rec, requires_executor_input: true } : rec);
        const to = this.facts.pausesTo;
        if (to && to !== this) {
          // Shown on the run the person continues; here the pause stays in view as it came.
          for (const step of steps) to.pending(step, time, raw);
          break;
        }
        for (const step of steps) this.pending(step, time, raw);
        if (steps.length) return;
        break;
      }
    }
    // Everything else (RunStarted, model requests, step and memory events, hooks, custom events…) as is.
    const text = typeof ev.content === 'string' ? ev.content : (ev.reason ?? undefined);
    const e = otherEvent(ev, ev.event || name || 'unknown', this.base(time), text ?? undefined);
    e.raw = raw;
    this.push(e);
  }

  /**
   * ModelRequestCompleted completes the model call its Started opened (one model_call event, both
   * payloads as raw), or stands alone when agno sent no Started. Its tokens are the request's own;
   * its duration and cost, which the event lacks, come from the assistant message the request
   * produced (stored runs: `facts.requests`, in order).
   */
  private requestCompleted(ev: AgnoRunEvent, time: unknown, raw: unknown): void {
    const open = this.call;
    this.call = undefined;
    const e = open ?? ({ ...this.base(time), kind: 'model_call', raw: [] } as Of<'model_call'>);
    e.raw = [...(Array.isArray(e.raw) ? (e.raw as unknown[]) : []), raw];
    const tokens = requestTokens(ev);
    if (tokens) {
      e.tokens = tokens;
      this.perRequestTokens = true;
    }
    const own = this.facts.requests?.[this.requestIndex++];
    const cost = metricsCost(own);
    if (cost !== undefined) {
      e.costUsd = cost;
      this.perRequestCost = true;
    }
    setIf(e, 'latencyMs', secondsToMs(own?.duration));
    setIf(e, 'timeToFirstTokenMs', secondsToMs(ev.time_to_first_token ?? own?.time_to_first_token));
    setIf(e, 'model', ev.model ?? e.model ?? this.model);
    setIf(e, 'provider', ev.model_provider ?? e.provider ?? this.provider);
    if (open) this.touch(e);
    else this.push(e);
  }

  /**
   * One pending step: a second report of the same call (the team's TeamRunPaused after its
   * member's RunPaused, a workflow's requirement after its executor's pause) completes the first
   * instead of showing it twice.
   */
  pending(step: PendingBody, time: unknown, raw: unknown): void {
    const same = step.callId
      ? this.events.find((e): e is Of<'pending_input'> => e.kind === 'pending_input' && e.callId === step.callId)
      : undefined;
    if (same) {
      mergePending(same, step);
      this.touch(same);
      return;
    }
    this.push({ ...this.base(time), ...step, raw } as SessionEvent);
  }

  /** The stream stopped before the run ended: the answer being written was cut short. */
  interrupt(): void {
    this.markLastAnswerInterrupted();
  }

  private write(chunk: string, time: unknown, raw: unknown): void {
    if (this.answer) {
      this.answer.text += chunk;
      this.touch(this.answer);
      return;
    }
    this.answer = this.push({ ...this.base(time, true), kind: 'assistant_message', text: chunk, raw } as Of<'assistant_message'>);
  }

  private think(chunk: string, time: unknown, raw: unknown): void {
    this.reasoningSinceStart = true;
    if (this.thinking) {
      this.thinking.text += chunk;
      this.touch(this.thinking);
      return;
    }
    this.thinking = this.push({ ...this.base(time, true), kind: 'reasoning', text: chunk, raw } as Of<'reasoning'>);
  }

  private toolCall(t: AgnoToolExecution, time: unknown, raw: unknown): void {
    const id = t.tool_call_id ?? undefined;
    const seen = id ? this.calls.get(id) : undefined;
    if (seen) {
      // Started twice (a confirmation, a retry): the latest arguments win.
      if (t.tool_args !== undefined && t.tool_args !== null) seen.arguments = t.tool_args;
      this.seenAgain(seen, raw);
      this.touch(seen);
      return;
    }
    const e = {
      ...this.base(time),
      kind: 'tool_call',
      name: t.tool_name || 'tool',
      arguments: t.tool_args ?? null,
      raw,
    } as Of<'tool_call'>;
    setIf(e, 'callId', id);
    setIf(e, 'parentCallId', t.parent_tool_call_id);
    this.push(e);
    if (id) this.calls.set(id, e);
  }

  private toolResult(t: Partial<AgnoToolExecution>, time: unknown, result: unknown, failed: boolean, raw: unknown): void {
    const id = t.tool_call_id ?? undefined;
    const seen = id ? this.results.get(id) : undefined;
    // A result folded into an earlier one takes no id of its own.
    const e = {
      ...(seen ? { id: seen.id, runId: this.runId } : this.base(time)),
      kind: 'tool_result',
      result: result ?? null,
      raw,
    } as Of<'tool_result'>;
    if (seen) setTime(e, time);
    setIf(e, 'name', t.tool_name ?? (id ? this.calls.get(id)?.name : undefined));
    setIf(e, 'callId', id);
    setIf(e, 'parentCallId', t.parent_tool_call_id);
    if (failed) e.isError = true;
    setIf(e, 'latencyMs', secondsToMs(t.metrics?.duration));
    if (seen) {
      // One call, one result: this one folds into the first (the error wins), every payload kept as raw.
      const list = [...(this.rawLists.get(seen) ?? [seen.raw]), raw];
      this.rawLists.set(seen, list);
      foldResult(seen, e);
      seen.raw = list;
      this.touch(seen);
      return;
    }
    this.push(e);
    if (id) this.results.set(id, e);
  }

  /** RunCompleted: its numbers go on the answer; its content is the answer when none streamed. True when nothing of it is left to show. */
  private completed(ev: AgnoRunEvent, raw: unknown): boolean {
    // Model requests that report tokens already carry them; agno's requests never carry a cost,
    // so the run's cost stays on the answer unless the run's messages gave each request its own.
    const tokens = this.perRequestTokens ? undefined : metricsTokens(ev.metrics);
    const cost = this.perRequestCost ? undefined : metricsCost(ev.metrics);
    if (!this.facts.placesReasoning && ev.reasoning_content && ev.reasoning_content.trim() && !this.has('reasoning')) {
      this.push({
        ...this.base(ev.created_at, true),
        kind: 'reasoning',
        text: ev.reasoning_content,
        raw: { reasoning_content: ev.reasoning_content },
      });
    }
    const answer = [...this.events].reverse().find((e): e is Of<'assistant_message'> => e.kind === 'assistant_message');
    if (!answer) {
      if (ev.content == null) {
        if (!tokens && cost === undefined) return false;
      } else {
        const e = {
          ...this.base(ev.created_at, true),
          kind: 'assistant_message',
          text: textOf(ev.content),
          raw,
        } as Of<'assistant_message'>;
        setIf(e, 'tokens', tokens);
        setIf(e, 'costUsd', cost);
        this.push(e);
        return true;
      }
      // Numbers without an answer to carry them: RunCompleted carries them itself.
      const e = otherEvent(ev, ev.event ?? 'RunCompleted', this.base(ev.created_at, true));
      setIf(e, 'tokens', tokens);
      setIf(e, 'costUsd', cost);
      e.raw = raw;
      this.push(e);
      return true;
    }
    if (tokens && !answer.tokens) answer.tokens = tokens;
    if (cost !== undefined && answer.costUsd === undefined) answer.costUsd = cost;
    this.touch(answer);
    // Its content repeats the answer: nothing left to show, but its payload (metrics, fields agno
    // adds later, a RunCompleted sent twice) stays in the answer's raw JSON. Anything else is kept in view.
    const repeats = ev.content == null || textOf(ev.content) === answer.text;
    if (repeats) this.seenAgain(answer, raw);
    return repeats;
  }

  /** An event reported again: its new payload joins the ones it was built from, none dropped. */
  private seenAgain(e: SessionEvent, raw: unknown): void {
    if (raw === e.raw) return;
    const list = [...(this.repeatRaws.get(e) ?? [e.raw]), raw];
    this.repeatRaws.set(e, list);
    e.raw = list;
  }

  private markLastAnswerInterrupted(): void {
    const last = [...this.events].reverse().find((e): e is Of<'assistant_message'> => e.kind === 'assistant_message');
    if (last && !last.interrupted) {
      last.interrupted = true;
      this.touch(last);
    }
  }
}
