// Agno runs paused for a person (human in the loop, agno 3.1.10: agno/run/requirement.py,
// agno/models/response.py ToolExecution) → `pending_input` events, and the tools to send back to
// `POST /{agents|teams}/{id}/runs/{run_id}/continue` once someone decided.
//
// agno pauses a run when a tool `requires_confirmation`, `requires_user_input` (with a
// `user_input_schema` of typed fields), has a `user_feedback_schema` (questions with options) or
// needs `external_execution`. The stream says so with RunPaused (TeamRunPaused) carrying `tools`
// and `requirements`; the stored run has status PAUSED, those tools in `tools` and — when it
// stored its events — the same RunPaused event. After a continue agno rewrites the tools in place
// (requires_confirmation → false, confirmed → true/false, answered → true, the result set), so a
// stored run's current tools tell how each pause was resolved.
//
// The mapping (map.ts, stream.ts) calls in here; nothing here knows about run builders.
import type { EventOfKind, PendingAsk, PendingField, PendingQuestion, PendingResolution, SessionEvent } from '../../model';
import { textOf } from '../mapping';
import type { PendingDecision } from '../types';

/** A pending_input event without the id, run id and times the caller gives it. */
export type PendingBody = Omit<EventOfKind<'pending_input'>, 'id' | 'runId' | 'timestamp' | 'timeMs'>;

type Rec = Record<string, unknown>;

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const isRec = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Events whose name (Team prefix removed) says the run paused. */
export function isPauseEvent(name: string): boolean {
  return name === 'RunPaused';
}

/** What the tool waits for; agno's own priority (RunRequirement.pause_type): feedback > external > input > confirmation. */
function askOf(t: Rec): PendingAsk | undefined {
  if (Array.isArray(t.user_feedback_schema) && t.user_feedback_schema.length) return 'user_feedback';
  if (t.external_execution_required === true) return 'external_execution';
  if (t.requires_user_input === true || (Array.isArray(t.user_input_schema) && t.user_input_schema.length)) return 'user_input';
  if (t.requires_confirmation === true) return 'confirmation';
  return undefined;
}

/** The ask of a tool that was decided since (agno clears the flags but keeps confirmed / answered). */
function decidedAsk(t: Rec): PendingAsk | undefined {
  if (t.confirmed === true || t.confirmed === false) return 'confirmation';
  if (t.answered === true) return Array.isArray(t.user_feedback_schema) && t.user_feedback_schema.length ? 'user_feedback' : 'user_input';
  // Cleared to false (not null) once the result given from outside was applied.
  if (t.external_execution_required === false && t.result !== undefined && t.result !== null) return 'external_execution';
  return undefined;
}

function fieldsOf(schema: unknown): PendingField[] | undefined {
  if (!Array.isArray(schema)) return undefined;
  const out: PendingField[] = [];
  for (const f of schema) {
    if (!isRec(f)) continue;
    const name = str(f.name);
    if (!name) continue;
    const field: PendingField = { name };
    const type = str(f.field_type);
    if (type) field.type = type;
    const description = str(f.description);
    if (description) field.description = description;
    if (f.value !== undefined && f.value !== null) field.value = f.value;
    out.push(field);
  }
  return out.length ? out : undefined;
}

function questionsOf(schema: unknown): PendingQuestion[] | undefined {
  if (!Array.isArray(schema)) return undefined;
  const out: PendingQuestion[] = [];
  for (const q of schema) {
    if (!isRec(q)) continue;
    const question = str(q.question);
    if (!question) continue;
    const options = (Array.isArray(q.options) ? q.options : []).filter(isRec).flatMap((o) => {
      const label = str(o.label);
      if (!label) return [];
      const d = str(o.description);
      return [d ? { label, description: d } : { label }];
    });
    const item: PendingQuestion = { question, options };
    const header = str(q.header);
    if (header) item.header = header;
    if (typeof q.multi_select === 'boolean') item.multiSelect = q.multi_select;
    if (Array.isArray(q.selected_options)) item.selected = q.selected_options.filter((s): s is string => typeof s === 'string');
    out.push(item);
  }
  return out.length ? out : undefined;
}

/** How `now` (the tool as the run holds it today) resolved the pause, if it did. */
function resolutionOf(ask: PendingAsk, now: Rec | undefined): PendingResolution | undefined {
  if (!now) return undefined;
  switch (ask) {
    case 'confirmation': {
      if (now.confirmed !== true && now.confirmed !== false) return undefined;
      const r: PendingResolution = { outcome: now.confirmed ? 'approved' : 'rejected' };
      const note = str(now.confirmation_note);
      if (note) r.note = note;
      return r;
    }
    case 'user_input': {
      const fields = fieldsOf(now.user_input_schema) ?? [];
      if (now.answered !== true && !(fields.length && fields.every((f) => f.value !== undefined))) return undefined;
      return { outcome: 'provided', values: Object.fromEntries(fields.map((f) => [f.name, f.value ?? null])) };
    }
    case 'user_feedback': {
      const qs = questionsOf(now.user_feedback_schema) ?? [];
      if (now.answered !== true) return undefined;
      return { outcome: 'provided', values: Object.fromEntries(qs.map((q) => [q.question, q.selected ?? []])) };
    }
    case 'external_execution':
      if (now.result === undefined || now.result === null || now.external_execution_required === true) return undefined;
      return { outcome: 'provided', result: typeof now.result === 'string' ? now.result : textOf(now.result) };
  }
}

function bodyOf(t: Rec, ask: PendingAsk, extra: { requestId?: string; agentName?: string; now?: Rec }): PendingBody {
  const e: PendingBody = { kind: 'pending_input', ask, name: str(t.tool_name) ?? 'tool', arguments: t.tool_args ?? null, raw: t };
  const callId = str(t.tool_call_id);
  if (callId) e.callId = callId;
  if (extra.requestId) e.requestId = extra.requestId;
  if (extra.agentName) e.agentName = extra.agentName;
  // The values the person gave show on the fields; before that, the schema as asked.
  const fields = fieldsOf((extra.now ?? t).user_input_schema) ?? fieldsOf(t.user_input_schema);
  if (fields) e.fields = fields;
  const questions = questionsOf((extra.now ?? t).user_feedback_schema) ?? questionsOf(t.user_feedback_schema);
  if (questions) e.questions = questions;
  const resolution = resolutionOf(ask, extra.now);
  if (resolution) e.resolution = resolution;
  return e;
}

/**
 * A RunPaused / TeamRunPaused event → one pending step per tool it waits on. Its `requirements`
 * (with agno's requirement id and, in a team, the member) are preferred; `tools` otherwise.
 * `currentTools` are the run's tools as stored now: they say which pauses were resolved since.
 */
export function pausedEventSteps(ev: Rec, currentTools?: readonly unknown[]): PendingBody[] {
  const now = byCallId(currentTools);
  const out: PendingBody[] = [];
  const seen = new Set<string>();
  const requirements = Array.isArray(ev.requirements) ? ev.requirements.filter(isRec) : [];
  for (const req of requirements) {
    const t = isRec(req.tool_execution) ? req.tool_execution : undefined;
    if (!t) continue;
    const ask = askOf({ ...t, user_input_schema: t.user_input_schema ?? req.user_input_schema, user_feedback_schema: t.user_feedback_schema ?? req.user_feedback_schema });
    if (!ask) continue;
    const callId = str(t.tool_call_id);
    if (callId) seen.add(callId);
    out.push(bodyOf({ ...t, user_input_schema: t.user_input_schema ?? req.user_input_schema }, ask, { requestId: str(req.id), agentName: str(req.member_agent_name), now: callId ? now.get(callId) : undefined }));
  }
  for (const t of Array.isArray(ev.tools) ? ev.tools.filter(isRec) : []) {
    const callId = str(t.tool_call_id);
    if (callId && seen.has(callId)) continue;
    const ask = askOf(t);
    if (!ask) continue;
    out.push(bodyOf(t, ask, { now: callId ? now.get(callId) : undefined }));
  }
  const note = typeof ev.content === 'string' ? ev.content.trim() : '';
  if (note && out[0]) out[0].text = ev.content as string;
  return out;
}

/**
 * Pending steps of a stored run that did not store a RunPaused event (a run not streamed, or
 * without store_events): the tools still waiting when the run is PAUSED, and the tools that were
 * asked about and decided since (they keep `confirmed` / `answered`). `content` of a PAUSED run is
 * agno's note about the pause; it goes on the first step.
 */
export function pausedRunSteps(run: { status?: unknown; content?: unknown; tools?: readonly unknown[] | null }): PendingBody[] {
  const paused = typeof run.status === 'string' && run.status.toUpperCase() === 'PAUSED';
  const out: PendingBody[] = [];
  for (const t of (run.tools ?? []).filter(isRec)) {
    const waiting = paused ? askOf(t) : undefined;
    const ask = waiting ?? decidedAsk(t);
    if (!ask) continue;
    out.push(bodyOf(t, ask, { now: waiting ? undefined : t }));
  }
  if (paused && out[0] && typeof run.content === 'string' && run.content.trim()) out[0].text = run.content;
  return out;
}

/** The run's content is agno's pause note already shown on a pending step (so not an answer). */
export function isPauseNote(events: ReadonlyArray<{ kind: string; text?: string }>, content: unknown): boolean {
  return typeof content === 'string' && events.some((e) => e.kind === 'pending_input' && e.text === content);
}

function byCallId(tools: readonly unknown[] | undefined): Map<string, Rec> {
  const m = new Map<string, Rec>();
  for (const t of tools ?? []) if (isRec(t) && str(t.tool_call_id)) m.set(t.tool_call_id as string, t);
  return m;
}

// ---- continuing ----------------------------------------------------------------------------


/**
 * The `tools` form field of `/continue` (agents) — also the `tool_execution`s of the team route's
 * `requirements`: each paused tool as the run stores it, with the decision applied the way
 * RunRequirement.confirm/reject/provide_user_input/set_external_execution_result apply it. Tools
 * not decided are sent unchanged (agno pauses again on them). Throws when a decision names a call
 * the run does not wait on.
 */
export function decidedTools(storedTools: readonly unknown[] | null | undefined, decisions: readonly PendingDecision[]): Rec[] {
  const byId = byCallId(storedTools ?? []);
  const waiting = [...byId.values()].filter((t) => askOf(t) !== undefined && resolutionOf(askOf(t)!, t) === undefined);
  for (const d of decisions) {
    if (!waiting.some((t) => t.tool_call_id === d.callId)) {
      throw new Error(`the run does not wait on tool call "${d.callId}" (it may have been answered already)`);
    }
  }
  return waiting.map((t) => {
    const d = decisions.find((x) => x.callId === t.tool_call_id);
    const out: Rec = structuredClone(t);
    if (!d) return out;
    const ask = askOf(t)!;
    if (ask === 'confirmation') {
      out.confirmed = d.outcome === 'approved';
      if (d.outcome === 'rejected' && d.note) out.confirmation_note = d.note;
    } else if (ask === 'user_input') {
      const values = d.values ?? {};
      out.user_input_schema = listOf(t.user_input_schema).map((f) => (isRec(f) && typeof f.name === 'string' && f.name in values ? { ...f, value: values[f.name] } : f));
      out.answered = true;
    } else if (ask === 'user_feedback') {
      const values = d.values ?? {};
      out.user_feedback_schema = listOf(t.user_feedback_schema).map((q) => {
        if (!isRec(q) || typeof q.question !== 'string' || !(q.question in values)) return q;
        const picked = (Array.isArray(values[q.question]) ? values[q.question] : [values[q.question]]) as unknown[];
        const options = Array.isArray(q.options) ? listOf(q.options).map((o) => (isRec(o) ? { ...o, selected: picked.includes(o.label) } : o)) : q.options;
        return { ...q, selected_options: picked, options };
      });
      out.answered = true;
    } else {
      out.result = d.result ?? '';
    }
    return out;
  });
}

/**
 * Puts a stored run's pending steps (pausedRunSteps) among its events when no RunPaused event
 * already did: each right after the call it belongs to (the model asked for the tool, then the run
 * waited), else before the final answer. `base` numbers and times a new event.
 */
export function placePausedSteps(events: SessionEvent[], run: Parameters<typeof pausedRunSteps>[0], base: (time: unknown) => { id: string; runId: string }): void {
  if (events.some((e) => e.kind === 'pending_input')) return;
  for (const step of pausedRunSteps(run)) {
    const e = { ...base((step.raw as Rec | undefined)?.created_at), ...step } as SessionEvent;
    let at = step.callId ? events.findIndex((x) => x.kind === 'tool_call' && x.callId === step.callId) + 1 : 0;
    if (at <= 0) {
      const last = events.length - 1;
      at = last >= 0 && events[last]!.kind === 'assistant_message' ? last : events.length;
    }
    events.splice(at, 0, e);
  }
}

/**
 * The `requirements` form field of the team route: agno's RunRequirement dicts. The stored
 * TeamRunPaused event has them (with the member that paused, which the team needs to resume that
 * member); a run that stored no events gets them rebuilt from its tools. `decided` is decidedTools().
 */
export function decidedRequirements(storedEvents: readonly unknown[] | null | undefined, decided: readonly Rec[]): Rec[] {
  const known = new Map<string, Rec>();
  for (const ev of (storedEvents ?? []).filter(isRec)) {
    for (const req of listOf(ev.requirements).filter(isRec)) {
      const id = isRec(req.tool_execution) ? str(req.tool_execution.tool_call_id) : undefined;
      if (id) known.set(id, req);
    }
  }
  return decided.map((t) => {
    const req: Rec = { ...(known.get(t.tool_call_id as string) ?? {}), tool_execution: t };
    if (t.confirmed === true || t.confirmed === false) req.confirmation = t.confirmed;
    if (typeof t.confirmation_note === 'string') req.confirmation_note = t.confirmation_note;
    if (t.external_execution_required === true && typeof t.result === 'string') req.external_execution_result = t.result;
    if (Array.isArray(t.user_input_schema)) req.user_input_schema = t.user_input_schema;
    if (Array.isArray(t.user_feedback_schema)) req.user_feedback_schema = t.user_feedback_schema;
    return req;
  });
}

/** The tool_executions of the requirements in a run's stored pause events, latest last. */
export function requirementTools(storedEvents: readonly unknown[] | null | undefined): Rec[] {
  const out: Rec[] = [];
  for (const ev of (storedEvents ?? []).filter(isRec)) for (const req of listOf(ev.requirements).filter(isRec)) if (isRec(req.tool_execution)) out.push(req.tool_execution);
  return out;
}
