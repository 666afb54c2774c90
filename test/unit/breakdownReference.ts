// The one-shot breakdown as it was first written (one pass over the session, a Map per grouping),
// kept as the reference the live builder is held to: src/model/breakdown.ts's computeBreakdown is
// now a fold through the builder, so the property in model.breakdownLive.test.ts compares the
// builder with this independent implementation of the same rules, not with itself.
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
import type { Run, Session, SessionEvent, TokenUsage, Totals } from '../../src/model/schema';
import { compareTotals, tokenSum } from '../../src/model/totals';

// The result's types are the model's own: only the computing is independent.
import type { Breakdown, BreakdownOptions, Figures, Group, GroupKind, ModelCall, ToolResultSize } from '../../src/model/breakdown';
export type { Breakdown, BreakdownOptions, Figures, Group, GroupKind, ModelCall, ToolResultSize };

/**
 * Cache reads ÷ prompt tokens (input + cache read + cache write: this model keeps cache tokens
 * apart from input). Unknown unless both input and cache reads are reported.
 */
export function cacheHitRate(t: TokenUsage | undefined): number | undefined {
  const prompt = cachePromptOf(t);
  return prompt !== undefined ? t!.cacheRead! / prompt : undefined;
}

/** The prompt tokens of a request that reports cache reads (the base of its rate), else undefined. */
function cachePromptOf(t: TokenUsage | undefined): number | undefined {
  if (!t || !isNum(t.cacheRead) || t.cacheRead < 0) return undefined;
  const prompt = promptTokens(t);
  return prompt !== undefined && prompt > 0 ? prompt : undefined;
}

/** Prompt size of one request, when its input is known (a negative count makes it unknown). */
export function promptTokens(t: TokenUsage | undefined): number | undefined {
  if (!t || !isNum(t.input) || t.input < 0) return undefined;
  const read = t.cacheRead;
  const write = t.cacheWrite;
  if (read !== undefined && read !== null && !(isNum(read) && read >= 0)) return undefined;
  if (write !== undefined && write !== null && !(isNum(write) && write >= 0)) return undefined;
  return t.input + (read ?? 0) + (write ?? 0);
}

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

// The pieces below are exported for breakdownLive.ts (the same rules, folded one event at a time);
// they are not an API of their own.

// What one event contributes, read once from the event (whose shapes vary: every property read on
// it is slow) into one reused, fixed-shape record, then added into each of its groups.
export const USAGE = 1;
export const TOOL = 2;
export const ERROR = 4;
export const MODEL_TIME = 8;
export const TOOL_TIME = 16;

// Bits of Contribution.known / Acc.known: which figures some event reported.
export const K_INPUT = 1;
export const K_OUTPUT = 2;
export const K_CACHE_READ = 4;
export const K_CACHE_WRITE = 8;
export const K_REASONING = 16;
export const K_TOTAL = 32;
export const K_COST = 64;
export const K_MODEL_MS = 128;
export const K_TOOL_MS = 256;
export const K_CACHE = 512;
export const K_PROMPT = 1024;

// Bits of a run's mode: figures the run measures on its model calls only.
export const FROM_CALLS_TOKENS = 1;
export const FROM_CALLS_COST = 2;
export const FROM_CALLS_TIME = 4;

export function hasTokens(t: TokenUsage): boolean {
  return isNum(t.input) || isNum(t.output) || isNum(t.cacheRead) || isNum(t.cacheWrite) || isNum(t.reasoning) || isNum(t.total);
}

/** computeTotals' rule: once a run's model calls report tokens (cost, latency), only theirs count. */
function runMode(events: readonly SessionEvent[]): number {
  let mode = 0;
  for (const e of events) {
    if (e.kind !== 'model_call') continue;
    if (e.tokens && hasTokens(e.tokens)) mode |= FROM_CALLS_TOKENS;
    if (isNum(e.costUsd)) mode |= FROM_CALLS_COST;
    if (isNum(e.latencyMs)) mode |= FROM_CALLS_TIME;
  }
  return mode;
}

export class Contribution {
  id = '';
  flags = 0;
  known = 0;
  input = 0;
  output = 0;
  cacheRead = 0;
  cacheWrite = 0;
  reasoning = 0;
  total = 0;
  cost = 0;
  latency = 0;
  /** Prompt tokens (input + cache read + cache write), when K_PROMPT; the cache rate's base when K_CACHE. */
  prompt = 0;

  /** `mode`: which figures this run measures on its model calls only (see runMode()). */
  read(e: SessionEvent, mode: number): this {
    this.id = e.id;
    this.known = 0;
    const kind = e.kind;
    const call = kind === 'model_call';
    const t = e.tokens;
    let k = 0;
    // A request's tokens seen again on its answer or tool call count once, on the model call
    // (computeTotals' rule): such an event carries no usage here.
    if (t && (call || !(mode & FROM_CALLS_TOKENS))) {
      const { input, output, cacheRead, cacheWrite, reasoning, total } = t;
      if (isNum(input)) {
        this.input = input;
        k |= K_INPUT;
      }
      if (isNum(output)) {
        this.output = output;
        k |= K_OUTPUT;
      }
      if (isNum(cacheRead)) {
        this.cacheRead = cacheRead;
        k |= K_CACHE_READ;
      }
      if (isNum(cacheWrite)) {
        this.cacheWrite = cacheWrite;
        k |= K_CACHE_WRITE;
      }
      if (isNum(reasoning)) {
        this.reasoning = reasoning;
        k |= K_REASONING;
      }
      if (isNum(total)) {
        this.total = total;
        k |= K_TOTAL;
      }
    }
    const cost = e.costUsd;
    if (isNum(cost) && (call || !(mode & FROM_CALLS_COST))) {
      this.cost = cost;
      k |= K_COST;
    }
    const usage = k !== 0;
    // The prompt's size, as promptTokens() says: known input, and cache counts absent or valid.
    if (k & K_INPUT && this.input >= 0) {
      const readOk = k & K_CACHE_READ ? this.cacheRead >= 0 : t!.cacheRead == null;
      const writeOk = k & K_CACHE_WRITE ? this.cacheWrite >= 0 : t!.cacheWrite == null;
      if (readOk && writeOk) {
        this.prompt = this.input + (k & K_CACHE_READ ? this.cacheRead : 0) + (k & K_CACHE_WRITE ? this.cacheWrite : 0);
        k |= K_PROMPT;
        if (k & K_CACHE_READ && this.prompt > 0) k |= K_CACHE;
      }
    }
    const tool = kind === 'tool_call' || kind === 'code_execution';
    let flags = (usage ? USAGE : 0) | (tool ? TOOL : 0);
    if (kind === 'error' || (kind === 'tool_result' && e.isError === true) || (call && e.error !== undefined)) flags |= ERROR;
    // An event that carries a request's figures carries that request's latency too (agno put a
    // tool-calling message's figures on its first call). Where the run times its model calls,
    // only theirs is model time: an answer's or a call's copy of it is not added again.
    const carries = usage || isNum(cost) || (t !== undefined && hasTokens(t));
    if (mode & FROM_CALLS_TIME) {
      if (call) flags |= MODEL_TIME;
      else if (!carries && (tool || kind === 'tool_result')) flags |= TOOL_TIME;
    } else if (call || carries || kind === 'assistant_message' || kind === 'reasoning') flags |= MODEL_TIME;
    else if (tool || kind === 'tool_result') flags |= TOOL_TIME;
    const latency = e.latencyMs;
    if (isNum(latency)) {
      this.latency = latency;
      k |= flags & MODEL_TIME ? K_MODEL_MS : flags & TOOL_TIME ? K_TOOL_MS : 0;
    }
    this.flags = flags;
    this.known = k;
    return this;
  }
}

/** Sums of one group; materialised into a Figures (unknown left out) by done(). */
class Acc {
  private readonly ids: string[] | undefined;
  private known = 0;
  private modelCalls = 0;
  private toolCalls = 0;
  private errors = 0;
  private cacheReported = 0;
  private input = 0;
  private output = 0;
  private cacheRead = 0;
  private cacheWrite = 0;
  private reasoning = 0;
  private total = 0;
  private cost = 0;
  private modelMs = 0;
  private toolMs = 0;
  private cacheReadOfRate = 0;
  private cachePrompt = 0;

  constructor(trackIds: boolean) {
    if (trackIds) this.ids = [];
  }

  /** `mask` leaves out what does not belong to this group (a tool's row takes no model figures). */
  add(c: Contribution, mask = -1): void {
    this.ids?.push(c.id);
    const flags = c.flags & mask;
    const k = flags & USAGE ? c.known : c.known & (mask === -1 ? -1 : K_TOOL_MS);
    this.known |= k & ~(K_CACHE | K_PROMPT);
    if (flags & USAGE) {
      this.modelCalls++;
      if (k & K_INPUT) this.input += c.input;
      if (k & K_OUTPUT) this.output += c.output;
      if (k & K_CACHE_READ) this.cacheRead += c.cacheRead;
      if (k & K_CACHE_WRITE) this.cacheWrite += c.cacheWrite;
      if (k & K_REASONING) this.reasoning += c.reasoning;
      if (k & K_TOTAL) this.total += c.total;
      if (k & K_COST) this.cost += c.cost;
      if (k & K_CACHE) {
        this.cacheReported++;
        this.cacheReadOfRate += c.cacheRead;
        this.cachePrompt += c.prompt;
      }
    }
    if (flags & TOOL) this.toolCalls++;
    if (flags & ERROR) this.errors++;
    if (k & K_MODEL_MS) this.modelMs += c.latency;
    else if (k & K_TOOL_MS) this.toolMs += c.latency;
  }

  done(): Figures {
    const k = this.known;
    const tokens: TokenUsage = {};
    if (k & K_INPUT) tokens.input = this.input;
    if (k & K_OUTPUT) tokens.output = this.output;
    if (k & K_CACHE_READ) tokens.cacheRead = this.cacheRead;
    if (k & K_CACHE_WRITE) tokens.cacheWrite = this.cacheWrite;
    if (k & K_REASONING) tokens.reasoning = this.reasoning;
    if (k & K_TOTAL) tokens.total = this.total;
    const f: Figures = {
      tokens,
      modelCalls: this.modelCalls,
      toolCalls: this.toolCalls,
      errors: this.errors,
      cacheReported: this.cacheReported,
    };
    if (k & K_COST) f.costUsd = this.cost;
    if (k & K_MODEL_MS) f.modelMs = this.modelMs;
    if (k & K_TOOL_MS) f.toolMs = this.toolMs;
    if (this.cachePrompt > 0) f.cacheHitRate = this.cacheReadOfRate / this.cachePrompt;
    if (this.ids) f.eventIds = this.ids;
    return f;
  }
}

/** Time to first token, for event kinds that carry one (model calls from OpenTelemetry and agno, agno's stored answers). */
export function ttftOf(e: SessionEvent): number | undefined {
  return (e.kind === 'model_call' || e.kind === 'assistant_message') && isNum(e.timeToFirstTokenMs) ? e.timeToFirstTokenMs : undefined;
}

/** The extras of a run's row: the provider's totals, where ours differ, its time to first token. */
export function runExtras(computed: Totals, provider: Totals | undefined): Partial<Group> {
  if (!provider) return {};
  const out: Partial<Group> = { providerTotals: provider, mismatches: compareTotals(computed, provider) };
  if (isNum(provider.timeToFirstTokenMs)) out.ttftMs = provider.timeToFirstTokenMs;
  return out;
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

  get(key: string, label: string, extra?: Partial<Group>): Acc {
    let g = this.map.get(key);
    if (!g) {
      g = { acc: new Acc(this.kind !== 'run'), group: { kind: this.kind, key, label, ...extra } };
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

export function referenceBreakdown(session: Session, options: BreakdownOptions = {}): Breakdown {
  const top = options.top ?? 10;
  const all = new Acc(false);
  const contribution = new Contribution();
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
    const runAcc = runs.get(`${r}:${run.id}`, run.title ?? `Run ${r + 1}`, runExtras(run.totals, run.providerTotals));
    const owner = runAgent(run, session);
    const ownerAcc = agents.get(`${owner.role}:${owner.name}`, owner.name, { role: owner.role });
    // Calls of this run by id, and which of them are sub-agents (a call others nest under, or a
    // call the provider typed as an agent): nested events belong to the nearest such call.
    const callById = new Map<string, SessionEvent & { kind: 'tool_call' }>();
    const parents = new Set<string>();
    for (const e of run.events) {
      if (e.kind === 'tool_call' && e.callId !== undefined) callById.set(e.callId, e);
      const p = (e as { parentCallId?: string }).parentCallId;
      if (p !== undefined) parents.add(p);
    }
    const isSubAgent = (c: SessionEvent & { kind: 'tool_call' }) =>
      c.toolType === 'agent' || (c.callId !== undefined && parents.has(c.callId));
    const agentOf = new Map<string, string | undefined>();
    const subAccs = new Map<string, Acc>();
    const subAcc = (name: string) => {
      let acc = subAccs.get(name);
      if (!acc) subAccs.set(name, (acc = agents.get(`sub-agent:${name}`, name, { role: 'sub-agent' })));
      return acc;
    };
    const nearestSubAgent = (parentCallId: string): string | undefined => {
      // Walks up the parent chain once per call id (memoised; a cycle ends the walk).
      if (agentOf.has(parentCallId)) return agentOf.get(parentCallId);
      const seen = new Set<string>();
      let id: string | undefined = parentCallId;
      let found: string | undefined;
      while (id !== undefined && !seen.has(id)) {
        seen.add(id);
        const c = callById.get(id);
        if (!c) break;
        if (isSubAgent(c)) {
          found = c.name;
          break;
        }
        id = c.parentCallId;
      }
      agentOf.set(parentCallId, found);
      return found;
    };

    const mode = runMode(run.events);
    for (const e of run.events) {
      const c = contribution.read(e, mode);
      const flags = c.flags;
      const usage = (flags & USAGE) !== 0;
      all.add(c);
      runAcc.add(c);
      const tm = e.timeMs;
      if (isNum(tm)) {
        if (first === undefined || tm < first) first = tm;
        if (last === undefined || tm > last) last = tm;
      }

      const parent = (e as { parentCallId?: string }).parentCallId;
      const sub = parent !== undefined ? nearestSubAgent(parent) : undefined;
      const agentName = sub ?? owner.name;
      (sub !== undefined ? subAcc(sub) : ownerAcc).add(c);

      if (usage) {
        const model = e.model ?? run.model;
        models.get(model ?? UNKNOWN_MODEL, model ?? UNKNOWN_MODEL).add(c);
        const call: ModelCall = { eventId: e.id, runId: e.runId, kind: e.kind, index, tokens: e.tokens ?? {}, agent: agentName };
        if (model !== undefined) call.model = model;
        if (c.known & K_PROMPT) call.promptTokens = c.prompt;
        if (isNum(e.costUsd)) call.costUsd = e.costUsd;
        if (isNum(e.latencyMs)) call.latencyMs = e.latencyMs;
        const ttft = ttftOf(e);
        if (ttft !== undefined) call.ttftMs = ttft;
        if (c.known & K_CACHE) call.cacheHitRate = c.cacheRead / c.prompt;
        calls.push(call);
      }

      if (flags & (TOOL | TOOL_TIME)) {
        // A tool's row holds the tool's own figures: a model step that rode on its call (agno puts
        // a tool-calling message's tokens on its first call) belongs to the model rows, not here.
        const own = usage ? TOOL | ERROR : -1;
        if (e.kind === 'tool_call') tools.get(e.name, e.name).add(c, own);
        else if (e.kind === 'code_execution') tools.get(`code:${e.language}`, `${e.language} code`).add(c, own);
        else if (e.kind === 'tool_result') {
          const call = e.callId !== undefined ? callById.get(e.callId) : undefined;
          const name = e.name ?? call?.name;
          const key = name ?? '(unnamed tool)';
          const chars = resultChars(e);
          tools.get(key, key).add(c, own);
          const g = tools.extra(key)!;
          g.resultChars = (g.resultChars ?? 0) + chars;
          const row: ToolResultSize = { eventId: e.id, runId: e.runId, chars, isError: e.isError === true };
          if (name !== undefined) row.name = name;
          if (call !== undefined) row.callEventId = call.id;
          results.push(row);
        }
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
export function costThenTokens(a: ModelCall, b: ModelCall): number {
  const ac = a.costUsd;
  const bc = b.costUsd;
  if (ac !== undefined && bc !== undefined && ac !== bc) return bc - ac;
  if (ac !== undefined && bc === undefined) return -1;
  if (ac === undefined && bc !== undefined) return 1;
  return (tokenSum(b.tokens) ?? 0) - (tokenSum(a.tokens) ?? 0);
}

/** The n best by `cmp`, stable, without sorting the whole list (it can be 100,000 long). */
export function topN<T>(list: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
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

/**
 * Each model call that has a prompt size with the one its agent made before it (a sub-agent's or a
 * member's calls follow their own earlier calls, not the leader's): what "Compare with previous
 * request" and the cache-break list compare.
 */
export function* withPrevious(calls: readonly ModelCall[]): Generator<{ call: ModelCall; previous: ModelCall }> {
  const last = new Map<string, ModelCall>();
  for (const call of calls) {
    if (call.promptTokens === undefined) continue;
    const previous = last.get(call.agent);
    last.set(call.agent, call);
    if (previous) yield { call, previous };
  }
}
