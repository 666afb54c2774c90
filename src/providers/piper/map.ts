// Piper's session-events response and create response → the normalised model. One Piper run is one
// model turn; its events keep Piper's order. Kept lean on purpose: a session can hold 100,000 events,
// so each event is validated once (by the payload's compiled schema) and mapped without copies.
import type { Run, Session, SessionEvent, Totals } from '../../model';
import { toIso } from '../../model/time';
import { withTotals } from '../../model/totals';
import {
  detectLanguage,
  ensureUniqueIds,
  given,
  type MapContext,
  setTime,
  otherEvent,
  parseOrThrow,
  ResponseShapeError,
  textOf,
  titleFrom,
  tokenUsage,
} from '../mapping';
import {
  PiperCreateResponseSchema,
  PiperRunEventSchema,
  PiperSessionEventsSchema,
  type PiperRun,
  type PiperRunEvent,
  type PiperSessionInfo,
} from './schema';

type Kind = SessionEvent['kind'];

// Piper's seeds only show "user_message"; these are the names other platforms use for the same
// things, so an unannounced spelling still lands on the right kind.
const KIND_BY_TYPE: Record<string, Kind> = {
  user_message: 'user_message',
  user: 'user_message',
  user_input: 'user_message',
  assistant_message: 'assistant_message',
  assistant: 'assistant_message',
  agent_message: 'assistant_message',
  ai_message: 'assistant_message',
  response: 'assistant_message',
  system_message: 'system_message',
  system: 'system_message',
  reasoning: 'reasoning',
  thinking: 'reasoning',
  reasoning_step: 'reasoning',
  tool_call: 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  tool_result: 'tool_result',
  tool_response: 'tool_result',
  tool_output: 'tool_result',
  function_call_output: 'tool_result',
  code_execution: 'code_execution',
  code_interpreter: 'code_execution',
  code: 'code_execution',
  error: 'error',
};

const KIND_BY_ROLE: Record<string, Kind> = {
  user: 'user_message',
  assistant: 'assistant_message',
  system: 'system_message',
  tool: 'tool_result',
};

/** The event reports a failure: an error code or message that is given (not null, not ""). */
function failed(ev: PiperRunEvent): boolean {
  return given(ev.error_code) !== undefined || given(ev.error_message) !== undefined;
}

function kindOf(ev: PiperRunEvent): Kind {
  const type = ev.event_type ? ev.event_type.toLowerCase() : '';
  let kind: Kind | undefined = KIND_BY_TYPE[type];
  // A bare "message" (or no type at all) says who spoke through its role.
  if (!kind && (type === 'message' || type === '') && ev.role) kind = KIND_BY_ROLE[ev.role.toLowerCase()];
  if (kind === 'tool_call' && ev.code_executed) return 'code_execution';
  if (kind) return kind;
  if (ev.code_executed) return 'code_execution';
  if (failed(ev)) return 'error';
  return 'other';
}

type Base = { id: string; runId: string } & Partial<Omit<SessionEvent, 'kind' | 'id' | 'runId'>>;

/** The fields every kind shares; only defined values are set, so events stay small. */
function baseOf(ev: PiperRunEvent, runId: string, index: number): Base {
  const base: Base = { id: given(ev.id) ?? `${runId}:${index}`, runId };
  if (given(ev.created_at) !== undefined) setTime(base, ev.created_at);
  if (ev.latency_ms != null) base.latencyMs = ev.latency_ms;
  const tokens = tokenUsage(ev.input_tokens, ev.output_tokens, ev.cache_read_tokens, ev.cache_write_tokens);
  if (tokens) base.tokens = tokens;
  if (ev.cost_usd != null) base.costUsd = ev.cost_usd;
  if (ev.model_name) base.model = ev.model_name;
  if (ev.provider_name) base.provider = ev.provider_name;
  return base;
}

/** Arguments worth showing: given, and not an empty object or "". */
function hasArguments(args: unknown): boolean {
  if (args === null || args === undefined || args === '') return false;
  return typeof args !== 'object' || Array.isArray(args) || Object.keys(args).length > 0;
}

/** Maps one event that already passed PiperRunEventSchema (fileSlices.ts maps a file's events one by one with it). */
export function mapValidEvent(ev: PiperRunEvent, runId: string, index: number): SessionEvent {
  const kind = kindOf(ev);
  const base = baseOf(ev, runId, index);
  if (kind === 'other')
    return otherEvent(ev, given(ev.event_type) ?? 'unknown', base, typeof ev.content === 'string' ? ev.content : undefined);
  const e = base as Record<string, unknown>;
  e.kind = kind;
  e.raw = ev;
  switch (kind) {
    case 'user_message':
    case 'assistant_message':
    case 'system_message':
      e.text = textOf(ev.content);
      break;
    case 'reasoning':
      e.text = textOf(ev.content);
      if (ev.reasoning_effort) e.effort = ev.reasoning_effort;
      break;
    case 'tool_call':
      e.name = given(ev.tool_name) ?? 'tool';
      if (ev.tool_call_id) e.callId = ev.tool_call_id;
      if (ev.parent_tool_call_id) e.parentCallId = ev.parent_tool_call_id;
      e.arguments = ev.tool_arguments ?? null;
      break;
    case 'tool_result': {
      if (ev.tool_name) e.name = ev.tool_name;
      if (ev.tool_call_id) e.callId = ev.tool_call_id;
      if (ev.parent_tool_call_id) e.parentCallId = ev.parent_tool_call_id;
      const isError = failed(ev);
      const content = ev.content === '' ? undefined : ev.content;
      e.result = content ?? (isError ? given(ev.error_message) : undefined) ?? given(ev.printed_output) ?? null;
      if (isError) e.isError = true;
      break;
    }
    case 'code_execution': {
      const code = given(ev.code_executed) ?? textOf(ev.content);
      const hint = (ev as Record<string, unknown>).language;
      e.code = code;
      e.language = detectLanguage(code, typeof hint === 'string' ? hint : undefined);
      // A tool call that ran code keeps what it was called and with what.
      if (ev.tool_name) e.name = ev.tool_name;
      if (hasArguments(ev.tool_arguments)) e.arguments = ev.tool_arguments;
      if (ev.printed_output != null) e.output = ev.printed_output;
      if (ev.tool_call_id) e.callId = ev.tool_call_id;
      if (ev.parent_tool_call_id) e.parentCallId = ev.parent_tool_call_id;
      break;
    }
    case 'error': {
      const code = given(ev.error_code);
      if (code !== undefined) e.code = String(code);
      const message = given(ev.error_message) ?? (ev.content != null ? textOf(ev.content) : '');
      e.message = message || (code !== undefined ? `Error ${String(code)}` : 'Unknown error');
      break;
    }
  }
  return e as SessionEvent;
}

/** One RunEvent (from either route, or a stream) → a normalised event. */
export function mapPiperEvent(raw: unknown, runId: string, index = 0): SessionEvent {
  const ev = parseOrThrow(PiperRunEventSchema, raw, 'Piper', 'an event');
  return mapValidEvent(ev, given(ev.run_id) ?? runId, index);
}

function runTotals(run: PiperRun): Totals | undefined {
  const tokens = tokenUsage(run.total_input_tokens, run.total_output_tokens);
  if (!tokens && run.total_cost_usd == null && run.total_requests == null) return undefined;
  const t: Totals = { tokens: tokens ?? {} };
  if (run.total_cost_usd != null) t.costUsd = run.total_cost_usd;
  if (run.total_requests != null) t.requests = run.total_requests;
  return t;
}

/** The id a run is known by before ids are made unique: its own, its first event's run_id, or its place. */
export function runIdOf(run: Pick<PiperRun, 'id'>, events: readonly PiperRunEvent[] | null | undefined, index: number): string {
  return given(run.id) ?? events?.find((e) => e.run_id)?.run_id ?? `run-${index + 1}`;
}

/** A run without its events: what the header shows of it (its raw payload is the run without `events`). */
export function runFrame(run: PiperRun, id: string): Omit<Run, 'totals'> {
  const { events: _omit, ...rawRun } = run;
  const out: Omit<Run, 'totals'> = { id, events: [], raw: rawRun };
  const created = given(run.created_at);
  if (created !== undefined) out.createdAt = toIso(created) ?? String(created);
  if (run.model_name) out.model = run.model_name;
  const providerTotals = runTotals(run);
  if (providerTotals) out.providerTotals = providerTotals;
  return out;
}

function mapRun(run: PiperRun, index: number): Omit<Run, 'totals'> {
  const id = runIdOf(run, run.events, index);
  const src = run.events ?? [];
  const events = new Array<SessionEvent>(src.length);
  for (let i = 0; i < src.length; i++) events[i] = mapValidEvent(src[i], id, i);
  const out = runFrame(run, id);
  out.events = events;
  return out;
}

function sumProviderTotals(list: Array<Totals | undefined>): Totals | undefined {
  let sum: Totals | undefined;
  for (const t of list) {
    if (!t) continue;
    sum ??= { tokens: {} };
    for (const key of ['input', 'output'] as const) {
      const v = t.tokens[key];
      if (typeof v === 'number') sum.tokens[key] = (sum.tokens[key] ?? 0) + v;
    }
    if (typeof t.costUsd === 'number') sum.costUsd = (sum.costUsd ?? 0) + t.costUsd;
    if (typeof t.requests === 'number') sum.requests = (sum.requests ?? 0) + t.requests;
  }
  // A sum past what a number holds (Infinity) is no figure to show: it stays unknown.
  if (sum) {
    for (const key of ['input', 'output'] as const) if (!Number.isFinite(sum.tokens[key] ?? 0)) delete sum.tokens[key];
    if (!Number.isFinite(sum.costUsd ?? 0)) delete sum.costUsd;
    if (!Number.isFinite(sum.requests ?? 0)) delete sum.requests;
  }
  return sum;
}

const SESSION_FIELDS_HANDLED = new Set(['session_id', 'agent_id', 'is_test', 'title', 'created_at', 'updated_at']);

/** Channel, user and organisation facts for the session header, plus any new scalar Piper adds. */
function sessionMetadata(info: PiperSessionInfo | null | undefined): Session['metadata'] {
  const metadata: Session['metadata'] = {};
  if (!info) return metadata;
  for (const key in info) {
    if (SESSION_FIELDS_HANDLED.has(key)) continue;
    const v = (info as Record<string, unknown>)[key];
    // "" is "not given", like null: no empty row in the header.
    if ((typeof v === 'string' && v) || typeof v === 'number' || typeof v === 'boolean') metadata[key] = v;
  }
  return metadata;
}

/** `GET …/sessions/{id}/events` → Session. Throws a ResponseShapeError naming the field that does not fit. */
export function mapPiperSession(payload: unknown, ctx: MapContext = {}): Session {
  const data = parseOrThrow(PiperSessionEventsSchema, payload, 'Piper', 'a session');
  const id = piperSessionId(data, ctx, () => data.runs.find((r) => r.session_id)?.session_id);
  const runs = data.runs.map(mapRun);
  ensureUniqueIds(runs);

  let firstUser: string | undefined;
  for (const r of runs) {
    const u = r.events.find((e) => e.kind === 'user_message');
    if (u && u.kind === 'user_message' && u.text.trim()) {
      firstUser = u.text;
      break;
    }
  }
  const session = piperSessionFrame(data, ctx, id, firstUser, runs);
  const emptyReason = piperEmptyReason(runs.map((r) => r.events.length));
  if (emptyReason) session.emptyReason = emptyReason;
  return withTotals(session);
}

/** What Piper's reply says about a session without events, from each run's number of events (undefined when it has some). */
export function piperEmptyReason(eventCounts: readonly number[]): string | undefined {
  if (eventCounts.some((n) => n > 0)) return undefined;
  const n = eventCounts.length;
  if (!n) return 'Piper returned no runs for this session.';
  return `Piper returned ${n === 1 ? 'one run' : `${n.toLocaleString('en-US')} runs`} for this session, ${n === 1 ? 'without' : 'none with'} events.`;
}

/** The response without its runs (a file's top-level fields, validated). */
export type PiperResponseTop = { session?: PiperSessionInfo | null } & Record<string, unknown>;

/** The session's id: its own, the one asked for, or a run's (`runSessionId`, looked for only when needed). */
export function piperSessionId(data: PiperResponseTop, ctx: MapContext, runSessionId: () => string | null | undefined): string {
  const id = given(data.session?.session_id) ?? given(ctx.sessionId) ?? given(runSessionId() ?? undefined);
  if (!id) throw new ResponseShapeError('Piper', 'a session', 'session.session_id', 'missing (the session has no id)');
  return id;
}

/**
 * The session around its runs (whose totals the caller computes): one builder for the whole
 * response and for a file mapped in slices (fileSlices.ts), so both give the same session.
 */
export function piperSessionFrame<R extends Omit<Run, 'totals'>>(
  data: PiperResponseTop,
  ctx: MapContext,
  id: string,
  firstUser: string | undefined,
  runs: R[],
): Omit<Session, 'totals' | 'runs'> & { runs: R[] } {
  const info = data.session ?? undefined;
  const session: Omit<Session, 'totals' | 'runs'> & { runs: R[] } = {
    id,
    provider: 'piper',
    // The session's own title first (a saved file carries it); the first question only names an untitled one.
    title: ctx.title ?? (info?.title?.trim() || undefined) ?? titleFrom(firstUser) ?? `Session ${id.slice(0, 8)}`,
    metadata: sessionMetadata(info),
    runs,
  };
  // Fields Piper may add beside `session` and `runs` stay visible: then the raw payload is the
  // response without its runs (they keep their own), else the session object as before.
  const { session: _s, runs: _r, ...extras } = data;
  if (Object.keys(extras).length) session.raw = { session: info ?? null, ...extras };
  else if (info) session.raw = info;
  if (ctx.connectionId) session.connectionId = ctx.connectionId;
  const agentId = given(info?.agent_id) ?? ctx.agentId;
  if (agentId) session.agentId = agentId;
  if (ctx.agentName) session.agentName = ctx.agentName;
  const created = given(info?.created_at);
  if (created !== undefined) session.createdAt = toIso(created) ?? String(created);
  const updated = given(info?.updated_at);
  if (updated !== undefined) session.updatedAt = toIso(updated) ?? String(updated);
  if (typeof info?.is_test === 'boolean') session.isTest = info.is_test;
  const providerTotals = sumProviderTotals(runs.map((r) => r.providerTotals));
  if (providerTotals) session.providerTotals = providerTotals;
  return session;
}

export interface PiperCreateResult {
  sessionId?: string;
  runId?: string;
  content: string;
  events: SessionEvent[];
}

/**
 * The create response → the run's events. When Piper sent no assistant event (events off or
 * null), the reply itself becomes the assistant message so the answer is never lost.
 */
export function mapPiperCreateResponse(payload: unknown): PiperCreateResult {
  const data = parseOrThrow(PiperCreateResponseSchema, payload, 'Piper', 'a response');
  const runId = given(data.run_id) ?? data.events?.find((e) => e.run_id)?.run_id ?? 'run';
  const src = data.events ?? [];
  const events = new Array<SessionEvent>(src.length);
  for (let i = 0; i < src.length; i++) events[i] = mapValidEvent(src[i], given(src[i].run_id) ?? runId, i);
  ensureUniqueIds([{ id: runId, events }]);
  if (!events.some((e) => e.kind === 'assistant_message')) {
    const last = events.length ? events[events.length - 1] : undefined;
    const reply: SessionEvent = {
      id: `${runId}:reply`,
      runId,
      kind: 'assistant_message',
      text: data.content,
      raw: { content: data.content, role: data.role ?? 'assistant' },
    };
    if (last?.timestamp) reply.timestamp = last.timestamp;
    if (last?.timeMs !== undefined) reply.timeMs = last.timeMs;
    events.push(reply);
  }
  const out: PiperCreateResult = { content: data.content, events };
  if (data.session_id) out.sessionId = data.session_id;
  if (data.run_id) out.runId = data.run_id;
  return out;
}
