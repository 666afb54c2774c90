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
 * `from` said the same pause as `into` (one tool call, seen twice: a member's RunPaused and the
 * team's TeamRunPaused, an executor's pause and its workflow's step requirement): `into` keeps
 * what it has and takes what only `from` knows — the requirement id, whose step it is, the values
 * given and, above all, how it was resolved (the member's or executor's own tools say so).
 */
export function mergePending(into: PendingBody, from: PendingBody): void {
  if (!into.requestId && from.requestId) into.requestId = from.requestId;
  if (!into.agentName && from.agentName) into.agentName = from.agentName;
  if (!into.text && from.text) into.text = from.text;
  if (!into.resolution && from.resolution) {
    into.resolution = from.resolution;
    if (from.fields) into.fields = from.fields;
    if (from.questions) into.questions = from.questions;
  }
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
    const ask = askOf({
      ...t,
      user_input_schema: t.user_input_schema ?? req.user_input_schema,
      user_feedback_schema: t.user_feedback_schema ?? req.user_feedback_schema,
    });
    if (!ask) continue;
    const callId = str(t.tool_call_id);
    if (callId) seen.add(callId);
    out.push(
      bodyOf({ ...t, user_input_schema: t.user_input_schema ?? req.user_input_schema }, ask, {
        requestId: str(req.id),
        agentName: str(req.member_agent_name),
        now: callId ? now.get(callId) : undefined,
      }),
    );
  }
  for (const t of Array.isArray(ev.tools) ? ev.tools.filter(isRec) : []) {
    const callId = str(t.tool_call_id);
    if (callId && seen.has(callId)) continue;
    const ask = askOf(t);
    if (!ask) continue;
    out.push(bodyOf(t, ask, { now: callId ? now.get(callId) : undefined }));
  }
  out.push(...stepRequirementSteps(ev.step_requirements));
  const note = typeof ev.content === 'string' ? ev.content.trim() : '';
  if (note && out[0]) out[0].text = ev.content as string;
  return out;
}

// ---- workflows ------------------------------------------------------------------------------

/** The id a workflow step's own pause (not an executor's tool) goes by: agno's step id. */
const stepCallId = (req: Rec): string | undefined =>
  str(req.step_id) ?? (str(req.step_name) ? `step:${req.step_name as string}` : undefined);

/** What a step requirement (agno/workflow/types.py StepRequirement) asks of the step itself. */
function stepAsk(req: Rec): PendingAsk | undefined {
  if (req.requires_route_selection === true) return 'user_feedback';
  if (req.requires_user_input === true) return 'user_input';
  if (req.requires_confirmation === true || req.requires_output_review === true) return 'confirmation';
  return undefined;
}

function stepResolution(ask: PendingAsk, req: Rec): PendingResolution | undefined {
  if (ask === 'confirmation') {
    if (req.confirmed !== true && req.confirmed !== false) return undefined;
    const r: PendingResolution = { outcome: req.confirmed ? 'approved' : 'rejected' };
    const note = str(req.rejection_feedback);
    if (note) r.note = note;
    return r;
  }
  if (ask === 'user_input') return isRec(req.user_input) ? { outcome: 'provided', values: req.user_input } : undefined;
  const picked = Array.isArray(req.selected_choices) ? req.selected_choices.filter((c): c is string => typeof c === 'string') : undefined;
  return picked?.length ? { outcome: 'provided', values: { [routeQuestion(req)]: picked } } : undefined;
}

const routeQuestion = (req: Rec): string =>
  str(req.user_input_message) ?? str(req.confirmation_message) ?? 'Which route should the workflow take?';

/**
 * A workflow's `step_requirements` (the run as stored, or its WorkflowPaused / StepPaused event)
 * → pending steps: a step waiting to be confirmed, for typed values or for a route, and the tools
 * an agent or team step waits on (`executor_requirements`, agno's RunRequirements of that
 * executor, whose name says whose step it is). A StepPaused event is one requirement itself.
 */
export function stepRequirementSteps(list: unknown): PendingBody[] {
  const out: PendingBody[] = [];
  for (const req of Array.isArray(list) ? list.filter(isRec) : []) {
    if (req.requires_executor_input === true || Array.isArray(req.executor_requirements)) {
      const inner = pausedEventSteps({ requirements: req.executor_requirements });
      const who = str(req.executor_name);
      for (const step of inner) {
        if (who && !step.agentName) step.agentName = who;
        out.push(step);
      }
      continue;
    }
    const ask = stepAsk(req);
    const callId = stepCallId(req);
    if (!ask || !callId) continue;
    const e: PendingBody = { kind: 'pending_input', ask, name: str(req.step_name) ?? 'step', arguments: null, callId, raw: req };
    const text =
      ask === 'confirmation'
        ? (str(req.output_review_message) ?? str(req.confirmation_message))
        : ask === 'user_input'
          ? str(req.user_input_message)
          : undefined;
    if (text) e.text = text;
    if (ask === 'user_input') {
      const fields = fieldsOf(req.user_input_schema);
      if (fields)
        e.fields = isRec(req.user_input)
          ? fields.map((f) => (f.name in (req.user_input as Rec) ? { ...f, value: (req.user_input as Rec)[f.name] } : f))
          : fields;
    }
    if (ask === 'user_feedback') {
      const options = (Array.isArray(req.available_choices) ? req.available_choices : [])
        .filter((c): c is string => typeof c === 'string')
        .map((label) => ({ label }));
      const q: PendingQuestion = { question: routeQuestion(req), options, multiSelect: req.allow_multiple_selections === true };
      const picked = Array.isArray(req.selected_choices)
        ? req.selected_choices.filter((c): c is string => typeof c === 'string')
        : undefined;
      if (picked?.length) q.selected = picked;
      e.questions = [q];
    }
    const resolution = stepResolution(ask, req);
    if (resolution) e.resolution = resolution;
    out.push(e);
  }
  return out;
}

/** A StepPaused event is one step requirement (its own fields). */
export function stepPausedSteps(ev: Rec): PendingBody[] {
  return stepRequirementSteps([ev]);
}

/**
 * The `step_requirements` form field of the workflow route: the run's stored requirements with the
 * decisions applied as StepRequirement.confirm/reject/set_user_input and, for an executor's tools,
 * as for an agent (decidedTools). Throws when a decision names nothing the run waits on.
 */
export function decidedStepRequirements(stored: readonly unknown[] | null | undefined, decisions: readonly PendingDecision[]): Rec[] {
  const reqs = (stored ?? []).filter(isRec);
  const used = new Set<string>();
  const out = reqs.map((req) => {
    const copy: Rec = structuredClone(req);
    if (req.requires_executor_input === true || Array.isArray(req.executor_requirements)) {
      const inner = listOf(req.executor_requirements).filter(isRec);
      const tools = inner.map((r) => r.tool_execution).filter(isRec);
      const mine = decisions.filter((d) => tools.some((t) => t.tool_call_id === d.callId));
      if (!mine.length) return copy;
      mine.forEach((d) => used.add(d.callId));
      const decided = decidedTools(tools, mine);
      copy.executor_requirements = decidedRequirements([{ requirements: inner }], decided);
      return copy;
    }
    const id = stepCallId(req);
    const d = decisions.find((x) => x.callId === id);
    const ask = stepAsk(req);
    if (!d || !ask) return copy;
    if (stepResolution(ask, req)) throw new Error(`step "${String(req.step_name)}" was already answered`);
    used.add(d.callId);
    if (ask === 'confirmation') {
      copy.confirmed = d.outcome !== 'rejected';
      if (d.outcome === 'rejected' && d.note) copy.rejection_feedback = d.note;
    } else if (ask === 'user_input') {
      const values = d.values ?? {};
      copy.user_input = { ...(isRec(req.user_input) ? req.user_input : {}), ...values };
      copy.user_input_schema = listOf(req.user_input_schema).map((f) =>
        isRec(f) && typeof f.name === 'string' && f.name in values ? { ...f, value: values[f.name] } : f,
      );
    } else {
      const v = d.values?.[routeQuestion(req)] ?? Object.values(d.values ?? {})[0];
      copy.selected_choices = (Array.isArray(v) ? v : [v]).filter((c): c is string => typeof c === 'string');
    }
    return copy;
  });
  const unknown = decisions.find((d) => !used.has(d.callId));
  if (unknown) throw new Error(`the workflow run does not wait on "${unknown.callId}" (it may have been answered already)`);
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
      out.user_input_schema = listOf(t.user_input_schema).map((f) =>
        isRec(f) && typeof f.name === 'string' && f.name in values ? { ...f, value: values[f.name] } : f,
      );
      out.answered = true;
    } else if (ask === 'user_feedback') {
      const values = d.values ?? {};
      out.user_feedback_schema = listOf(t.user_feedback_schema).map((q) => {
        if (!isRec(q) || typeof q.question !== 'string' || !(q.question in values)) return q;
        const picked = (Array.isArray(values[q.question]) ? values[q.question] : [values[q.question]]) as unknown[];
        const options = Array.isArray(q.options)
          ? listOf(q.options).map((o) => (isRec(o) ? { ...o, selected: picked.includes(o.label) } : o))
          : q.options;
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
export function placePausedSteps(
  events: SessionEvent[],
  run: Parameters<typeof pausedRunSteps>[0],
  base: (time: unknown) => { id: string; runId: string },
): void {
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
export function decidedRequirements(
  storedEvents: readonly unknown[] | null | undefined,
  decided: readonly Rec[],
  members?: ReadonlyMap<string, Rec>,
): Rec[] {
  const known = new Map<string, Rec>();
  for (const ev of (storedEvents ?? []).filter(isRec)) {
    for (const req of listOf(ev.requirements).filter(isRec)) {
      const id = isRec(req.tool_execution) ? str(req.tool_execution.tool_call_id) : undefined;
      if (id) known.set(id, req);
    }
  }
  return decided.map((t) => {
    // Without a stored requirement, the member whose run holds the tool (agno routes by member_agent_id).
    const req: Rec = { ...(known.get(t.tool_call_id as string) ?? members?.get(t.tool_call_id as string) ?? {}), tool_execution: t };
    if (t.confirmed === true || t.confirmed === false) req.confirmation = t.confirmed;
    if (typeof t.confirmation_note === 'string') req.confirmation_note = t.confirmation_note;
    if (t.external_execution_required === true && typeof t.result === 'string') req.external_execution_result = t.result;
    if (Array.isArray(t.user_input_schema)) req.user_input_schema = t.user_input_schema;
    if (Array.isArray(t.user_feedback_schema)) req.user_feedback_schema = t.user_feedback_schema;
    return req;
  });
}

/**
 * A team's member runs (parent_run_id = the team's run) that wait on tools: those tools, and for
 * each, who agno must route it to (member_agent_id, member_agent_name, member_run_id).
 */
export function memberPausedTools(
  runs: readonly unknown[],
  teamRunId: string,
  names?: ReadonlyMap<string, string>,
): { tools: Rec[]; members: Map<string, Rec> } {
  const tools: Rec[] = [];
  const members = new Map<string, Rec>();
  for (const run of runs.filter(isRec)) {
    if (run.parent_run_id !== teamRunId || typeof run.run_id !== 'string') continue;
    const agentId = str(run.agent_id) ?? str(run.team_id);
    for (const t of listOf(run.tools).filter(isRec)) {
      const id = str(t.tool_call_id);
      if (!id || !askOf(t)) continue;
      tools.push(t);
      const who: Rec = { member_run_id: run.run_id };
      if (agentId) who.member_agent_id = agentId;
      const name = str(run.agent_name) ?? (agentId ? names?.get(agentId) : undefined);
      if (name) who.member_agent_name = name;
      members.set(id, who);
    }
  }
  return { tools, members };
}

/** The tool_executions of the requirements in a run's stored pause events, latest last. */
export function requirementTools(storedEvents: readonly unknown[] | null | undefined): Rec[] {
  const out: Rec[] = [];
  for (const ev of (storedEvents ?? []).filter(isRec))
    for (const req of listOf(ev.requirements).filter(isRec)) if (isRec(req.tool_execution)) out.push(req.tool_execution);
  return out;
}
