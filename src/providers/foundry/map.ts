// Foundry AIP Agents sessions → the normalised model. One run per exchange: the user's message,
// the context retrieved for it, then per tool call group of the exchange's trace the thought
// (reasoning), the call and its output, and finally the agent's markdown answer. Foundry reports
// only a total token count per exchange and no cost or latency: those stay unknown, never zero.
// Exchanges carry no times; session times are ISO strings with nanoseconds and are kept as given.
import type { Agent, Run, Session, SessionEvent, SessionSummary } from '../../model';
import { toIso } from '../../model/time';
import { withTotals } from '../../model/totals';
import type { Page } from '../types';
import { detectLanguage, given, type MapContext, nonNullFields, parseOrThrow, ResponseShapeError, titleFrom } from '../mapping';
import {
  FoundryAgentSchema,
  FoundrySessionContentSchema,
  FoundrySessionExchangeSchema,
  FoundrySessionListSchema,
  FoundrySessionSchema,
  FoundrySessionTraceSchema,
  type FoundryContexts,
  type FoundrySession,
  type FoundrySessionExchange,
  type FoundrySessionTrace,
  type FoundryToolCall,
  type FoundryToolValue,
} from './schema';

/** `{type:"string", value}` → value, `{type:"rid", rid}` → rid; anything else as given. */
function plainValue(v: FoundryToolValue | null | undefined): unknown {
  if (!v) return null;
  if (v.type === 'string' && 'value' in v) return v.value;
  if (v.type === 'rid' && typeof v.rid === 'string') return v.rid;
  return v;
}

function plainInputs(inputs: Record<string, FoundryToolValue> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in inputs ?? {}) out[key] = plainValue(inputs![key]);
  return out;
}

const CODE_INPUT = /^(code|source|script|program|python|sql|query)$/i;

/**
 * The executed code of a CODE_EXECUTION call: its "code"-like input, else its longest text input;
 * `key` says which input it was, so the others stay the call's arguments.
 */
function codeOf(inputs: Record<string, unknown>): { code: string; key?: string; hint?: string } {
  let best: string | undefined;
  let hint: string | undefined;
  for (const key in inputs) {
    const v = inputs[key];
    if (typeof v === 'string' && /^lang(uage)?$/i.test(key)) hint = v;
  }
  for (const key in inputs) {
    const v = inputs[key];
    if (typeof v !== 'string' || /^lang(uage)?$/i.test(key)) continue;
    if (CODE_INPUT.test(key)) return { code: v, key, hint: hint ?? (/^(sql|python)$/i.test(key) ? key : undefined) };
    if (best === undefined || v.length > (inputs[best] as string).length) best = key;
  }
  return best === undefined ? { code: '', hint } : { code: inputs[best] as string, key: best, hint };
}

function outputText(call: FoundryToolCall): string | undefined {
  const out = call.output;
  if (!out || out.type !== 'success') return undefined;
  const v = plainValue(out.output);
  return typeof v === 'string' ? v : v == null ? undefined : JSON.stringify(v, null, 2);
}

function contextSummary(c: FoundryContexts): string | undefined {
  const objects = (c.objectContexts ?? []).reduce((n, o) => n + (o.objectRids?.length ?? 0), 0);
  const functions = c.functionRetrievedContexts?.length ?? 0;
  if (!objects && !functions) return undefined;
  const parts: string[] = [];
  if (objects) parts.push(`${objects} object${objects === 1 ? '' : 's'}`);
  if (functions) parts.push(`${functions} function-retrieved context${functions === 1 ? '' : 's'}`);
  return `Context retrieved: ${parts.join(', ')}`;
}

class Events {
  readonly list: SessionEvent[] = [];
  private n = 0;
  constructor(readonly runId: string) {}
  base(): { id: string; runId: string } {
    return { id: `${this.runId}:${this.n++}`, runId: this.runId };
  }
}

function mapToolCall(ev: Events, call: FoundryToolCall, callId: string): void {
  // "" is "not given", like null: a nameless tool is called by its type.
  const name = given(call.toolMetadata.name) ?? given(call.toolMetadata.type) ?? 'tool';
  const toolType = call.toolMetadata.type;
  if (call.input.thought && call.input.thought.trim())
    ev.list.push({ ...ev.base(), kind: 'reasoning', text: call.input.thought, raw: call.input });
  const args = plainInputs(call.input.inputs);
  const failed = call.output?.type === 'failure';
  if (toolType === 'CODE_EXECUTION') {
    const { code, key, hint } = codeOf(args);
    const e: SessionEvent = { ...ev.base(), kind: 'code_execution', name, code, language: detectLanguage(code, hint), callId, raw: call };
    // Inputs besides the code (a dataset, a language, a timeout) are the call's arguments.
    const rest = { ...args };
    if (key !== undefined) delete rest[key];
    if (Object.keys(rest).length) e.arguments = rest;
    const printed = outputText(call);
    if (printed !== undefined) e.output = printed;
    ev.list.push(e);
  } else {
    ev.list.push({ ...ev.base(), kind: 'tool_call', name, toolType, callId, arguments: args, raw: call });
    if (call.output && call.output.type === 'success') {
      ev.list.push({ ...ev.base(), kind: 'tool_result', name, callId, result: plainValue(call.output.output), raw: call.output });
    }
  }
  if (failed) {
    ev.list.push({
      ...ev.base(),
      kind: 'tool_result',
      name,
      callId,
      result: given(call.output?.correctionMessage) ?? 'The tool call failed',
      isError: true,
      raw: call.output,
    });
  } else if (call.output && call.output.type !== 'success') {
    // A kind of output this version does not know: shown with its fields.
    ev.list.push({
      ...ev.base(),
      kind: 'other',
      type: `toolOutput:${call.output.type}`,
      fields: nonNullFields(call.output),
      raw: call.output,
    });
  }
}

function mapExchangeEvents(exchange: FoundrySessionExchange, trace: FoundrySessionTrace | undefined, runId: string): SessionEvent[] {
  const ev = new Events(runId);
  ev.list.push({ ...ev.base(), kind: 'user_message', text: exchange.userInput.text, raw: exchange.userInput });
  const contexts = exchange.contexts ?? trace?.contexts ?? undefined;
  if (contexts) {
    const text = contextSummary(contexts);
    if (text) ev.list.push({ ...ev.base(), kind: 'other', type: 'contexts', text, fields: nonNullFields(contexts), raw: contexts });
  }
  (trace?.toolCallGroups ?? []).forEach((group, g) => {
    group.toolCalls.forEach((call, c) => mapToolCall(ev, call, `${runId}:call-${g + 1}.${c + 1}`));
  });
  const result = exchange.result;
  const answer: SessionEvent = { ...ev.base(), kind: 'assistant_message', text: result.agentMarkdownResponse, raw: result };
  if (typeof result.totalTokensUsed === 'number') answer.tokens = { total: result.totalTokensUsed };
  if (result.interruptedOutput) answer.interrupted = true;
  ev.list.push(answer);
  const updates = result.parameterUpdates;
  if (updates && Object.keys(updates).length) {
    ev.list.push({
      ...ev.base(),
      kind: 'other',
      type: 'parameterUpdates',
      text: `Updated parameters: ${Object.keys(updates).join(', ')}`,
      fields: nonNullFields(updates),
      raw: updates,
    });
  }
  return ev.list;
}

/**
 * Which exchange a trace belongs to, by trace id: the last exchange that names it. A client may
 * send its own sessionTraceId with a continue (a retry after a cancel reuses it), and the trace
 * Foundry returns then is that of the latest continue under the id. Showing it under each
 * exchange would count its tool calls once per exchange.
 */
export function traceOwners(exchanges: ReadonlyArray<{ result: { sessionTraceId?: string | null } }>): Map<string, number> {
  const owners = new Map<string, number>();
  exchanges.forEach((x, i) => {
    if (x.result.sessionTraceId) owners.set(x.result.sessionTraceId, i);
  });
  return owners;
}

function traceFor(traces: Record<string, unknown>, id: string | null | undefined): FoundrySessionTrace | undefined {
  if (!id || !(id in traces) || traces[id] === undefined || traces[id] === null) return undefined;
  return parseOrThrow(FoundrySessionTraceSchema, traces[id], 'Foundry', 'a session trace', ['traces', id]);
}

/**
 * One exchange (from `content`, or a `blockingContinue` answer paired with its user input) and
 * its trace, when fetched → its events. For the chat: the caller gives the run id it wants.
 */
export function mapFoundryExchange(exchange: unknown, trace: unknown | undefined, runId?: string): SessionEvent[] {
  const x = parseOrThrow(FoundrySessionExchangeSchema, exchange, 'Foundry', 'an exchange');
  const t = trace == null ? undefined : parseOrThrow(FoundrySessionTraceSchema, trace, 'Foundry', 'a session trace');
  return mapExchangeEvents(x, t, runId ?? x.result.sessionTraceId ?? 'exchange');
}

function exchangeRun(x: FoundrySessionExchange, trace: FoundrySessionTrace | undefined, runId: string): Omit<Run, 'totals'> {
  // The run's raw payload is the exchange and, when fetched, its trace without the tool calls
  // (those are the events' own): the trace's id, status and contexts stay visible, and so do
  // fields a newer API adds to a tool call group.
  const { toolCallGroups: groups, ...sessionTrace } = trace ?? {};
  const groupFields = (groups ?? []).map(({ toolCalls: _calls, ...rest }) => rest);
  if (groupFields.some((g) => Object.keys(g).length)) (sessionTrace as Record<string, unknown>).toolCallGroups = groupFields;
  const run: Omit<Run, 'totals'> = { id: runId, events: mapExchangeEvents(x, trace, runId), raw: trace ? { ...x, sessionTrace } : x };
  if (trace?.status) run.status = trace.status;
  return run;
}

/**
 * `GET …/sessions/{rid}` + (when fetched) `…/content` + the traces fetched so far, keyed by
 * sessionTraceId. Exchanges without a trace still show the question and the answer.
 */
export function mapFoundrySession(
  session: unknown,
  content: unknown | undefined,
  traces: Record<string, unknown> = {},
  ctx: MapContext = {},
): Session {
  const s = parseOrThrow(FoundrySessionSchema, session, 'Foundry', 'a session');
  const c =
    content === undefined || content === null
      ? undefined
      : parseOrThrow(FoundrySessionContentSchema, content, 'Foundry', 'a session', ['content']);
  const exchanges = c?.exchanges ?? [];
  const owners = traceOwners(exchanges);
  const usedIds = new Set<string>();
  const runs = exchanges.map((x, i) => {
    const traceId = x.result.sessionTraceId || undefined;
    let runId = traceId ?? `${s.rid}:exchange-${i + 1}`;
    // Run ids must be unique; a repeated trace id (retries) gets the exchange number.
    if (usedIds.has(runId)) runId = `${runId}:${i + 1}`;
    usedIds.add(runId);
    const owner = traceId === undefined ? undefined : owners.get(traceId);
    if (owner === undefined || owner === i) return exchangeRun(x, traceFor(traces, traceId), runId);
    // A trace shared with a later exchange: its steps are shown (and counted) once, there.
    const run = exchangeRun(x, undefined, runId);
    run.events.splice(1, 0, {
      id: `${runId}:shared-trace`,
      runId,
      kind: 'other',
      type: 'sharedSessionTrace',
      text: `This exchange names the same trace (${traceId}) as exchange ${owner + 1}; its steps are shown once, with exchange ${owner + 1}.`,
      fields: { sessionTraceId: traceId, shownWithExchange: owner + 1 },
    });
    return run;
  });
  const m = s.metadata ?? undefined;
  const metadata: Session['metadata'] = {};
  if (s.agentVersion) metadata.agentVersion = s.agentVersion;
  if (typeof m?.messageCount === 'number') metadata.messageCount = m.messageCount;
  if (m?.estimatedExpiresTime) metadata.estimatedExpiresTime = m.estimatedExpiresTime;
  const firstUser = c?.exchanges[0]?.userInput.text;
  const out: Parameters<typeof withTotals>[0] = {
    id: s.rid,
    provider: 'foundry',
    title: m?.title || ctx.title || titleFrom(firstUser) || `Session ${s.rid.slice(-8)}`,
    metadata,
    runs,
    // Fields beside `exchanges` in the content stay visible, as a session file holds them.
    raw: c && Object.keys(c).length > 1 ? { ...s, content: (({ exchanges: _x, ...rest }) => rest)(c) } : s,
  };
  if (ctx.connectionId) out.connectionId = ctx.connectionId;
  const agentId = given(s.agentRid) ?? ctx.agentId;
  if (agentId) out.agentId = agentId;
  if (ctx.agentName) out.agentName = ctx.agentName;
  const created = toIso(m?.createdTime);
  if (created) out.createdAt = created;
  const updated = toIso(m?.updatedTime);
  if (updated) out.updatedAt = updated;
  const emptyReason = runs.length ? undefined : foundryEmptyReason(c !== undefined, m?.messageCount, m?.estimatedExpiresTime);
  if (emptyReason) out.emptyReason = emptyReason;
  return withTotals(out);
}

/** What Foundry's reply says about a session without exchanges. */
function foundryEmptyReason(hasContent: boolean, messageCount: unknown, expires: unknown): string {
  if (!hasContent) return 'Foundry returned this session without its content (the exchanges).';
  if (typeof messageCount === 'number' && messageCount > 0) {
    const when = typeof expires === 'string' && expires ? ` (its metadata gives ${expires} as the estimated expiry)` : '';
    return `Foundry's metadata counts ${messageCount.toLocaleString('en-US')} messages, but the session's content has no exchanges: it may have expired${when}.`;
  }
  return 'Foundry returned no exchanges for this session: nothing was asked in it yet.';
}

/** `GET /v2/aipAgents/agents/{agentRid}` */
export function mapFoundryAgent(json: unknown): Agent {
  const a = parseOrThrow(FoundryAgentSchema, json, 'Foundry', 'an agent');
  const out: Agent = { id: a.rid, name: a.metadata?.displayName || a.rid, raw: json };
  if (a.metadata?.description) out.description = a.metadata.description;
  return out;
}

function summaryOf(s: FoundrySession): SessionSummary {
  if (!s.agentRid) throw new ResponseShapeError('Foundry', 'a session', 'agentRid', 'missing (the session names no agent)');
  const out: SessionSummary = { id: s.rid, agentId: s.agentRid, title: s.metadata?.title || `Session ${s.rid.slice(-8)}` };
  const created = toIso(s.metadata?.createdTime);
  if (created) out.createdAt = created;
  const updated = toIso(s.metadata?.updatedTime);
  if (updated) out.updatedAt = updated;
  if (typeof s.metadata?.messageCount === 'number') out.messageCount = s.metadata.messageCount;
  return out;
}

/** A Session (an item of `…/sessions` or `…/allSessions`) → a row of the sidebar. */
export function mapFoundrySessionSummary(json: unknown): SessionSummary {
  return summaryOf(parseOrThrow(FoundrySessionSchema, json, 'Foundry', 'a session'));
}

/** `{ data: Session[], nextPageToken? }` → a page; the cursor is Foundry's page token. */
export function mapFoundrySessionPage(json: unknown): Page<SessionSummary> {
  const page = parseOrThrow(FoundrySessionListSchema, json, 'Foundry', 'a session list');
  const items = page.data.map((s, i) => {
    try {
      return summaryOf(s);
    } catch (e) {
      if (e instanceof ResponseShapeError)
        throw new ResponseShapeError('Foundry', 'a session list', `data[${i}].${e.fieldPath}`, e.problem);
      throw e;
    }
  });
  const out: Page<SessionSummary> = { items };
  if (page.nextPageToken) out.nextCursor = page.nextPageToken;
  return out;
}
