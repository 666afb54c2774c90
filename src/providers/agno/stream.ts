// A run as AgentOS streams it (POST /agents/{id}/runs with stream=true: one server-sent event per
// RunOutputEvent, agno 3.1.10 agno/os/utils.py format_sse_event) → normalised events as they
// arrive. It follows what map.ts does with a run's stored events, so a streamed reply looks like
// the same run opened later, with what only the live stream has:
// - RunContent chunks (which agno does not store) grow one assistant message, and chunks carrying
//   `reasoning_content` grow one reasoning event; each growth is re-delivered under the same id;
// - a failing tool arrives as ToolCallCompleted (tool_call_error: true) and then ToolCallError:
//   one tool result, completed in place;
// - events of member agents (team runs) keep their own answer apart from the leader's.
// Anything unknown becomes an `other` event with all its fields; a data line that is not JSON too.
import type { SessionEvent } from '../../model';
import { otherEvent, setTime, textOf } from '../mapping';
import { metricsCost, metricsTokens, requestTokens, secondsToMs } from './metrics';
import { AgnoRunEventSchema, type AgnoRunEvent, type AgnoToolExecution } from './schema';

type Of<K extends SessionEvent['kind']> = Extract<SessionEvent, { kind: K }>;
type Base = { id: string; runId: string } & Partial<Omit<SessionEvent, 'kind' | 'id' | 'runId'>>;

/** How the run ended, as the stream said it (undefined: the stream has not said). */
export type AgnoRunEnd = 'completed' | 'error' | 'cancelled' | 'paused';

/** Workflow runs start, end and fail with events of their own names. */
const WORKFLOW_NAMES: Record<string, string> = {
  WorkflowStarted: 'RunStarted',
  WorkflowCompleted: 'RunCompleted',
  WorkflowError: 'RunError',
  WorkflowCancelled: 'RunCancelled',
};

/** Team runs prefix every event with "Team" (TeamRunStarted, TeamToolCallCompleted…). */
function eventName(name: string | null | undefined): string {
  const n = name ?? '';
  return WORKFLOW_NAMES[n] ?? (n.startsWith('Team') ? n.slice(4) : n);
}

/** Fields every streamed event carries; a RunContent chunk with nothing else says nothing. */
const ENVELOPE = new Set(['created_at', 'event', 'agent_id', 'agent_name', 'team_id', 'team_name', 'run_id', 'parent_run_id', 'session_id', 'nested_depth', 'workflow_agent', 'content_type', 'content', 'reasoning_content', 'model', 'model_provider', 'workflow_id', 'workflow_run_id', 'step_id', 'step_name', 'step_index']);

function hasMore(raw: Record<string, unknown>): boolean {
  for (const k in raw) {
    const v = raw[k];
    if (ENVELOPE.has(k) || v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length) continue;
    return true;
  }
  return false;
}

export class AgnoRunStream {
  /** The run's id (from RunStarted, else the first event that names one). */
  runId?: string;
  sessionId?: string;
  end?: AgnoRunEnd;
  private readonly list: SessionEvent[] = [];
  private n = 0;
  private model?: string;
  private provider?: string;
  /** The answer being streamed, per run (the leader's and each member's apart). */
  private readonly answers = new Map<string, Of<'assistant_message'>>();
  private thinking?: { source: string; event: Of<'reasoning'> };
  private readonly calls = new Map<string, Of<'tool_call'>>();
  private readonly results = new Map<string, Of<'tool_result'>>();
  private perRequestTokens = false;
  private reasoningSinceStart = false;
  private changed = new Set<SessionEvent>();

  /** `message` is what the user sent: the run's first event, as in a stored run. */
  constructor(private readonly message: string) {}

  /** Every event so far, as copies. */
  events(): SessionEvent[] {
    return this.list.map((e) => structuredClone(e));
  }

  /**
   * One server-sent event (its `event` field and its `data` text). Returns the events it added
   * or changed, as copies, in the order of the list.
   */
  push(sseEvent: string | undefined, data: string): SessionEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      // Not JSON (a proxy's text, a framework's error line): shown, not dropped.
      this.ensureStarted(undefined, undefined);
      this.add({ ...this.base(undefined), kind: 'other', type: sseEvent || 'message', text: data, fields: { data }, raw: data });
      return this.flush();
    }
    const raw = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : { data: json };
    const parsed = AgnoRunEventSchema.safeParse(raw);
    const name = eventName((parsed.success ? parsed.data.event : undefined) ?? sseEvent);
    if (!parsed.success) {
      this.ensureStarted(undefined, undefined);
      this.add(otherEvent(raw, sseEvent || String(raw.event ?? 'unknown'), this.base(raw.created_at)));
      return this.flush();
    }
    const ev = parsed.data;
    if (name === 'error' && !ev.event?.startsWith('Run')) {
      // AgentOS's own error frame (agno/os/utils.py sse_error_frame): `{ event: "error", error }`.
      this.ensureStarted(undefined, undefined);
      const message = textOf(ev.error) || 'The server reported an error';
      this.add({ ...this.base(ev.created_at), kind: 'error', message, raw });
      this.end ??= 'error';
      return this.flush();
    }
    this.map(name, ev, raw);
    return this.flush();
  }

  /**
   * The stream stopped before the run ended (Stop, or a dropped connection): the answer being
   * written is marked interrupted. Returns the events that changed.
   */
  interrupt(): SessionEvent[] {
    this.markLastAnswerInterrupted();
    return this.flush();
  }

  private flush(): SessionEvent[] {
    const out = this.list.filter((e) => this.changed.has(e)).map((e) => structuredClone(e));
    this.changed = new Set();
    return out;
  }

  private add<E extends SessionEvent>(e: E): E {
    this.list.push(e);
    this.changed.add(e);
    return e;
  }

  private touch(e: SessionEvent): void {
    this.changed.add(e);
  }

  private base(time: unknown, withModel = false): Base {
    const b: Base = { id: `${this.runId ?? 'run'}:${this.n++}`, runId: this.runId ?? 'run' };
    setTime(b, time);
    if (withModel) {
      if (this.model) b.model = this.model;
      if (this.provider) b.provider = this.provider;
    }
    return b;
  }

  /** The first event fixes the run id and puts the user's message first. */
  private ensureStarted(runId: string | null | undefined, time: unknown): void {
    if (this.runId === undefined && runId) this.runId = runId;
    if (this.n === 0 && this.list.length === 0) {
      this.add({ ...this.base(time), kind: 'user_message', text: this.message, raw: { run_input: this.message } });
    }
  }

  /** Events of the run itself, not of a member agent or a nested run. */
  private isOwn(ev: AgnoRunEvent): boolean {
    return !ev.run_id || !this.runId || ev.run_id === this.runId;
  }

  private map(name: string, ev: AgnoRunEvent, raw: Record<string, unknown>): void {
    if (name === 'RunStarted' && this.runId === undefined) {
      this.sessionId ??= ev.session_id ?? undefined;
      if (ev.model) this.model = ev.model;
      if (ev.model_provider) this.provider = ev.model_provider;
    }
    this.ensureStarted(ev.run_id, ev.created_at);
    this.sessionId ??= ev.session_id ?? undefined;
    const source = ev.run_id ?? this.runId ?? 'run';
    // Any other event ends the text being streamed, as in a stored run (chunks after a tool call
    // are a new message).
    if (name !== 'RunContent') this.answers.delete(source);
    if (name !== 'RunContent' && name !== 'ReasoningContentDelta') this.thinking = undefined;
    const time = ev.created_at;

    switch (name) {
      case 'RunContent': {
        const thought = typeof ev.reasoning_content === 'string' ? ev.reasoning_content : '';
        const chunk = typeof ev.content === 'string' ? ev.content : ev.content != null ? textOf(ev.content) : '';
        if (thought) this.think(source, thought, time, raw);
        if (chunk) this.write(source, chunk, time, raw);
        if (!thought && !chunk && hasMore(raw)) this.add(otherEvent(raw, ev.event ?? name, this.base(time)));
        return;
      }
      case 'ReasoningContentDelta':
        if (ev.reasoning_content) this.think(source, ev.reasoning_content, time, raw);
        return;
      case 'ReasoningStarted':
        this.reasoningSinceStart = false;
        break;
      case 'ReasoningStep': {
        const text = ev.reasoning_content || textOf(ev.content);
        if (!text.trim()) break;
        this.reasoningSinceStart = true;
        this.add({ ...this.base(time, true), kind: 'reasoning', text, raw });
        return;
      }
      case 'ReasoningCompleted':
        if (this.reasoningSinceStart || ev.content == null) break;
        this.add({ ...this.base(time, true), kind: 'reasoning', text: textOf(ev.content), raw });
        return;
      case 'ToolCallStarted': {
        const t = ev.tool;
        if (!t) break;
        this.toolCall(t, time, raw);
        return;
      }
      case 'ToolCallCompleted':
      case 'ToolCallError': {
        const t = ev.tool;
        if (!t && name === 'ToolCallCompleted') break;
        const failed = name === 'ToolCallError' || t?.tool_call_error === true;
        const result = name === 'ToolCallError' ? (ev.error ?? t?.result ?? null) : (t?.result ?? ev.content ?? null);
        this.toolResult(t ?? {}, time, result, failed, raw);
        return;
      }
      case 'ModelRequestCompleted': {
        const e = otherEvent(raw, ev.event ?? name, this.base(time));
        const tokens = requestTokens(ev);
        if (tokens) {
          e.tokens = tokens;
          this.perRequestTokens = true;
        }
        const model = ev.model ?? this.model;
        if (model) e.model = model;
        const provider = ev.model_provider ?? this.provider;
        if (provider) e.provider = provider;
        this.add(e);
        return;
      }
      case 'RunCompleted':
        if (!this.isOwn(ev)) break;
        this.end = 'completed';
        if (this.completed(ev, raw)) return;
        break;
      case 'RunError': {
        if (this.isOwn(ev)) this.end = 'error';
        const message = textOf(ev.content) || ev.error_type || 'The run failed';
        const e = { ...this.base(time), kind: 'error', message, raw } as Of<'error'>;
        if (ev.error_type) e.code = ev.error_type;
        this.add(e);
        // As map.ts does for a stored run that failed: its last answer was cut short.
        if (this.isOwn(ev)) this.markLastAnswerInterrupted();
        return;
      }
      case 'RunCancelled':
        if (this.isOwn(ev)) {
          this.end = 'cancelled';
          this.markLastAnswerInterrupted();
        }
        break;
      case 'RunPaused':
        if (this.isOwn(ev)) this.end = 'paused';
        break;
    }
    // Everything else (RunStarted, model requests, memory updates, hooks, custom events…) as is.
    const text = typeof ev.content === 'string' ? ev.content : (ev.reason ?? undefined);
    this.add(otherEvent(raw, ev.event ?? (name || 'unknown'), this.base(time), text ?? undefined));
  }

  private write(source: string, chunk: string, time: unknown, raw: Record<string, unknown>): void {
    const open = this.answers.get(source);
    if (open) {
      open.text += chunk;
      this.touch(open);
      return;
    }
    const e = this.add({ ...this.base(time, true), kind: 'assistant_message', text: chunk, raw } as Of<'assistant_message'>);
    this.answers.set(source, e);
  }

  private think(source: string, chunk: string, time: unknown, raw: Record<string, unknown>): void {
    this.reasoningSinceStart = true;
    if (this.thinking?.source === source) {
      this.thinking.event.text += chunk;
      this.touch(this.thinking.event);
      return;
    }
    const e = this.add({ ...this.base(time, true), kind: 'reasoning', text: chunk, raw } as Of<'reasoning'>);
    this.thinking = { source, event: e };
  }

  private toolCall(t: AgnoToolExecution, time: unknown, raw: Record<string, unknown>): void {
    const id = t.tool_call_id ?? undefined;
    const seen = id ? this.calls.get(id) : undefined;
    if (seen) {
      // Started twice (a confirmation, a retry): the latest arguments win.
      if (t.tool_args !== undefined && t.tool_args !== null) seen.arguments = t.tool_args;
      this.touch(seen);
      return;
    }
    const e = { ...this.base(time), kind: 'tool_call', name: t.tool_name || 'tool', arguments: t.tool_args ?? null, raw } as Of<'tool_call'>;
    if (id) e.callId = id;
    if (t.parent_tool_call_id) e.parentCallId = t.parent_tool_call_id;
    this.add(e);
    if (id) this.calls.set(id, e);
  }

  private toolResult(t: Partial<AgnoToolExecution>, time: unknown, result: unknown, failed: boolean, raw: Record<string, unknown>): void {
    const id = t.tool_call_id ?? undefined;
    const seen = id ? this.results.get(id) : undefined;
    const latency = secondsToMs(t.metrics?.duration);
    if (seen) {
      if (failed) seen.isError = true;
      if (result !== null && result !== undefined) seen.result = result;
      if (latency !== undefined) seen.latencyMs = latency;
      this.touch(seen);
      return;
    }
    const e = { ...this.base(time), kind: 'tool_result', result: result ?? null, raw } as Of<'tool_result'>;
    const name = t.tool_name ?? (id ? this.calls.get(id)?.name : undefined);
    if (name) e.name = name;
    if (id) e.callId = id;
    if (t.parent_tool_call_id) e.parentCallId = t.parent_tool_call_id;
    if (failed) e.isError = true;
    if (latency !== undefined) e.latencyMs = latency;
    this.add(e);
    if (id) this.results.set(id, e);
  }

  /** RunCompleted: its numbers go on the answer; its content is the answer when none streamed. True when nothing of it is left to show. */
  private completed(ev: AgnoRunEvent, raw: Record<string, unknown>): boolean {
    const tokens = this.perRequestTokens ? undefined : metricsTokens(ev.metrics);
    const cost = this.perRequestTokens ? undefined : metricsCost(ev.metrics);
    const latency = secondsToMs(ev.metrics?.duration);
    if (ev.reasoning_content && ev.reasoning_content.trim() && !this.list.some((e) => e.kind === 'reasoning')) {
      this.add({ ...this.base(ev.created_at, true), kind: 'reasoning', text: ev.reasoning_content, raw: { reasoning_content: ev.reasoning_content } });
    }
    const answer = [...this.list].reverse().find((e): e is Of<'assistant_message'> => e.kind === 'assistant_message' && e.runId === this.runId && !this.isMemberAnswer(e));
    if (!answer) {
      if (ev.content == null) return false;
      const e = { ...this.base(ev.created_at, true), kind: 'assistant_message', text: textOf(ev.content), raw } as Of<'assistant_message'>;
      if (tokens) e.tokens = tokens;
      if (cost !== undefined) e.costUsd = cost;
      if (latency !== undefined) e.latencyMs = latency;
      this.add(e);
      return true;
    }
    if (tokens && !answer.tokens) answer.tokens = tokens;
    if (cost !== undefined && answer.costUsd === undefined) answer.costUsd = cost;
    if (latency !== undefined && answer.latencyMs === undefined) answer.latencyMs = latency;
    this.touch(answer);
    // Its content repeats the streamed answer: nothing left to show. Anything else is kept in view.
    return ev.content == null || textOf(ev.content) === answer.text;
  }

  private isMemberAnswer(e: Of<'assistant_message'>): boolean {
    const from = (e.raw as { run_id?: unknown } | undefined)?.run_id;
    return typeof from === 'string' && !!this.runId && from !== this.runId;
  }

  private markLastAnswerInterrupted(): void {
    const last = [...this.list].reverse().find((e): e is Of<'assistant_message'> => e.kind === 'assistant_message');
    if (last && !last.interrupted) {
      last.interrupted = true;
      this.touch(last);
    }
  }
}
