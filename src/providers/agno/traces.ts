// Agno's own traces (AgentOS 3.x with `tracing=True`: agno stores OpenInference's spans of every
// run and serves them at GET /traces and GET /traces/{trace_id}, agno/os/routers/traces/). A stored
// run says what the model answered and what it cost, not when each model request ran or for how
// long; its trace does. Here a run's LLM spans become model calls, in the run where agno's messages
// put them. Pure: the provider fetches, this maps.
//
// - Which run an LLM span belongs to: the trace's run (`run_id` of the trace), or the run of the
//   nearest AGENT / TEAM node above it that names one (`metadata.run_id`: a team member's run, a
//   workflow step's agent).
// - Each assistant message agno stored is one model request; the k-th LLM span of a run is the
//   k-th such message. When the counts agree, the model call carries agno's own tokens and cost
//   (from the message: the platform's figures, not the trace's) and the trace's timing, placed
//   before what the message produced. When they do not, the run is left as agno stored it: a call
//   in the wrong place would be worse than none.
// - A run that already has model calls (agno stored its ModelRequest events) is left alone.
import * as z from '../../model/zod';
import { toIso } from '../../model/time';
import { withTotals, type ModelMessage, type ModelToolCall, type Run, type Session, type SessionEvent } from '../../model';

const TraceNodeSchema: z.ZodMiniType<TraceNode> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    name: z.optional(z.nullable(z.string())),
    type: z.optional(z.nullable(z.string())),
    start_time: z.optional(z.nullable(z.string())),
    end_time: z.optional(z.nullable(z.string())),
    status: z.optional(z.nullable(z.string())),
    input: z.optional(z.nullable(z.unknown())),
    output: z.optional(z.nullable(z.unknown())),
    error: z.optional(z.nullable(z.string())),
    metadata: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
    spans: z.optional(z.nullable(z.array(TraceNodeSchema))),
  }),
) as never;

export interface TraceNode {
  id: string;
  name?: string | null;
  type?: string | null;
  start_time?: string | null;
  end_time?: string | null;
  status?: string | null;
  input?: unknown;
  output?: unknown;
  error?: string | null;
  metadata?: Record<string, unknown> | null;
  spans?: TraceNode[] | null;
}

export const AgnoTraceSummarySchema = z.looseObject({ trace_id: z.string(), run_id: z.optional(z.nullable(z.string())) });
export const AgnoTraceListSchema = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.optional(z.nullable(z.looseObject({ page: z.optional(z.number()), total_pages: z.optional(z.number()) }))),
});
export const AgnoTraceDetailSchema = z.looseObject({
  trace_id: z.string(),
  run_id: z.optional(z.nullable(z.string())),
  tree: z.array(TraceNodeSchema),
});
export type AgnoTraceDetail = z.infer<typeof AgnoTraceDetailSchema>;

/** The run ids and trace ids of one page of `GET /traces?session_id=` (entries that do not fit are skipped). */
export function traceIdsByRun(json: unknown): { byRun: Map<string, string>; more: boolean } {
  const byRun = new Map<string, string>();
  const list = AgnoTraceListSchema.safeParse(json);
  if (!list.success) return { byRun, more: false };
  for (const item of list.data.data) {
    const s = AgnoTraceSummarySchema.safeParse(item);
    if (s.success && s.data.run_id && !byRun.has(s.data.run_id)) byRun.set(s.data.run_id, s.data.trace_id);
  }
  const meta = list.data.meta;
  return { byRun, more: !!meta && typeof meta.page === 'number' && typeof meta.total_pages === 'number' && meta.page < meta.total_pages };
}

/** A trace's LLM nodes by the run they belong to, each run's in start order. */
export function llmNodesByRun(detail: AgnoTraceDetail): Map<string, TraceNode[]> {
  const out = new Map<string, TraceNode[]>();
  const visit = (n: TraceNode, runId: string | undefined, depth: number) => {
    if (depth > 200) return;
    const type = (n.type ?? '').toUpperCase();
    const own = typeof n.metadata?.run_id === 'string' && n.metadata.run_id ? n.metadata.run_id : undefined;
    // Below an agent, team or workflow node that names no run (a workflow's step), whose run a span
    // is cannot be told: those LLM spans are left out rather than given to the run above.
    const run = depth > 0 && (type === 'AGENT' || type === 'TEAM' || type === 'WORKFLOW') ? own : runId;
    if (type === 'LLM' && run) {
      const list = out.get(run) ?? [];
      list.push(n);
      out.set(run, list);
    }
    for (const c of n.spans ?? []) visit(c, run, depth + 1);
  };
  for (const root of detail.tree) {
    const own = typeof root.metadata?.run_id === 'string' && root.metadata.run_id ? root.metadata.run_id : undefined;
    visit(root, own ?? detail.run_id ?? undefined, 0);
  }
  for (const list of out.values()) list.sort((a, b) => (ms(a.start_time) ?? 0) - (ms(b.start_time) ?? 0));
  return out;
}

function ms(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return undefined;
  // Date keeps milliseconds; the node's microseconds are added back so a sub-millisecond call has a duration.
  const micro = /\.(\d{3})(\d{1,3})/.exec(iso);
  return micro ? t + Number(micro[2]!.padEnd(3, '0')) / 1000 : t;
}

function parsed(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** agno's messages as OpenInference's Agno instrumentation writes them into input.value / output.value. */
function messagesOf(v: unknown, fallbackRole: string): ModelMessage[] | undefined {
  const value = parsed(v);
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { messages?: unknown }).messages)
      ? (value as { messages: unknown[] }).messages
      : undefined;
  if (!list) return typeof value === 'string' && value ? [{ role: fallbackRole, text: value }] : undefined;
  const out: ModelMessage[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') continue;
    const m = raw as Record<string, unknown>;
    const msg: ModelMessage = { role: typeof m.role === 'string' && m.role ? m.role : fallbackRole };
    if (typeof m.content === 'string') msg.text = m.content;
    else if (m.content !== undefined && m.content !== null) msg.parts = [m.content];
    const calls: ModelToolCall[] = [];
    for (const c of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
      const fn = c && typeof c === 'object' ? ((c as { function?: Record<string, unknown> }).function ?? {}) : {};
      if (typeof fn.name !== 'string') continue;
      const call: ModelToolCall = { name: fn.name };
      if (typeof (c as { id?: unknown }).id === 'string') call.id = (c as { id: string }).id;
      if (fn.arguments !== undefined) call.arguments = parsed(fn.arguments);
      calls.push(call);
    }
    if (calls.length) msg.toolCalls = calls;
    if (typeof m.tool_call_id === 'string') msg.toolCallId = m.tool_call_id;
    if (typeof m.tool_name === 'string') msg.name = m.tool_name;
    if (typeof m.reasoning_content === 'string' && m.reasoning_content)
      msg.parts = [...(msg.parts ?? []), { type: 'reasoning', text: m.reasoning_content }];
    out.push(msg);
  }
  return out;
}

const isAssistant = (raw: unknown) => {
  const role = raw && typeof raw === 'object' ? (raw as { role?: unknown }).role : undefined;
  return typeof role === 'string' && ['assistant', 'model'].includes(role.toLowerCase());
};

/** The run's events grouped by the assistant message that produced them (its reasoning, text, tool calls). */
function requestGroups(events: SessionEvent[]): Array<{ first: number; events: SessionEvent[] }> {
  const groups: Array<{ first: number; events: SessionEvent[]; message: unknown }> = [];
  events.forEach((e, i) => {
    const raw = e.raw;
    if ((e.kind === 'assistant_message' || e.kind === 'reasoning' || e.kind === 'tool_call') && isAssistant(raw)) {
      const g = groups.at(-1);
      if (g && g.message === raw) g.events.push(e);
      else groups.push({ first: i, events: [e], message: raw });
    } else if (e.kind === 'tool_call' && groups.length && groups.at(-1)!.events.at(-1) === events[i - 1]) {
      // A message's second and later tool calls keep the call itself as raw.
      groups.at(-1)!.events.push(e);
    }
  });
  return groups;
}

function modelCallOf(run: Run, node: TraceNode, provider: string | undefined): Extract<SessionEvent, { kind: 'model_call' }> {
  const start = ms(node.start_time);
  const end = ms(node.end_time);
  const e: Extract<SessionEvent, { kind: 'model_call' }> = {
    id: `${run.id}:trace:${node.id}`,
    runId: run.id,
    kind: 'model_call',
    operation: 'chat',
    raw: node,
  };
  const iso = toIso(node.start_time ?? undefined);
  if (iso) e.timestamp = iso;
  if (start !== undefined) e.timeMs = start;
  if (start !== undefined && end !== undefined && end >= start) e.latencyMs = Math.round((end - start) * 1000) / 1000;
  const model = typeof node.metadata?.model === 'string' ? node.metadata.model : run.model;
  if (model) e.model = model;
  if (provider) e.provider = provider;
  const input = messagesOf(node.input, 'user');
  if (input) e.input = input;
  const output = messagesOf(node.output, 'assistant');
  if (output) e.output = output;
  if ((node.status ?? '').toUpperCase() === 'ERROR') e.error = node.error || 'failed';
  return e;
}

/** The session with model calls from its runs' traces (`traces`: run id → its trace's detail). */
export function withTraceModelCalls(session: Session, traces: ReadonlyMap<string, AgnoTraceDetail>): Session {
  const nodesByRun = new Map<string, TraceNode[]>();
  for (const d of new Set(traces.values()))
    for (const [run, nodes] of llmNodesByRun(d)) if (!nodesByRun.has(run)) nodesByRun.set(run, nodes);
  let changed = false;
  const runs = session.runs.map((run) => {
    const nodes = nodesByRun.get(run.id);
    if (!nodes?.length || run.events.some((e) => e.kind === 'model_call')) return run;
    const events = placeCalls(run, nodes);
    if (!events) return run;
    changed = true;
    return { ...run, events };
  });
  return changed ? withTotals({ ...session, runs }) : session;
}

function placeCalls(run: Run, nodes: TraceNode[]): SessionEvent[] | undefined {
  const events = run.events.map((e) => ({ ...e }) as SessionEvent);
  const provider = events.find((e) => e.provider)?.provider;
  const groups = requestGroups(events);
  if (groups.length === nodes.length) {
    // Back to front, so the indexes of the groups not yet done stay valid.
    for (let k = nodes.length - 1; k >= 0; k--) {
      const g = groups[k]!;
      const call = modelCallOf(run, nodes[k]!, provider);
      const measured = g.events.find((e) => e.tokens || e.costUsd !== undefined);
      if (measured?.tokens) call.tokens = { ...measured.tokens };
      if (measured?.costUsd !== undefined) call.costUsd = measured.costUsd;
      if (call.latencyMs !== undefined) for (const e of g.events) delete e.latencyMs; // one request's time, counted once: on its call
      const answer = g.events.find((e) => e.kind === 'assistant_message');
      if (answer && call.output?.[0] && !call.output[0].finishReason && (answer as { interrupted?: boolean }).interrupted)
        call.output[0].finishReason = 'interrupted';
      events.splice(g.first, 0, call);
    }
    return events;
  }
  return undefined;
}
