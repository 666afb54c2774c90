// Spans (and GenAI log events) → sessions of the shared model. Pure: the receiver, the OTLP file
// reader and the tests call it on whatever spans they hold.
//
// - Session: by `gen_ai.conversation.id` (GenAI) or `session.id` (OpenInference) found on any span
//   of a trace, else the trace itself. Agent: `gen_ai.agent.name` (or OpenInference's `agent.name`)
//   of the trace's outermost agent span, else the resource's `service.name`.
// - Run: one per trace, in start order. Within it the span tree is walked depth first in start
//   order: the outermost agent span gives the user's message and the final answer; model spans are
//   model calls; tool spans a tool call and its result at the span's end; an agent inside another
//   agent a call of that agent (its steps indented under it); span events named `exception` are
//   errors; anything else is an `other` event with every attribute, never dropped.
import { withTotals, type ModelMessage, type Run, type Session, type SessionEvent, type TokenUsage } from '../../model';
import { nanosToIso, nanosToMs, type AttrValue, type Attributes, type FlatLog, type FlatSpan } from './otlp';
import {
  finishReasonOf,
  isMessageEvent,
  messagesOf,
  num,
  parametersOf,
  reasoningOf,
  roleOf,
  str,
  structured,
  tokensOf,
  toolDefinitionsOf,
  valueText,
  type SpanRole,
} from './semconv';

export interface MapOptions {
  connectionId?: string;
}

interface Trace {
  traceId: string;
  spans: FlatSpan[];
  byId: Map<string, FlatSpan>;
  children: Map<string, FlatSpan[]>;
  roots: FlatSpan[];
  start: number;
  sessionKey: string;
  conversationId?: string;
  agentName: string;
}

/** Start order; spans that started in the same instant keep the order they arrived in (sorts are stable). */
const byStart = (a: FlatSpan, b: FlatSpan) => cmpNanos(a.startTimeUnixNano, b.startTimeUnixNano);

const CANONICAL = /^(0|[1-9]\d*)$/;

/** Nanosecond strings compared as numbers: digit strings without leading zeros by length, then text (no BigInt per comparison in the sorts). */
function cmpNanos(a: string | undefined, b: string | undefined): number {
  const p = a ?? '0';
  const q = b ?? '0';
  if (CANONICAL.test(p) && CANONICAL.test(q)) return p.length !== q.length ? p.length - q.length : p < q ? -1 : p > q ? 1 : 0;
  const x = BigInt(p);
  const y = BigInt(q);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The id a trace's session is known by (conversation / session id, else `trace:<id>`). */
export function sessionKeyOfTrace(spans: readonly FlatSpan[]): { key: string; conversationId?: string } {
  for (const s of spans) {
    const id = str(s.attributes, 'gen_ai.conversation.id', 'session.id');
    if (id) return { key: id, conversationId: id };
  }
  return { key: `trace:${spans[0]?.traceId ?? 'unknown'}` };
}

/** A workflow's run (a CHAIN span at the root, as OpenInference's Agno instrumentation sends one) speaks for its steps. */
function workflowRoot(spans: readonly FlatSpan[], roots: readonly FlatSpan[]): FlatSpan | undefined {
  const r = roots[0];
  return r && roots.length === 1 && roleOf(r) === 'chain' && spans.some((s) => s !== r && roleOf(s) === 'agent') ? r : undefined;
}

export function agentNameOfTrace(spans: readonly FlatSpan[]): string {
  const sorted = [...spans].sort(byDepthThenStart(spans));
  const flow = workflowRoot(spans, sorted.slice(0, 1));
  const flowName = flow && str(flow.attributes, 'gen_ai.workflow.name', 'graph.node.name');
  if (flowName) return flowName;
  for (const s of sorted) {
    if (roleOf(s) !== 'agent' && !s.attributes['gen_ai.agent.name']) continue;
    const name =
      str(s.attributes, 'gen_ai.agent.name', 'agent.name', 'graph.node.id') ??
      (roleOf(s) === 'agent' ? s.name.replace(/^invoke_agent\s+/, '') : undefined);
    if (name) return name;
  }
  for (const s of spans) {
    const name = str(s.resource, 'service.name');
    if (name) return name;
  }
  return 'unknown_service';
}

/** Each span's depth in its trace (parents followed up to 1000), the spans indexed once per call. */
function depthsOf(spans: readonly FlatSpan[]): (s: FlatSpan) => number {
  const ids = new Map(spans.map((x) => [x.spanId, x]));
  const memo = new Map<FlatSpan, number>();
  return (s) => {
    let d = memo.get(s);
    if (d !== undefined) return d;
    d = 0;
    let cur: FlatSpan | undefined = s;
    while (cur?.parentSpanId && ids.has(cur.parentSpanId) && d < 1000) {
      cur = ids.get(cur.parentSpanId);
      d++;
    }
    memo.set(s, d);
    return d;
  };
}

const byDepthThenStart = (spans: readonly FlatSpan[]) => {
  const depth = depthsOf(spans);
  return (a: FlatSpan, b: FlatSpan) => depth(a) - depth(b) || byStart(a, b);
};

/** The ids of the sessions a trace's spans belong to (usually one; see splitBySession). */
export function sessionKeysOfTrace(traceId: string, spans: FlatSpan[]): string[] {
  return [...new Set(splitBySession(traceId, spans).map((p) => sessionKeyOfTrace(p.spans).key))];
}

const ownSessionId = (s: FlatSpan) => str(s.attributes, 'gen_ai.conversation.id', 'session.id');

/**
 * One trace can hold several sessions: a span that names a session other than its parent's starts a
 * part of its own (with its descendants), run `<traceId>:<spanId>`. Seen from OpenInference's Agno
 * instrumentation: after a route-mode team's run, the agents run next in the same process became
 * children of the team's finished span, each with its own `session.id`.
 */
function splitBySession(traceId: string, spans: FlatSpan[]): Array<{ id: string; spans: FlatSpan[] }> {
  if (!spans.some(ownSessionId)) return [{ id: traceId, spans }];
  const byId = new Map<string, FlatSpan>();
  for (const s of spans) byId.set(s.spanId, s);
  // The session a span belongs to (its own id, else its nearest ancestor's) and the span that began that part.
  const memo = new Map<string, { session?: string; head: string }>();
  const partOf = (s: FlatSpan): { session?: string; head: string } => {
    const path: FlatSpan[] = [];
    const seen = new Set<FlatSpan>();
    let cur: FlatSpan | undefined = s;
    let found: { session?: string; head: string } | undefined;
    while (cur && !(found = memo.get(cur.spanId))) {
      path.push(cur);
      seen.add(cur);
      const parent: FlatSpan | undefined = cur.parentSpanId ? byId.get(cur.parentSpanId) : undefined;
      cur = parent && !seen.has(parent) ? parent : undefined; // a cycle of parents ends at the first repeat
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const x = path[i]!;
      const own = ownSessionId(x);
      if (!found) found = { session: own, head: x.spanId };
      else if (own && found.session && own !== found.session) found = { session: own, head: x.spanId };
      else if (own && !found.session) found = { session: own, head: found.head };
      memo.set(x.spanId, found);
    }
    return found ?? { head: s.spanId };
  };
  const parts = new Map<string, FlatSpan[]>();
  const rootHead = new Set<string>();
  for (const s of spans) {
    const { head } = partOf(s);
    const parent = byId.get(head)?.parentSpanId;
    if (!parent || !byId.has(parent)) rootHead.add(head);
    const list = parts.get(head) ?? [];
    list.push(s);
    parts.set(head, list);
  }
  // Parts that start at a root of the trace keep the trace's id (one root, the usual case: the run is the trace).
  const roots = [...parts.keys()].filter((h) => rootHead.has(h));
  return [...parts.entries()].map(([head, list]) => ({
    id: rootHead.has(head) && roots.length === 1 ? traceId : `${traceId}:${head}`,
    spans: list,
  }));
}

function traceOf(traceId: string, spans: FlatSpan[]): Trace {
  // A span sent twice (a retrying exporter) is kept once: the last copy wins.
  const byId = new Map<string, FlatSpan>();
  for (const s of spans) byId.set(s.spanId, s);
  const unique = [...byId.values()];
  const children = new Map<string, FlatSpan[]>();
  const roots: FlatSpan[] = [];
  for (const s of unique) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  for (const list of children.values()) list.sort(byStart);
  roots.sort(byStart);
  nestByTime(children);
  rootCycles(unique, children, roots);
  const { key, conversationId } = sessionKeyOfTrace(unique);
  return {
    traceId,
    spans: unique,
    byId,
    children,
    roots,
    start: nanosToMs(roots[0]?.startTimeUnixNano) ?? 0,
    sessionKey: key,
    conversationId,
    agentName: agentNameOfTrace(unique),
  };
}

/**
 * Spans that ran wholly within a sibling are that sibling's work, where the instrumentation left the
 * context behind. Seen from OpenInference's Agno instrumentation: a team leader's
 * `delegate_task_to_member` tool span and the member's run are siblings under the team's span, and
 * in a workflow step an agent's model and tool spans are siblings of the agent's own span. So: an
 * agent within a sibling tool goes under the tool (the call that asked for it); a model, tool or
 * other span within a sibling agent goes under the agent (and one within a tool that now holds an
 * agent, under that agent). Sibling tools within one another stay as they are (parallel calls).
 */
function nestByTime(children: Map<string, FlatSpan[]>): void {
  const timed = (x: FlatSpan) => !!x.startTimeUnixNano && !!x.endTimeUnixNano;
  const within = (inner: FlatSpan, outer: FlatSpan) =>
    cmpNanos(outer.startTimeUnixNano, inner.startTimeUnixNano) <= 0 && cmpNanos(inner.endTimeUnixNano, outer.endTimeUnixNano) <= 0;
  for (let round = 0; round < 8; round++) {
    // Decided on this round's tree, then applied: a move never overwrites another list.
    const moves: Array<{ from: string; span: FlatSpan; to: string }> = [];
    for (const [parentId, list] of children) {
      const hosts = list.filter((h) => timed(h) && (roleOf(h) === 'agent' || roleOf(h) === 'tool'));
      if (!hosts.length) continue;
      for (const c of list) {
        if (!timed(c)) continue;
        const cRole = roleOf(c);
        let host: FlatSpan | undefined;
        for (const h of hosts) {
          // Two spans of the same time: the earlier in the list holds the later, never both ways.
          if (h === c || !within(c, h) || (within(h, c) && list.indexOf(h) > list.indexOf(c))) continue;
          let target: FlatSpan | undefined;
          if (roleOf(h) === 'agent' || cRole === 'agent') target = h;
          else target = (children.get(h.spanId) ?? []).find((a) => roleOf(a) === 'agent' && timed(a) && within(c, a));
          if (target && (!host || cmpNanos(target.startTimeUnixNano, host.startTimeUnixNano) >= 0)) host = target;
        }
        if (host) moves.push({ from: parentId, span: c, to: host.spanId });
      }
    }
    if (!moves.length) return;
    for (const m of moves) {
      children.set(
        m.from,
        (children.get(m.from) ?? []).filter((x) => x !== m.span),
      );
      const under = children.get(m.to) ?? [];
      under.push(m.span);
      under.sort(byStart);
      children.set(m.to, under);
    }
  }
}

/** Spans whose parents form a cycle reach no root: the first of each such group (in arrival order) becomes one. */
function rootCycles(spans: FlatSpan[], children: Map<string, FlatSpan[]>, roots: FlatSpan[]): void {
  const seen = new Set<FlatSpan>();
  const visit = (from: FlatSpan) => {
    const stack = [from];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const k of children.get(s.spanId) ?? []) stack.push(k);
    }
  };
  for (const r of roots) visit(r);
  if (seen.size === spans.length) return;
  for (const s of spans) {
    if (seen.has(s)) continue;
    for (const [id, list] of children)
      if (list.includes(s))
        children.set(
          id,
          list.filter((x) => x !== s),
        );
    roots.push(s);
    visit(s);
  }
  roots.sort(byStart);
}

/** Groups spans into traces, and traces into sessions (newest session first). */
export function sessionsFromSpans(spans: readonly FlatSpan[], logs: readonly FlatLog[] = [], o: MapOptions = {}): Session[] {
  const byTrace = new Map<string, FlatSpan[]>();
  for (const s of spans) {
    const list = byTrace.get(s.traceId) ?? [];
    list.push(s);
    byTrace.set(s.traceId, list);
  }
  const logsBySpan = new Map<string, FlatLog[]>();
  const looseLogs: FlatLog[] = [];
  for (const l of logs) {
    if (l.traceId && l.spanId && byTrace.has(l.traceId)) {
      const k = `${l.traceId}/${l.spanId}`;
      const list = logsBySpan.get(k) ?? [];
      list.push(l);
      logsBySpan.set(k, list);
    } else looseLogs.push(l);
  }
  const sessions = new Map<string, Trace[]>();
  for (const [id, list] of byTrace) {
    for (const part of splitBySession(id, list)) {
      const t = traceOf(part.id, part.spans);
      const group = sessions.get(t.sessionKey) ?? [];
      group.push(t);
      sessions.set(t.sessionKey, group);
    }
  }
  const out: Session[] = [];
  const placed = new Set<FlatLog>();
  for (const [key, traces] of sessions) {
    traces.sort((a, b) => cmpNanos(a.roots[0]?.startTimeUnixNano, b.roots[0]?.startTimeUnixNano));
    out.push(sessionOf(key, traces, logsBySpan, placed, o));
  }
  // A record of a received trace whose span did not arrive is kept with the others that belong to no span.
  for (const list of logsBySpan.values()) for (const l of list) if (!placed.has(l)) looseLogs.push(l);
  if (looseLogs.length) out.push(logsSession(looseLogs, o));
  out.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  return out;
}

function sessionOf(key: string, traces: Trace[], logsBySpan: Map<string, FlatLog[]>, placed: Set<FlatLog>, o: MapOptions): Session {
  const runs = traces.map((t) => runOf(t, logsBySpan, placed));
  const first = traces[0]!;
  const service = str(first.spans[0]!.resource, 'service.name');
  const metadata: Record<string, string | number | boolean> = {};
  if (service) metadata['service.name'] = service;
  if (first.conversationId) metadata.conversation = first.conversationId;
  const user = first.spans.map((s) => str(s.attributes, 'user.id', 'enduser.id')).find(Boolean);
  if (user) metadata.user = user;
  const sdk = str(first.spans[0]!.resource, 'telemetry.sdk.language');
  if (sdk) metadata['telemetry.sdk'] = `${sdk} ${str(first.spans[0]!.resource, 'telemetry.sdk.version') ?? ''}`.trim();
  const firstUser = runs.flatMap((r) => r.events).find((e) => e.kind === 'user_message');
  const ends = traces.flatMap((t) => t.spans.map((s) => s.endTimeUnixNano ?? s.startTimeUnixNano)).filter((x): x is string => !!x);
  const last = ends.reduce<string | undefined>((m, x) => (m === undefined || BigInt(x) > BigInt(m) ? x : m), undefined);
  return withTotals({
    id: key,
    provider: 'otel',
    connectionId: o.connectionId,
    agentId: first.agentName,
    agentName: first.agentName,
    title: titleOf(firstUser?.kind === 'user_message' ? firstUser.text : undefined) ?? first.roots[0]?.name ?? key,
    createdAt: nanosToIso(first.roots[0]?.startTimeUnixNano),
    updatedAt: nanosToIso(last),
    metadata,
    runs,
  });
}

function titleOf(text: string | undefined): string | undefined {
  const line = text?.trim().split('\n', 1)[0]?.trim();
  if (!line) return undefined;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

// ---- one trace → one run -------------------------------------------------------------------

interface Walk {
  trace: Trace;
  runId: string;
  events: SessionEvent[];
  logsBySpan: Map<string, FlatLog[]>;
  /** Log records shown in a run (as a model call's messages or as events of their own). */
  placed: Set<FlatLog>;
  /** The outermost agent span: its input and output are the run's messages. */
  mainAgent?: FlatSpan;
  model?: string;
  /** Tool calls of the model calls so far that no tool span has claimed yet (see `adoptCall`). */
  asked: Array<{ id: string; name: string; arguments?: unknown }>;
}

function runOf(t: Trace, logsBySpan: Map<string, FlatLog[]>, placed: Set<FlatLog>): Omit<Run, 'totals'> {
  const w: Walk = { trace: t, runId: t.traceId, events: [], logsBySpan, placed, asked: [] };
  w.mainAgent = workflowRoot(t.spans, t.roots) ?? t.spans.filter((s) => roleOf(s) === 'agent').sort(byDepthThenStart(t.spans))[0];
  for (const root of t.roots) walk(w, root, undefined);
  // No agent span, or one that recorded no input and output (the older conventions): the model
  // calls' own messages stand in.
  if (!w.events.some((e) => e.kind === 'user_message' || e.kind === 'assistant_message')) bareModelMessages(w);
  if (!w.events.some((e) => e.kind === 'system_message')) systemFromModelCall(w);
  const root = t.roots[0];
  // A streamed agno run whose model failed ends its agent span with status OK (OpenInference's Agno
  // instrumentation), though agno stores the run as ERROR: a run whose last model call failed and
  // that gave no answer failed too.
  const lastCall = w.events.filter((e) => e.kind === 'model_call').at(-1);
  const answered = w.events.some((e) => e.kind === 'assistant_message' && !e.interrupted);
  const failed = t.roots.some((r) => r.statusCode === 2) || (lastCall?.kind === 'model_call' && !!lastCall.error && !answered);
  const userText = w.events.find((e) => e.kind === 'user_message');
  // An agent run that ended while tools its last model call asked for never ran did not complete: it
  // stopped for them (agno ends a run paused for a person's confirmation, input or external
  // execution this way, its spans OK). What it waits for the spans do not say, so only the status does.
  const asked = lastCall?.kind === 'model_call' ? (lastCall.output ?? []).flatMap((m) => m.toolCalls ?? []) : [];
  const later = w.events.slice(lastCall ? w.events.indexOf(lastCall) + 1 : 0);
  const ran = (c: { id?: string; name: string }) =>
    later.some((e) => e.kind === 'tool_call' && (c.id ? e.callId === c.id : e.name === c.name));
  const stopped = !failed && w.mainAgent !== undefined && asked.some((c) => !ran(c));
  const run: Omit<Run, 'totals'> = {
    id: t.traceId,
    title: titleOf(userText?.kind === 'user_message' ? userText.text : undefined) ?? root?.name,
    createdAt: nanosToIso(root?.startTimeUnixNano),
    model: w.model,
    status: failed ? 'error' : stopped ? 'paused' : 'completed',
    events: w.events,
  };
  // The run's wall time as the sender measured it (its spans' first start to last end), shown beside
  // the sum of the steps' own durations: nested steps (a member's run inside its delegation, a
  // workflow step's agent) each count their span's duration, so that sum is not the run's time.
  const wall = wallTimeMs(t.spans);
  if (wall !== undefined) run.providerTotals = { tokens: {}, latencyMs: wall };
  return run;
}

function wallTimeMs(spans: readonly FlatSpan[]): number | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const s of spans) {
    if (s.startTimeUnixNano && (first === undefined || cmpNanos(s.startTimeUnixNano, first) < 0)) first = s.startTimeUnixNano;
    if (s.endTimeUnixNano && (last === undefined || cmpNanos(s.endTimeUnixNano, last) > 0)) last = s.endTimeUnixNano;
  }
  const a = nanosToMs(first);
  const b = nanosToMs(last);
  return a !== undefined && b !== undefined && b >= a ? Math.round((b - a) * 1000) / 1000 : undefined;
}

function base(
  w: Walk,
  s: FlatSpan,
  suffix: string,
  at: 'start' | 'end' = 'start',
): { id: string; runId: string; timestamp?: string; timeMs?: number } {
  const nano = at === 'start' ? s.startTimeUnixNano : (s.endTimeUnixNano ?? s.startTimeUnixNano);
  const e: { id: string; runId: string; timestamp?: string; timeMs?: number } = { id: `${s.spanId}:${suffix}`, runId: w.runId };
  const iso = nanosToIso(nano);
  const ms = nanosToMs(nano);
  if (iso) e.timestamp = iso;
  if (ms !== undefined) e.timeMs = ms;
  return e;
}

function durationMs(s: FlatSpan): number | undefined {
  const a = nanosToMs(s.startTimeUnixNano);
  const b = nanosToMs(s.endTimeUnixNano);
  return a !== undefined && b !== undefined && b >= a ? Math.round((b - a) * 1000) / 1000 : undefined;
}

function walk(w: Walk, s: FlatSpan, parentCallId: string | undefined): void {
  const kids = w.trace.children.get(s.spanId) ?? [];
  if (s === w.mainAgent && roleOf(s) === 'chain') {
    // A workflow: its input and output are the run's messages, its steps what happened between.
    agentStart(w, s);
    spanEvents(w, s, 'chain', true);
    for (const k of kids) walk(w, k, parentCallId);
    agentEnd(w, s);
    return;
  }
  const role = roleOf(s);
  let childParent = parentCallId;
  switch (role) {
    case 'agent':
      if (s === w.mainAgent || (w.mainAgent === undefined && parentCallId === undefined)) agentStart(w, s);
      else childParent = callStart(w, s, 'agent', parentCallId);
      break;
    case 'model': {
      const call = modelCall(w, s, parentCallId);
      w.events.push(call);
      const thought = call.kind === 'model_call' ? reasoningOf(call.output) : undefined;
      if (thought) {
        w.events.push({ ...base(w, s, 'reasoning', 'end'), kind: 'reasoning', text: thought });
      }
      if (call.kind === 'model_call')
        for (const m of call.output ?? [])
          for (const c of m.toolCalls ?? []) if (c.id) w.asked.push({ id: c.id, name: c.name, arguments: c.arguments });
      break;
    }
    case 'tool':
      childParent = callStart(w, s, 'tool', parentCallId);
      break;
    default:
      w.events.push(otherOf(w, s, role, parentCallId));
  }
  // A model, tool or agent span's own failure is its event's (the failed call, the failed result,
  // the run's error): the exceptions it recorded are that failure's details, not more errors.
  spanEvents(w, s, role, role === 'model' || role === 'tool' || role === 'agent');
  for (const k of kids) walk(w, k, childParent);
  if (role === 'agent') {
    if (s === w.mainAgent || (w.mainAgent === undefined && parentCallId === undefined)) agentEnd(w, s);
    else callEnd(w, s, childParent!);
  } else if (role === 'tool') callEnd(w, s, childParent!);
}

function agentStart(w: Walk, s: FlatSpan): void {
  const { input } = messagesOf(s);
  const system = input
    ?.filter((m) => m.role === 'system' && m.text)
    .map((m) => m.text!)
    .join('\n\n');
  if (system) w.events.push({ ...base(w, s, 'system'), kind: 'system_message', text: system });
  const lastUser = [...(input ?? [])].reverse().find((m) => m.role === 'user' && m.text);
  const text = lastUser?.text ?? valueText(s.attributes['input.value']);
  if (text !== undefined) w.events.push({ ...base(w, s, 'user'), kind: 'user_message', text });
}

function agentEnd(w: Walk, s: FlatSpan): void {
  // An agent span that recorded neither input nor output is still shown, with its attributes.
  if (!w.events.some((e) => e.id.startsWith(`${s.spanId}:`))) {
    const { output: out } = messagesOf(s);
    const said = out?.some((m) => m.text) || valueText(s.attributes['output.value']);
    if (!said) w.events.push(otherOf(w, s, 'agent', undefined));
  }
  const { output } = messagesOf(s);
  const failed = s.statusCode === 2;
  const text =
    output
      ?.map((m) => m.text)
      .filter(Boolean)
      .join('\n\n') || valueText(s.attributes['output.value']);
  // One failure, one rendering: a failed run's "output" that only repeats the failure (agno puts
  // the error text there) is not an answer, and a run that failed because a step inside it failed
  // (the failed model call, the tool that raised, shown already) gets no second error of its own.
  if (text && !(failed && repeatsFailure(w, s, text))) {
    const e: SessionEvent = { ...base(w, s, 'answer', 'end'), kind: 'assistant_message', text };
    if (failed) e.interrupted = true;
    w.events.push(e);
  }
  if (failed && !causeShown(w)) w.events.push(errorOf(w, s));
}

/** The failure messages shown in the run so far, and this span's own. */
function failureTexts(w: Walk, s: FlatSpan): string[] {
  const out: string[] = [];
  for (const e of w.events) {
    if (e.kind === 'error') out.push(e.message);
    else if (e.kind === 'model_call' && e.error) out.push(e.error);
    else if (e.kind === 'tool_result' && e.isError && typeof e.result === 'string') out.push(e.result);
  }
  const own = failureOf(s);
  if (own.message) out.push(own.message);
  for (const x of exceptionsOf(s)) if (typeof x['exception.message'] === 'string') out.push(x['exception.message']);
  return out;
}

function repeatsFailure(w: Walk, s: FlatSpan, text: string): boolean {
  const t = text.trim();
  return t !== '' && failureTexts(w, s).some((m) => m.includes(t));
}

/** A failure after the run's last model call that answered: the run failed of it. */
function causeShown(w: Walk): boolean {
  for (let i = w.events.length - 1; i >= 0; i--) {
    const e = w.events[i]!;
    if (e.kind === 'model_call') return !!e.error;
    if (e.kind === 'error' || (e.kind === 'tool_result' && e.isError)) return true;
  }
  return false;
}

/** A span's `exception` events, each failure once (instrumentations often record the same exception twice). */
function exceptionsOf(s: FlatSpan): Attributes[] {
  const seen = new Set<string>();
  const out: Attributes[] = [];
  for (const ev of s.events) {
    if (ev.name !== 'exception') continue;
    // By type and message: the second record of one failure has a stack trace taken elsewhere.
    const key = JSON.stringify([ev.attributes['exception.type'], ev.attributes['exception.message']]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ev.attributes);
  }
  return out;
}

/** What a failed span says went wrong: its status message, else its first exception; `error.type`, else the exception's type. */
function failureOf(s: FlatSpan): { code?: string; message?: string } {
  const exc = exceptionsOf(s)[0];
  const code = str(s.attributes, 'error.type') ?? (exc ? str(exc, 'exception.type') : undefined);
  const message = s.statusMessage ?? (exc ? str(exc, 'exception.message') : undefined);
  return { code, message };
}

/** "code: message", without saying the code twice. */
function failureText(s: FlatSpan): string | undefined {
  const { code, message } = failureOf(s);
  if (code && message) return message.startsWith(code) ? message : `${code}: ${message}`;
  return message ?? code;
}

/** The exceptions a failed span recorded, kept with the event that shows its failure. */
function withExceptions(e: SessionEvent, s: FlatSpan): void {
  const list = exceptionsOf(s);
  if (list.length) e.raw = { ...(e.raw && typeof e.raw === 'object' ? (e.raw as object) : {}), exceptions: list };
}

/** An agent inside another agent, or a tool: a call, whose result comes at the span's end. */
function callStart(w: Walk, s: FlatSpan, kind: 'agent' | 'tool', parentCallId: string | undefined): string {
  const a = s.attributes;
  const own = str(a, 'gen_ai.tool.call.id', 'tool_call.id');
  const adopted = own === undefined && kind === 'tool' ? adoptCall(w, s) : undefined;
  const callId = own ?? adopted?.id ?? s.spanId;
  const name =
    kind === 'agent'
      ? (str(a, 'gen_ai.agent.name', 'agent.name') ?? s.name.replace(/^invoke_agent\s+/, ''))
      : (str(a, 'gen_ai.tool.name', 'tool.name') ?? s.name.replace(/^execute_tool\s+/, ''));
  let args: unknown = structured(given(a, 'gen_ai.tool.call.arguments', 'tool_call.function.arguments', 'input.value'));
  // A tool span that did not say its arguments ran the call the model asked for, with the model's.
  if (args === undefined && adopted) args = adopted.arguments;
  if (kind === 'agent' && args === undefined) {
    const { input } = messagesOf(s);
    args = input ? input.map((m) => m.text ?? m).at(-1) : undefined;
  }
  const e: SessionEvent = {
    ...base(w, s, 'call'),
    kind: 'tool_call',
    name: name || s.name,
    callId,
    arguments: args ?? {},
    toolType: kind === 'agent' ? 'agent' : (str(a, 'gen_ai.tool.type') ?? 'function'),
  };
  const latency = durationMs(s);
  if (latency !== undefined) e.latencyMs = latency;
  if (parentCallId) e.parentCallId = parentCallId;
  const description = str(a, 'gen_ai.tool.description', 'tool.description');
  if (description) e.raw = { description };
  w.events.push(e);
  return callId;
}

/**
 * A tool span that names no call id (OpenInference's Agno instrumentation sends none) answers the
 * earliest tool call the model asked for with the same name (and the same arguments, when both say):
 * the tool call then carries the model's id, as the model call's output and the next request do.
 */
function adoptCall(w: Walk, s: FlatSpan): { id: string; arguments?: unknown } | undefined {
  const a = s.attributes;
  const name = str(a, 'gen_ai.tool.name', 'tool.name') ?? s.name.replace(/^execute_tool\s+/, '');
  const args = structured(given(a, 'gen_ai.tool.call.arguments', 'tool_call.function.arguments', 'tool.parameters', 'input.value'));
  const same = (x: unknown, y: unknown) => x === undefined || y === undefined || JSON.stringify(x) === JSON.stringify(y);
  const i = w.asked.findIndex((c) => c.name === name && same(c.arguments, args));
  if (i < 0) return undefined;
  const [c] = w.asked.splice(i, 1);
  // An id the trace already uses for another call (a span that named it) is not taken twice.
  return w.events.some((e) => e.kind === 'tool_call' && e.callId === c!.id) ? undefined : c;
}

/** The first of these attributes that says something: null and "" are not given (as when left out). */
function given(a: Attributes, ...keys: string[]): AttrValue | undefined {
  for (const k of keys) {
    const v = a[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** "" when one of these attributes was sent empty. */
function emptyOf(a: Attributes, ...keys: string[]): '' | undefined {
  return keys.some((k) => a[k] === '') ? '' : undefined;
}

/** No agent span said what the system prompt was: the first model call's system message did. */
function systemFromModelCall(w: Walk): void {
  const first = w.events.find((e) => e.kind === 'model_call');
  if (first?.kind !== 'model_call' || first.parentCallId) return;
  const text = first.input
    ?.filter((m) => m.role === 'system' && m.text)
    .map((m) => m.text!)
    .join('\n\n');
  if (!text) return;
  const at = w.events.findIndex((e) => e.kind === 'user_message');
  const e: SessionEvent = { id: `${first.id}:system`, runId: w.runId, kind: 'system_message', text };
  const anchor = at >= 0 ? w.events[at]! : first;
  if (anchor.timestamp) e.timestamp = anchor.timestamp;
  if (anchor.timeMs !== undefined) e.timeMs = anchor.timeMs;
  w.events.splice(at >= 0 ? at : w.events.indexOf(first), 0, e);
}

function callEnd(w: Walk, s: FlatSpan, callId: string): void {
  const a = s.attributes;
  const failed = s.statusCode === 2;
  // An empty result is what the tool returned, unless it failed: then it said nothing, and the failure speaks.
  let result: unknown = structured(
    given(a, 'gen_ai.tool.call.result', 'output.value') ?? (failed ? undefined : emptyOf(a, 'gen_ai.tool.call.result', 'output.value')),
  );
  if (result === undefined && roleOf(s) === 'agent')
    result = messagesOf(s)
      .output?.map((m) => m.text ?? m)
      .at(-1);
  if (result === undefined && failed) result = failureOf(s).message ?? failureOf(s).code ?? 'failed';
  const e: SessionEvent = {
    ...base(w, s, 'result', 'end'),
    kind: 'tool_result',
    name: (w.events.find((x) => x.kind === 'tool_call' && x.callId === callId) as { name?: string } | undefined)?.name,
    callId,
    result: result ?? null,
  };
  if (failed) {
    e.isError = true;
    withExceptions(e, s);
  }
  const parent = w.events.find((x) => x.kind === 'tool_call' && x.callId === callId);
  if (parent?.kind === 'tool_call' && parent.parentCallId) e.parentCallId = parent.parentCallId;
  w.events.push(e);
}

function modelCall(w: Walk, s: FlatSpan, parentCallId: string | undefined): SessionEvent {
  const a = s.attributes;
  const msgs = messagesOf(s);
  for (const l of w.logsBySpan.get(`${s.traceId}/${s.spanId}`) ?? [])
    if (isMessageEvent(l.eventName)) {
      mergeLog(msgs, l);
      w.placed.add(l);
    }
  const requestModel = str(a, 'gen_ai.request.model', 'llm.model_name');
  const model = str(a, 'gen_ai.response.model', 'llm.model_name') ?? requestModel;
  const e: SessionEvent = { ...base(w, s, 'model'), kind: 'model_call' };
  if (model) e.model = model;
  if (requestModel && requestModel !== model) e.requestModel = requestModel;
  const provider = str(a, 'gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system');
  if (provider) e.provider = provider;
  const op = str(a, 'gen_ai.operation.name');
  e.operation = op ?? (str(a, 'openinference.span.kind')?.toUpperCase() === 'EMBEDDING' ? 'embeddings' : 'chat');
  if (msgs.input) e.input = msgs.input;
  if (msgs.output) e.output = msgs.output;
  const tokens: TokenUsage | undefined = tokensOf(a);
  if (tokens) e.tokens = tokens;
  const latency = durationMs(s);
  if (latency !== undefined) e.latencyMs = latency;
  const ttft = num(a, 'gen_ai.response.time_to_first_chunk', 'gen_ai.server.time_to_first_token');
  if (ttft !== undefined) e.timeToFirstTokenMs = Math.round(ttft * 1e6) / 1e3;
  const finish = finishReasonOf(a, msgs.output);
  if (finish) e.finishReason = finish;
  const responseId = str(a, 'gen_ai.response.id');
  if (responseId) e.responseId = responseId;
  const params = parametersOf(a);
  if (params) e.parameters = params;
  const tools = toolDefinitionsOf(a);
  if (tools !== undefined) e.tools = tools;
  const cost = num(a, 'gen_ai.usage.cost', 'llm.cost.total');
  if (cost !== undefined) e.costUsd = cost;
  if (parentCallId) e.parentCallId = parentCallId;
  if (s.statusCode === 2) {
    e.error = failureText(s) ?? 'failed';
    withExceptions(e, s);
  }
  w.model ??= model;
  return e;
}

/** GenAI content sent as log events (`gen_ai.client.inference.operation.details`, or one event per message). */
function mergeLog(msgs: { input?: ModelMessage[]; output?: ModelMessage[] }, l: FlatLog): void {
  const attrs: Attributes = { ...l.attributes };
  if (l.body !== undefined && l.body !== null && typeof l.body === 'object' && !Array.isArray(l.body))
    Object.assign(attrs, l.body as Record<string, AttrValue>);
  const fake: FlatSpan = {
    resource: {},
    scope: {},
    traceId: '',
    spanId: '',
    name: '',
    kind: 0,
    attributes: {},
    events: [
      { name: l.eventName ?? '', attributes: l.body !== undefined && typeof l.body !== 'object' ? { ...attrs, body: l.body } : attrs },
    ],
    links: [],
    statusCode: 0,
  };
  const got = messagesOf(fake);
  if (got.input && !msgs.input) msgs.input = got.input;
  else if (got.input && msgs.input && l.eventName !== 'gen_ai.client.inference.operation.details')
    msgs.input = [...msgs.input, ...got.input];
  if (got.output && !msgs.output) msgs.output = got.output;
}

/** Spans no convention describes (or a CHAIN, a workflow): every attribute kept, as an `other` event. */
function otherOf(w: Walk, s: FlatSpan, role: SpanRole, parentCallId: string | undefined): SessionEvent {
  const fields: Record<string, unknown> = { span: s.name, ...s.attributes };
  if (s.statusCode === 2) fields['status'] = s.statusMessage ? `ERROR: ${s.statusMessage}` : 'ERROR';
  if (s.scope.name) fields['instrumentation scope'] = s.scope.name;
  const e: SessionEvent = { ...base(w, s, 'span'), kind: 'other', type: role === 'chain' ? `chain: ${s.name}` : s.name || 'span', fields };
  const text = valueText(s.attributes['output.value']);
  if (text) e.text = text;
  const latency = durationMs(s);
  if (latency !== undefined) e.latencyMs = latency;
  void parentCallId;
  return e;
}

/**
 * A span's events and the log records sent for it: exceptions are errors (each once; on a span whose
 * own failure is already its event's, they are that failure's details, see withExceptions);
 * GenAI message events are read into the messages; anything else is an `other` event with its
 * attributes, never dropped (an evaluation result, a log line of the app).
 */
function spanEvents(w: Walk, s: FlatSpan, role: SpanRole, ownFailureShown: boolean): void {
  const exceptions = new Set(exceptionsOf(s));
  s.events.forEach((ev, i) => {
    const at = timeOf(ev.timeUnixNano);
    if (ev.name === 'exception') {
      if (!exceptions.has(ev.attributes) || (ownFailureShown && s.statusCode === 2)) return;
      const message = str(ev.attributes, 'exception.message') ?? 'exception';
      const e: SessionEvent = { id: `${s.spanId}:event:${i}`, runId: w.runId, ...at, kind: 'error', message, raw: ev.attributes };
      const code = str(ev.attributes, 'exception.type');
      if (code) e.code = code;
      w.events.push(e);
      return;
    }
    if ((role === 'model' || role === 'agent' || role === 'chain') && isMessageEvent(ev.name)) return; // read into the messages
    w.events.push({
      id: `${s.spanId}:event:${i}`,
      runId: w.runId,
      ...at,
      kind: 'other',
      type: ev.name || 'span event',
      fields: { span: s.name, ...ev.attributes },
    });
  });
  (w.logsBySpan.get(`${s.traceId}/${s.spanId}`) ?? []).forEach((l, i) => {
    if (w.placed.has(l)) return;
    w.placed.add(l);
    const e: SessionEvent = {
      id: `${s.spanId}:log:${i}`,
      runId: w.runId,
      ...timeOf(l.timeUnixNano ?? l.observedTimeUnixNano),
      kind: 'other',
      type: l.eventName ?? l.severityText ?? 'log',
      fields: { span: s.name, ...l.attributes, ...(l.body !== undefined ? { body: l.body } : {}) },
    };
    if (typeof l.body === 'string') e.text = l.body;
    w.events.push(e);
  });
}

function timeOf(nano: string | undefined): { timestamp?: string; timeMs?: number } {
  const at: { timestamp?: string; timeMs?: number } = {};
  const iso = nanosToIso(nano);
  if (iso) at.timestamp = iso;
  const ms = nanosToMs(nano);
  if (ms !== undefined) at.timeMs = ms;
  return at;
}

function errorOf(w: Walk, s: FlatSpan): SessionEvent {
  const { code, message } = failureOf(s);
  const e: SessionEvent = { ...base(w, s, 'error', 'end'), kind: 'error', message: message ?? code ?? `${s.name} failed` };
  if (code) e.code = code;
  withExceptions(e, s);
  return e;
}

/**
 * A trace of model calls with no agent span (an instrumented SDK called directly): the first call's
 * last user message and the last call's answer become the run's messages, so it reads as a
 * conversation. They carry no tokens: the calls do.
 */
function bareModelMessages(w: Walk): void {
  const calls = w.events.filter((e): e is Extract<SessionEvent, { kind: 'model_call' }> => e.kind === 'model_call');
  if (!calls.length) return;
  const first = calls[0]!;
  const last = calls.at(-1)!;
  const ask = [...(first.input ?? [])].reverse().find((m) => m.role === 'user' && m.text);
  if (ask?.text)
    w.events.splice(w.events.indexOf(first), 0, {
      id: `${first.id}:user`,
      runId: w.runId,
      timestamp: first.timestamp,
      timeMs: first.timeMs,
      kind: 'user_message',
      text: ask.text,
    });
  const answer = last.output
    ?.map((m) => m.text)
    .filter(Boolean)
    .join('\n\n');
  if (answer) {
    const end = last.timeMs !== undefined && last.latencyMs !== undefined ? last.timeMs + last.latencyMs : last.timeMs;
    const e: SessionEvent = { id: `${last.id}:answer`, runId: w.runId, kind: 'assistant_message', text: answer };
    if (end !== undefined) {
      e.timeMs = end;
      // A sender's clock can say anything: a time past what Date can hold gets no timestamp.
      const d = new Date(end);
      if (Number.isFinite(d.getTime())) e.timestamp = d.toISOString();
    }
    w.events.splice(w.events.indexOf(last) + 1, 0, e);
  }
}

/** Log records that belong to no received span: one session of `other` events, every field kept. */
function logsSession(logs: readonly FlatLog[], o: MapOptions): Session {
  const sorted = [...logs].sort(
    (a, b) => (nanosToMs(a.timeUnixNano ?? a.observedTimeUnixNano) ?? 0) - (nanosToMs(b.timeUnixNano ?? b.observedTimeUnixNano) ?? 0),
  );
  const service = str(sorted[0]!.resource, 'service.name') ?? 'unknown_service';
  const events: SessionEvent[] = sorted.map((l, i) => {
    const nano = l.timeUnixNano ?? l.observedTimeUnixNano;
    const e: SessionEvent = {
      id: `log:${i}`,
      runId: 'logs',
      kind: 'other',
      type: l.eventName ?? l.severityText ?? 'log',
      fields: {
        ...l.attributes,
        ...(l.body !== undefined ? { body: l.body } : {}),
        ...(l.traceId ? { traceId: l.traceId } : {}),
        ...(l.spanId ? { spanId: l.spanId } : {}),
      },
    };
    const iso = nanosToIso(nano);
    if (iso) e.timestamp = iso;
    const ms = nanosToMs(nano);
    if (ms !== undefined) e.timeMs = ms;
    if (typeof l.body === 'string') e.text = l.body;
    return e;
  });
  return withTotals({
    id: `logs:${service}`,
    provider: 'otel',
    connectionId: o.connectionId,
    agentId: service,
    agentName: service,
    title: `Log events from ${service}`,
    createdAt: events[0]?.timestamp,
    updatedAt: events.at(-1)?.timestamp,
    metadata: { 'service.name': service },
    runs: [{ id: 'logs', title: 'Log events without a received span', events }],
  });
}
