// Where the tokens, the money and the time of a session went: the same per-event figures that
// computeTotals() sums, attributed to runs, agents (team members, sub-agents), models and tools.
// Pure and linear in the events, so the inspector can recompute it while a session streams.
//
// Rules that keep it trustworthy:
// - every event's tokens and cost are counted exactly once in each grouping, so each grouping
//   sums to the session's totals (the unit tests hold it to that);
// - a figure no event reported stays undefined ("unknown"), never 0;
// - an event nested under a sub-agent's call, or in a member's run, counts for that sub-agent or
//   member, not for its leader;
// - the provider's own totals travel beside ours, with the differences computeTotals() finds.
import type { Run, Session, SessionEvent, TokenUsage, Totals } from './schema';
import { compareTotals, tokenSum, type TotalsMismatch } from './totals';

const TOKEN_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;

/** Sums of one group. Undefined = no event of the group reported it. */
export interface Figures {
  tokens: TokenUsage;
  costUsd?: number;
  /** Events that carried tokens or a cost: one model request each. */
  modelCalls: number;
  /** Tool calls and code executions (as the session totals count them). */
  toolCalls: number;
  errors: number;
  /** Latency of model steps (events with tokens or cost, answers, reasoning). */
  modelMs?: number;
  /** Latency of tools (tool calls and results without tokens, code executions). */
  toolMs?: number;
  /** Cache reads ÷ prompt tokens over the model calls that report cache reads; see cacheHitRate(). */
  cacheHitRate?: number;
  /** How many of `modelCalls` reported cache reads (the rate's coverage). */
  cacheReported: number;
  /** The events counted here, in session order: a row of the view opens these. */
  eventIds: string[];
}

export type GroupKind = 'run' | 'agent' | 'model' | 'tool';

export interface Group extends Figures {
  kind: GroupKind;
  /** Stable within the breakdown (a run id, a model name…). */
  key: string;
  label: string;
  /** agent groups: a run's agent, a team member, or a sub-agent (a call others nest under). */
  role?: 'agent' | 'member' | 'sub-agent';
  /** tool groups: characters of all results (a big result is paid for in every later prompt). */
  resultChars?: number;
  /** run groups: the provider's own totals and where ours differ. */
  providerTotals?: Totals;
  mismatches?: TotalsMismatch[];
}

/** One usage-bearing event (a model request). */
export interface ModelCall {
  eventId: string;
  runId: string;
  kind: SessionEvent['kind'];
  index: number;
  model?: string;
  tokens: TokenUsage;
  /** Prompt tokens: input + cache read + cache write, when input is known. */
  promptTokens?: number;
  costUsd?: number;
  latencyMs?: number;
  /** Time to first token, where the event says. */
  ttftMs?: number;
  cacheHitRate?: number;
  agent: string;
}

export interface ToolResultSize {
  eventId: string;
  /** The call this answers, when its id is known. */
  callEventId?: string;
  runId: string;
  name?: string;
  chars: number;
  isError: boolean;
}

export interface Breakdown {
  session: Figures;
  providerTotals?: Totals;
  mismatches: TotalsMismatch[];
  runs: Group[];
  agents: Group[];
  models: Group[];
  tools: Group[];
  /** Every model call in session order (the prompt-growth chart reads this). */
  calls: ModelCall[];
  /** The N most expensive model calls (by cost, then tokens). */
  topCalls: ModelCall[];
  /** The N largest tool results. */
  topResults: ToolResultSize[];
  /** First to last event time, when both are known. */
  wallMs?: number;
}

export interface BreakdownOptions {
  /** Length of the top-N lists (default 10). */
  top?: number;
}

/**
 * Cache reads ÷ prompt tokens (input + cache read + cache write: this model keeps cache tokens
 * apart from input). Unknown unless both input and cache reads are reported.
 */
export function cacheHitRate(t: TokenUsage | undefined): number | undefined {
  const prompt = isNum(t?.cacheRead) && t.cacheRead >= 0 ? promptTokens(t) : undefined;
  return prompt !== undefined && prompt > 0 ? t!.cacheRead! / prompt : undefined;
}

/** Prompt size of one request, when its input is known (a negative count makes it unknown). */
export function promptTokens(t: TokenUsage | undefined): number | undefined {
  if (!t || !isNum(t.input) || t.input < 0) return undefined;
  let n = t.input;
  for (const v of [t.cacheRead, t.cacheWrite]) {
    if (v === undefined || v === null) continue;
    if (!isNum(v) || v < 0) return undefined;
    n += v;
  }
  return n;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Accumulator behind a Figures: the cache rate needs its own sums over the calls that report it. */
class Acc {
  readonly f: Figures = { tokens: {}, modelCalls: 0, toolCalls: 0, errors: 0, cacheReported: 0, eventIds: [] };
  private cacheRead = 0;
  private cachePrompt = 0;

  add(e: SessionEvent, c: Classified): void {
    const f = this.f;
    f.eventIds.push(e.id);
    if (c.usage) {
      f.modelCalls += 1;
      const t = e.tokens;
      if (t) {
        for (const key of TOKEN_KEYS) {
          const v = t[key];
          if (isNum(v)) f.tokens[key] = (f.tokens[key] ?? 0) + v;
        }
        const prompt = cacheHitRate(t) !== undefined ? promptTokens(t) : undefined;
        if (prompt !== undefined) {
          f.cacheReported += 1;
          this.cacheRead += t.cacheRead!;
          this.cachePrompt += prompt;
        }
      }
      if (isNum(e.costUsd)) f.costUsd = (f.costUsd ?? 0) + e.costUsd;
    }
    if (c.tool) f.toolCalls += 1;
    if (c.error) f.errors += 1;
    if (isNum(e.latencyMs)) {
      if (c.time === 'model') f.modelMs = (f.modelMs ?? 0) + e.latencyMs;
      else if (c.time === 'tool') f.toolMs = (f.toolMs ?? 0) + e.latencyMs;
    }
  }

  done(): Figures {
    if (this.cachePrompt > 0) this.f.cacheHitRate = this.cacheRead / this.cachePrompt;
    return this.f;
  }
}

interface Classified {
  /** Carries tokens or a cost: a model request. */
  usage: boolean;
  tool: boolean;
  error: boolean;
  time?: 'model' | 'tool';
}

function classify(e: SessionEvent): Classified {
  const usage = hasUsage(e);
  const tool = e.kind === 'tool_call' || e.kind === 'code_execution';
  const error = e.kind === 'error' || (e.kind === 'tool_result' && e.isError === true);
  let time: Classified['time'];
  // An event that carries a request's tokens carries that request's latency too (agno puts a
  // tool-calling message's figures on its first call); other tool events time the tool.
  if (usage || e.kind === 'assistant_message' || e.kind === 'reasoning' || (e.kind as string) === 'model_call') time = 'model';
  else if (tool || e.kind === 'tool_result') time = 'tool';
  return { usage, tool, error, time };
}

function hasUsage(e: SessionEvent): boolean {
  if (isNum(e.costUsd)) return true;
  const t = e.tokens;
  if (!t) return false;
  for (const key of TOKEN_KEYS) if (isNum(t[key])) return true;
  return false;
}

/** Time to first token, for event kinds that carry one (model calls from OpenTelemetry, agno). */
function ttftOf(e: SessionEvent): number | undefined {
  const v = (e as { ttftMs?: unknown }).ttftMs;
  return isNum(v) ? v : undefined;
}

/** Characters of a tool result as the model would read it again: strings as they are, the rest as JSON. */
const sizes = new WeakMap<object, number>();
export function resultChars(e: SessionEvent & { kind: 'tool_result' }): number {
  const cached = sizes.get(e);
  if (cached !== undefined) return cached;
  const r = e.result;
  let n: number;
  if (typeof r === 'string') n = r.length;
  else if (r === undefined || r === null) n = 0;
  else {
    try {
      n = JSON.stringify(r)?.length ?? 0;
    } catch {
      n = String(r).length;
    }
  }
  sizes.set(e, n);
  return n;
}

class Grouping {
  private readonly map = new Map<string, { acc: Acc; group: Omit<Group, keyof Figures> }>();

  constructor(private readonly kind: GroupKind) {}

  get(key: string, label: string, extra: Partial<Group> = {}): Acc {
    let g = this.map.get(key);
    if (!g) {
      g = { acc: new Acc(), group: { kind: this.kind, key, label, ...extra } };
      this.map.set(key, g);
    }
    return g.acc;
  }

  result(): Group[] {
    return [...this.map.values()].map(({ acc, group }) => ({ ...acc.done(), ...group }) as Group);
  }

  extra(key: string): Omit<Group, keyof Figures> | undefined {
    return this.map.get(key)?.group;
  }
}

export const UNKNOWN_MODEL = '(model not reported)';

/** The agent a run belongs to: its own (a team member, a step's agent) or the session's. */
export function runAgent(run: Run, session: Pick<Session, 'agentName' | 'agentId'>): { name: string; role: 'agent' | 'member' } {
  if (run.agentName) return { name: run.agentName, role: 'member' };
  return { name: session.agentName ?? session.agentId ?? 'Agent', role: 'agent' };
}

export function computeBreakdown(session: Session, options: BreakdownOptions = {}): Breakdown {
  const top = options.top ?? 10;
  const all = new Acc();
  const runs = new Grouping('run');
  const agents = new Grouping('agent');
  const models = new Grouping('model');
  const tools = new Grouping('tool');
  const calls: ModelCall[] = [];
  const results: ToolResultSize[] = [];
  let first: number | undefined;
  let last: number | undefined;
  let index = 0;

  for (let r = 0; r < session.runs.length; r++) {
    const run = session.runs[r];
    const runAcc = runs.get(`${r}:${run.id}`, run.title ?? `Run ${r + 1}`, {
      ...(run.providerTotals ? { providerTotals: run.providerTotals, mismatches: compareTotals(run.totals, run.providerTotals) } : {}),
    });
    const owner = runAgent(run, session);
    // Calls of this run by id, and which of them are sub-agents (a call others nest under, or a
    // call the provider typed as an agent): nested events belong to the nearest such call.
    const callById = new Map<string, SessionEvent & { kind: 'tool_call' }>();
    const callEventById = new Map<string, string>();
    const parents = new Set<string>();
    for (const e of run.events) {
      if (e.kind === 'tool_call' && e.callId !== undefined) {
        callById.set(e.callId, e);
        callEventById.set(e.callId, e.id);
      }
      const p = 'parentCallId' in e ? e.parentCallId : undefined;
      if (p !== undefined) parents.add(p);
    }
    const isSubAgent = (c: SessionEvent & { kind: 'tool_call' }) => c.toolType === 'agent' || (c.callId !== undefined && parents.has(c.callId));
    const agentOf = new Map<string, string | undefined>();
    const nearestSubAgent = (parentCallId: string | undefined): string | undefined => {
      // Walks up the parent chain once per call id (memoised; a cycle ends the walk).
      const seen = new Set<string>();
      let id = parentCallId;
      while (id !== undefined && !seen.has(id)) {
        if (agentOf.has(id)) return agentOf.get(id);
        seen.add(id);
        const c = callById.get(id);
        if (!c) break;
        if (isSubAgent(c)) {
          agentOf.set(id, c.name);
          return c.name;
        }
        id = c.parentCallId;
      }
      if (parentCallId !== undefined) agentOf.set(parentCallId, undefined);
      return undefined;
    };

    for (const e of run.events) {
      const c = classify(e);
      all.add(e, c);
      runAcc.add(e, c);
      if (isNum(e.timeMs)) {
        if (first === undefined || e.timeMs < first) first = e.timeMs;
        if (last === undefined || e.timeMs > last) last = e.timeMs;
      }

      const parent = 'parentCallId' in e ? e.parentCallId : undefined;
      const sub = parent !== undefined ? nearestSubAgent(parent) : undefined;
      const agentName = sub ?? owner.name;
      const role = sub !== undefined ? 'sub-agent' : owner.role;
      agents.get(`${role}:${agentName}`, agentName, { role }).add(e, c);

      if (c.usage) {
        const model = e.model ?? run.model;
        models.get(model ?? UNKNOWN_MODEL, model ?? UNKNOWN_MODEL).add(e, c);
        const call: ModelCall = { eventId: e.id, runId: e.runId, kind: e.kind, index, tokens: e.tokens ?? {}, agent: agentName };
        if (model !== undefined) call.model = model;
        const prompt = promptTokens(e.tokens);
        if (prompt !== undefined) call.promptTokens = prompt;
        if (isNum(e.costUsd)) call.costUsd = e.costUsd;
        if (isNum(e.latencyMs)) call.latencyMs = e.latencyMs;
        const ttft = ttftOf(e);
        if (ttft !== undefined) call.ttftMs = ttft;
        const rate = cacheHitRate(e.tokens);
        if (rate !== undefined) call.cacheHitRate = rate;
        calls.push(call);
      }

      // A tool's row holds the tool's own figures: a model step that rode on its call (agno puts
      // a tool-calling message's tokens on its first call) belongs to the model rows, not here.
      const t: Classified = c.usage ? { usage: false, tool: c.tool, error: c.error } : c;
      if (e.kind === 'tool_call') tools.get(e.name, e.name).add(e, t);
      else if (e.kind === 'code_execution') tools.get(`code:${e.language}`, `${e.language} code`).add(e, t);
      else if (e.kind === 'tool_result') {
        const name = e.name ?? (e.callId !== undefined ? callById.get(e.callId)?.name : undefined);
        const chars = resultChars(e);
        tools.get(name ?? '(unnamed tool)', name ?? '(unnamed tool)').add(e, t);
        const g = tools.extra(name ?? '(unnamed tool)')!;
        g.resultChars = (g.resultChars ?? 0) + chars;
        const row: ToolResultSize = { eventId: e.id, runId: e.runId, chars, isError: e.isError === true };
        if (name !== undefined) row.name = name;
        const callEvent = e.callId !== undefined ? callEventById.get(e.callId) : undefined;
        if (callEvent !== undefined) row.callEventId = callEvent;
        results.push(row);
      }
      index++;
    }
  }

  const out: Breakdown = {
    session: all.done(),
    mismatches: compareTotals(session.totals, session.providerTotals),
    runs: runs.result(),
    agents: agents.result(),
    models: models.result(),
    tools: tools.result(),
    calls,
    topCalls: topN(calls, top, costThenTokens),
    topResults: topN(results, top, (a, b) => b.chars - a.chars),
  };
  if (session.providerTotals) out.providerTotals = session.providerTotals;
  if (first !== undefined && last !== undefined) out.wallMs = last - first;
  return out;
}

/** Cost first where both know it; a call with a known cost ranks above one without. */
function costThenTokens(a: ModelCall, b: ModelCall): number {
  const ac = a.costUsd;
  const bc = b.costUsd;
  if (ac !== undefined && bc !== undefined && ac !== bc) return bc - ac;
  if (ac !== undefined && bc === undefined) return -1;
  if (ac === undefined && bc !== undefined) return 1;
  return (tokenSum(b.tokens) ?? 0) - (tokenSum(a.tokens) ?? 0);
}

/** The n best by `cmp`, stable, without sorting the whole list (it can be 100,000 long). */
function topN<T>(list: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  if (n <= 0) return [];
  const best: T[] = [];
  for (const item of list) {
    if (best.length === n && cmp(item, best[n - 1]) >= 0) continue;
    let i = best.length;
    while (i > 0 && cmp(item, best[i - 1]) < 0) i--;
    best.splice(i, 0, item);
    if (best.length > n) best.pop();
  }
  return best;
}
