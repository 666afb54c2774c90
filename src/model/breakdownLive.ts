// The breakdown of a session that is still growing: events are folded in one at a time (a new key
// appends, a key seen before replaces its event: a streamed answer that grew, a call that got its
// tokens) and result() gives what computeBreakdown() would give for the session as it now stands.
// A fold costs what the event touches, not the session's length, so the inspector can keep the
// breakdown current while a long session streams (computeBreakdown stays the one-shot form and
// the property test's reference: test/unit/model.breakdownLive.test.ts).
//
// How an event can change figures other than its own, and what is folded again then:
// - a run's first model call that reports tokens (cost, latency) makes the run count those on its
//   model calls only (computeTotals' rule): the run's events are folded again (once per figure);
// - a tool call with a call id names the sub-agent of the events nested under it, and the tool of
//   the results answering it: those events are folded again when such a call comes, goes or is renamed;
// - a run's model or agent changing folds the run again; the session's agent, its runs without one.
// Sums are kept by adding and subtracting: token counts stay exact, a cost or a time can differ
// from the one-shot sum in the last bits of a float (the order of the additions differs).
import {
  Contribution,
  costThenTokens,
  ERROR,
  FROM_CALLS_COST,
  FROM_CALLS_TIME,
  FROM_CALLS_TOKENS,
  hasTokens,
  isNum,
  K_CACHE,
  K_CACHE_READ,
  K_CACHE_WRITE,
  K_COST,
  K_INPUT,
  K_MODEL_MS,
  K_OUTPUT,
  K_PROMPT,
  K_REASONING,
  K_TOOL_MS,
  K_TOTAL,
  resultChars,
  runAgent,
  runExtras,
  TOOL,
  TOOL_TIME,
  topN,
  ttftOf,
  UNKNOWN_MODEL,
  USAGE,
  type Breakdown,
  type BreakdownOptions,
  type Figures,
  type Group,
  type GroupKind,
  type ModelCall,
  type ToolResultSize,
} from './breakdown';
import type { Run, Session, SessionEvent, TokenUsage } from './schema';
import { compareTotals } from './totals';

/** What of the session the breakdown reads besides its events. */
export type SessionMeta = Pick<Session, 'agentName' | 'agentId' | 'totals' | 'providerTotals'>;
/** What of a run it reads besides its events. */
export type RunMeta = Pick<Run, 'id' | 'title' | 'model' | 'agentName' | 'providerTotals' | 'totals'>;

// Session order of an event: its run's place, then its place of first arrival. A run's owner
// agent takes its place at the run's start (computeBreakdown makes its group before the events').
const RUN_SPAN = 2 ** 26;

/** Sums of one group that can take an event back out. */
class LiveAcc {
  /** Per figure bit (input … tool time), how many added events reported it. */
  private readonly counts = new Int32Array(9);
  modelCalls = 0;
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
  resultChars = 0;
  results = 0;

  /** Acc.add's arithmetic, times `s` (1 adds, -1 takes back). */
  apply(c: Contribution, mask: number, s: number): void {
    const flags = c.flags & mask;
    const k = flags & USAGE ? c.known : c.known & (mask === -1 ? -1 : K_TOOL_MS);
    const counts = this.counts;
    for (let bits = k & 511, b = 0; bits; bits >>= 1, b++) if (bits & 1) counts[b]! += s;
    if (flags & USAGE) {
      this.modelCalls += s;
      if (k & K_INPUT) this.input = counts[0] ? this.input + s * c.input : 0;
      if (k & K_OUTPUT) this.output = counts[1] ? this.output + s * c.output : 0;
      if (k & K_CACHE_READ) this.cacheRead = counts[2] ? this.cacheRead + s * c.cacheRead : 0;
      if (k & K_CACHE_WRITE) this.cacheWrite = counts[3] ? this.cacheWrite + s * c.cacheWrite : 0;
      if (k & K_REASONING) this.reasoning = counts[4] ? this.reasoning + s * c.reasoning : 0;
      if (k & K_TOTAL) this.total = counts[5] ? this.total + s * c.total : 0;
      if (k & K_COST) this.cost = counts[6] ? this.cost + s * c.cost : 0;
      if (k & K_CACHE) {
        this.cacheReported += s;
        this.cacheReadOfRate = this.cacheReported ? this.cacheReadOfRate + s * c.cacheRead : 0;
        this.cachePrompt = this.cacheReported ? this.cachePrompt + s * c.prompt : 0;
      }
    }
    if (flags & TOOL) this.toolCalls += s;
    if (flags & ERROR) this.errors += s;
    if (k & K_MODEL_MS) this.modelMs = counts[7] ? this.modelMs + s * c.latency : 0;
    else if (k & K_TOOL_MS) this.toolMs = counts[8] ? this.toolMs + s * c.latency : 0;
  }

  done(): Figures {
    const n = this.counts;
    const tokens: TokenUsage = {};
    if (n[0]) tokens.input = this.input;
    if (n[1]) tokens.output = this.output;
    if (n[2]) tokens.cacheRead = this.cacheRead;
    if (n[3]) tokens.cacheWrite = this.cacheWrite;
    if (n[4]) tokens.reasoning = this.reasoning;
    if (n[5]) tokens.total = this.total;
    const f: Figures = {
      tokens,
      modelCalls: this.modelCalls,
      toolCalls: this.toolCalls,
      errors: this.errors,
      cacheReported: this.cacheReported,
    };
    if (n[6]) f.costUsd = this.cost;
    if (n[7]) f.modelMs = this.modelMs;
    if (n[8]) f.toolMs = this.toolMs;
    if (this.cachePrompt > 0) f.cacheHitRate = this.cacheReadOfRate / this.cachePrompt;
    return f;
  }
}

/** An agent, model or tool row: its sums, its events, and its place (its first event's). */
class LiveGroup {
  readonly acc = new LiveAcc();
  readonly members = new Set<Rec>();
  /** Runs this agent owns (a run's agent has a row even when the run has no events). */
  readonly owned = new Set<LiveRun>();
  private first = Infinity;
  private firstLabel = '';
  private stale = false;

  constructor(
    readonly kind: GroupKind,
    readonly key: string,
    readonly role?: Group['role'],
  ) {}

  get alive(): boolean {
    return this.members.size > 0 || this.owned.size > 0;
  }

  join(rec: Rec, label: string): void {
    this.members.add(rec);
    this.placed(rec.order, label);
  }

  leave(rec: Rec): void {
    this.members.delete(rec);
    if (rec.order === this.first) this.stale = true;
  }

  own(run: LiveRun, label: string): void {
    this.owned.add(run);
    this.placed(run.index * RUN_SPAN, label);
  }

  disown(run: LiveRun): void {
    this.owned.delete(run);
    if (run.index * RUN_SPAN === this.first) this.stale = true;
  }

  /** The first event's place and label (a label is the one the group's first event gave it). */
  place(): { order: number; label: string } {
    if (this.stale) {
      this.stale = false;
      this.first = Infinity;
      for (const r of this.owned) this.placed(r.index * RUN_SPAN, this.key.slice(this.key.indexOf(':') + 1));
      for (const m of this.members) this.placed(m.order, m.labelIn(this));
    }
    return { order: this.first, label: this.firstLabel };
  }

  private placed(order: number, label: string): void {
    // Not smaller than a removed first means not smaller than any other: the min is known again.
    if (order <= this.first) {
      this.first = order;
      this.firstLabel = label;
      this.stale = false;
    }
  }

  result(): Group {
    const { label } = this.place();
    const g = { ...this.acc.done(), kind: this.kind, key: this.key, label } as Group;
    if (this.role) g.role = this.role;
    if (this.kind === 'tool' && this.acc.results > 0) g.resultChars = this.acc.resultChars;
    const members = this.members;
    // Opened by a click, so put in session order only then.
    Object.defineProperty(g, 'eventIds', {
      enumerable: true,
      configurable: true,
      get: () => {
        const ids = [...members].sort((a, b) => a.order - b.order).map((m) => m.event.id);
        Object.defineProperty(g, 'eventIds', { value: ids, enumerable: true, writable: true, configurable: true });
        return ids;
      },
    });
    return g;
  }
}

/** One event as folded: its figures and the rows it was added to, so it can be taken out again. */
class Rec {
  /** Place in its run's events (for a model call's index). */
  pos = 0;
  order = 0;
  c: Contribution | undefined;
  agent: LiveGroup | undefined;
  model: LiveGroup | undefined;
  tool: LiveGroup | undefined;
  toolMask = -1;
  toolLabel = '';
  resultChars = 0;
  call: ModelCall | undefined;
  result: ToolResultSize | undefined;
  modeBits = 0;
  time: number | undefined;
  /** Its figures are in the sums (fold() puts them in, retract() takes them out). */
  folded = false;

  constructor(
    public event: SessionEvent,
    public run: LiveRun,
    readonly seq: number,
  ) {}

  labelIn(g: LiveGroup): string {
    if (g === this.tool) return this.toolLabel;
    return g.kind === 'model' ? g.key : g.key.slice(g.key.indexOf(':') + 1);
  }
}

class LiveRun {
  readonly recs: Rec[] = [];
  readonly acc = new LiveAcc();
  /** Model calls reporting tokens, cost, latency: the run's mode (see runMode in breakdown.ts). */
  readonly modeCounts = [0, 0, 0];
  mode = 0;
  /** tool_call events by call id; events nested under a call id; results answering one. */
  readonly calls = new Map<string, Set<Rec>>();
  readonly nested = new Map<string, Set<Rec>>();
  readonly answers = new Map<string, Set<Rec>>();
  /** This run's model calls and tool results, in run order. */
  readonly callRecs: Rec[] = [];
  readonly resultRecs: Rec[] = [];
  owner: LiveGroup | undefined;

  constructor(
    public meta: RunMeta,
    readonly index: number,
  ) {}
}

function addTo(map: Map<string, Set<Rec>>, key: string | undefined, rec: Rec): void {
  if (key === undefined) return;
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(rec);
}

function removeFrom(map: Map<string, Set<Rec>>, key: string | undefined, rec: Rec): void {
  if (key === undefined) return;
  const set = map.get(key);
  if (!set) return;
  set.delete(rec);
  if (!set.size) map.delete(key);
}

/** Keeps `list` in run order as a record joins it (almost always at the end). */
function insertOrdered(list: Rec[], rec: Rec): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.pos > rec.pos) i--;
  list.splice(i, 0, rec);
}

function removeOrdered(list: Rec[], rec: Rec): void {
  const i = list.lastIndexOf(rec);
  if (i >= 0) list.splice(i, 1);
}

function parentOf(e: SessionEvent): string | undefined {
  return (e as { parentCallId?: string }).parentCallId;
}

function modeBitsOf(e: SessionEvent): number {
  if (e.kind !== 'model_call') return 0;
  return (
    (e.tokens && hasTokens(e.tokens) ? FROM_CALLS_TOKENS : 0) |
    (isNum(e.costUsd) ? FROM_CALLS_COST : 0) |
    (isNum(e.latencyMs) ? FROM_CALLS_TIME : 0)
  );
}

export class BreakdownBuilder {
  private readonly all = new LiveAcc();
  private readonly runs: LiveRun[] = [];
  private readonly runById = new Map<string, LiveRun>();
  private readonly recs = new Map<string | number, Rec>();
  private readonly groups = new Map<string, LiveGroup>();
  private seq = 0;
  /** What result() built last time, and what changed since (see result()). */
  private readonly cache = {
    runs: [] as Group[],
    calls: [] as ModelCall[],
    results: [] as ToolResultSize[],
    callStart: [] as number[],
    resultStart: [] as number[],
    eventStart: [] as number[],
  };
  private readonly dirty = new Set<LiveRun>();
  private dirtyFrom = 0;
  // First and last event time, with how many events sit at each (a min taken out is looked for again).
  private first = Infinity;
  private last = -Infinity;
  private atFirst = 0;
  private atLast = 0;
  private timed = 0;

  constructor(
    private meta: SessionMeta,
    private readonly options: BreakdownOptions = {},
  ) {}

  /** The breakdown of a whole session at once (what computeBreakdown gives, by folding). */
  static of(session: Session, options?: BreakdownOptions): BreakdownBuilder {
    const b = new BreakdownBuilder(session, options);
    for (const run of session.runs) {
      b.setRun(run);
      for (const e of run.events) b.put(b.seq, e);
    }
    return b;
  }

  /** The session's agent or totals changed. */
  setSession(meta: SessionMeta): void {
    const before = this.meta;
    this.meta = meta;
    if (before.agentName !== meta.agentName || before.agentId !== meta.agentId) {
      for (const run of this.runs) if (!run.meta.agentName) this.refoldRun(run);
    }
  }

  /** A run, new or changed (runs keep the place they first had). */
  setRun(meta: RunMeta): void {
    const run = this.runById.get(meta.id);
    if (!run) {
      this.addRun(meta);
      return;
    }
    const before = run.meta;
    run.meta = meta;
    this.touch(run);
    if (before.model !== meta.model || before.agentName !== meta.agentName) this.refoldRun(run);
  }

  /**
   * Folds one event in. `key` names it for later replacement (the event's id by default; the
   * inspector page uses its store index, as its list does): a key seen before replaces that event,
   * which keeps its place.
   */
  put(key: string | number, event: SessionEvent): void {
    const rec = this.recs.get(key);
    if (!rec) {
      const run = this.runOf(event.runId);
      const r = new Rec(event, run, this.seq++);
      this.recs.set(key, r);
      r.pos = run.recs.length;
      r.order = run.index * RUN_SPAN + r.seq + 1;
      run.recs.push(r);
      this.admit(r);
      return;
    }
    const run = rec.run;
    this.retract(rec);
    this.unindex(rec);
    const oldCall = rec.event.kind === 'tool_call' ? rec.event : undefined;
    if (event.runId !== run.meta.id) {
      // Moved to another run: it takes the place its first arrival gives it there.
      const to = this.runOf(event.runId);
      this.touch(run);
      run.recs.splice(rec.pos, 1);
      for (let i = rec.pos; i < run.recs.length; i++) run.recs[i]!.pos = i;
      this.dropLists(rec);
      if (oldCall?.callId !== undefined) this.refoldDependents(run, oldCall.callId, rec);
      if (this.updateMode(run)) this.refoldRun(run);
      rec.event = event;
      rec.run = to;
      rec.order = to.index * RUN_SPAN + rec.seq + 1;
      this.touch(to);
      let i = to.recs.length;
      while (i > 0 && to.recs[i - 1]!.seq > rec.seq) i--;
      to.recs.splice(i, 0, rec);
      for (let j = i; j < to.recs.length; j++) to.recs[j]!.pos = j;
      this.admit(rec);
      return;
    }
    rec.event = event;
    this.index(rec);
    if (this.updateMode(run)) {
      this.refoldRun(run);
      return;
    }
    this.fold(rec);
    const newCall = event.kind === 'tool_call' ? event : undefined;
    if (oldCall?.callId !== newCall?.callId || oldCall?.name !== newCall?.name) {
      if (oldCall?.callId !== undefined) this.refoldDependents(run, oldCall.callId, rec);
      if (newCall?.callId !== undefined && newCall.callId !== oldCall?.callId) this.refoldDependents(run, newCall.callId, rec);
    }
  }

  /** How many events are folded in. */
  get size(): number {
    return this.recs.size;
  }

  /**
   * The breakdown as the session now stands. What no event since the last call touched is reused:
   * the rows of untouched runs, and the model calls and results of the runs before the first
   * touched one (a session streaming into its last run costs that run, not the session).
   */
  result(): Breakdown {
    const top = this.options.top ?? 10;
    const cache = this.cache;
    for (const run of this.dirty) cache.runs[run.index] = this.runGroup(run);
    this.dirty.clear();
    const from = this.dirtyFrom;
    if (from < this.runs.length) {
      cache.calls.length = cache.callStart[from] ?? cache.calls.length;
      cache.results.length = cache.resultStart[from] ?? cache.results.length;
      // Where this run's events start: after the runs before it, which nothing touched.
      let offset = from === 0 ? 0 : cache.eventStart[from - 1]! + this.runs[from - 1]!.recs.length;
      for (let i = from; i < this.runs.length; i++) {
        const run = this.runs[i]!;
        cache.callStart[i] = cache.calls.length;
        cache.resultStart[i] = cache.results.length;
        cache.eventStart[i] = offset;
        for (const r of run.callRecs) {
          r.call!.index = offset + r.pos;
          cache.calls.push(r.call!);
        }
        for (const r of run.resultRecs) cache.results.push(r.result!);
        offset += run.recs.length;
      }
    }
    this.dirtyFrom = Infinity;
    const byKind: Record<'agent' | 'model' | 'tool', LiveGroup[]> = { agent: [], model: [], tool: [] };
    for (const g of this.groups.values()) if (g.alive) byKind[g.kind as 'agent' | 'model' | 'tool'].push(g);
    const ordered = (list: LiveGroup[]) => list.sort((a, b) => a.place().order - b.place().order).map((g) => g.result());
    const calls = cache.calls.slice();
    const out: Breakdown = {
      session: this.all.done(),
      mismatches: compareTotals(this.meta.totals, this.meta.providerTotals),
      runs: cache.runs.slice(),
      agents: ordered(byKind.agent),
      models: ordered(byKind.model),
      tools: ordered(byKind.tool),
      calls,
      topCalls: topN(calls, top, costThenTokens),
      topResults: topN(cache.results, top, (a, b) => b.chars - a.chars),
    };
    if (this.meta.providerTotals) out.providerTotals = this.meta.providerTotals;
    if (this.timed > 0) {
      if (!this.atFirst || !this.atLast) this.rescanTimes();
      out.wallMs = this.last - this.first;
    }
    return out;
  }

  private runGroup(run: LiveRun): Group {
    const m = run.meta;
    const r = run.index;
    return {
      ...run.acc.done(),
      kind: 'run',
      key: `${r}:${m.id}`,
      label: m.title ?? `Run ${r + 1}`,
      ...runExtras(m.totals, m.providerTotals),
    } as Group;
  }

  /** The run's row, model calls or results changed since the last result(). */
  private touch(run: LiveRun): void {
    this.dirty.add(run);
    if (run.index < this.dirtyFrom) this.dirtyFrom = run.index;
  }

  // ---- runs -----------------------------------------------------------------------------------

  private addRun(meta: RunMeta): LiveRun {
    const run = new LiveRun(meta, this.runs.length);
    this.runs.push(run);
    this.touch(run);
    this.runById.set(meta.id, run);
    this.setOwner(run);
    return run;
  }

  /** A run the events name before any setRun(): a bare one, as the inspector's store makes. */
  private runOf(id: string): LiveRun {
    return this.runById.get(id) ?? this.addRun({ id, totals: { tokens: {} } });
  }

  private setOwner(run: LiveRun): void {
    run.owner?.disown(run);
    const owner = runAgent(run.meta as Run, this.meta as Session);
    run.owner = this.group('agent', `${owner.role}:${owner.name}`, owner.role);
    run.owner.own(run, owner.name);
  }

  private refoldRun(run: LiveRun): void {
    for (const r of run.recs) this.retract(r);
    this.setOwner(run);
    for (const r of run.recs) this.fold(r);
  }

  /** Recounts the run's mode; true when it changed (the run is then folded again). */
  private updateMode(run: LiveRun): boolean {
    const n = run.modeCounts;
    const mode = (n[0] ? FROM_CALLS_TOKENS : 0) | (n[1] ? FROM_CALLS_COST : 0) | (n[2] ? FROM_CALLS_TIME : 0);
    if (mode === run.mode) return false;
    run.mode = mode;
    return true;
  }

  // ---- one event ------------------------------------------------------------------------------

  private admit(rec: Rec): void {
    const run = rec.run;
    this.index(rec);
    if (this.updateMode(run)) {
      this.refoldRun(run);
      return;
    }
    this.fold(rec);
    const e = rec.event;
    if (e.kind === 'tool_call' && e.callId !== undefined) this.refoldDependents(run, e.callId, rec);
  }

  /** Puts the event where others find it: its run's calls, nested events, results, mode counts. */
  private index(rec: Rec): void {
    const run = rec.run;
    const e = rec.event;
    if (e.kind === 'tool_call') addTo(run.calls, e.callId, rec);
    addTo(run.nested, parentOf(e), rec);
    if (e.kind === 'tool_result') addTo(run.answers, e.callId, rec);
    const bits = modeBitsOf(e);
    rec.modeBits = bits;
    if (bits & FROM_CALLS_TOKENS) run.modeCounts[0]!++;
    if (bits & FROM_CALLS_COST) run.modeCounts[1]!++;
    if (bits & FROM_CALLS_TIME) run.modeCounts[2]!++;
  }

  private unindex(rec: Rec): void {
    const run = rec.run;
    const e = rec.event;
    if (e.kind === 'tool_call') removeFrom(run.calls, e.callId, rec);
    removeFrom(run.nested, parentOf(e), rec);
    if (e.kind === 'tool_result') removeFrom(run.answers, e.callId, rec);
    const bits = rec.modeBits;
    if (bits & FROM_CALLS_TOKENS) run.modeCounts[0]!--;
    if (bits & FROM_CALLS_COST) run.modeCounts[1]!--;
    if (bits & FROM_CALLS_TIME) run.modeCounts[2]!--;
    rec.modeBits = 0;
  }

  /** The tool call a call id names in this run: the last one in run order (as computeBreakdown's map). */
  private callOf(run: LiveRun, callId: string): (SessionEvent & { kind: 'tool_call' }) | undefined {
    const set = run.calls.get(callId);
    if (!set) return undefined;
    let best: Rec | undefined;
    for (const r of set) if (!best || r.pos > best.pos) best = r;
    return best?.event as SessionEvent & { kind: 'tool_call' };
  }

  private refoldDependents(run: LiveRun, callId: string, except: Rec): void {
    const seen = new Set<Rec>([except]);
    for (const map of [run.nested, run.answers]) {
      for (const r of map.get(callId) ?? []) {
        if (seen.has(r)) continue;
        seen.add(r);
        this.retract(r);
        this.fold(r);
      }
    }
  }

  private group(kind: GroupKind, key: string, role?: Group['role']): LiveGroup {
    const id = `${kind}\u0000${key}`;
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = new LiveGroup(kind, key, role)));
    return g;
  }

  /** computeBreakdown's loop body for one event, remembering where its figures went. */
  private fold(rec: Rec): void {
    const run = rec.run;
    const e = rec.event;
    this.touch(run);
    if (rec.folded) this.retract(rec);
    rec.folded = true;
    const c = (rec.c ??= new Contribution()).read(e, run.mode);
    const flags = c.flags;
    const usage = (flags & USAGE) !== 0;
    this.all.apply(c, -1, 1);
    run.acc.apply(c, -1, 1);
    const tm = e.timeMs;
    if (isNum(tm)) {
      rec.time = tm;
      this.addTime(tm);
    } else rec.time = undefined;

    const parent = parentOf(e);
    const sub = parent !== undefined ? this.callOf(run, parent)?.name : undefined;
    const owner = run.owner!;
    const agentName = sub !== undefined ? sub : owner.key.slice(owner.key.indexOf(':') + 1);
    rec.agent = sub !== undefined ? this.group('agent', `sub-agent:${sub}`, 'sub-agent') : owner;
    rec.agent.acc.apply(c, -1, 1);
    rec.agent.join(rec, agentName);

    rec.model = undefined;
    let call: ModelCall | undefined;
    if (usage) {
      const model = e.model ?? run.meta.model;
      rec.model = this.group('model', model ?? UNKNOWN_MODEL);
      rec.model.acc.apply(c, -1, 1);
      rec.model.join(rec, model ?? UNKNOWN_MODEL);
      call = { eventId: e.id, runId: e.runId, kind: e.kind, index: 0, tokens: e.tokens ?? {}, agent: agentName };
      if (model !== undefined) call.model = model;
      if (c.known & K_PROMPT) call.promptTokens = c.prompt;
      if (isNum(e.costUsd)) call.costUsd = e.costUsd;
      if (isNum(e.latencyMs)) call.latencyMs = e.latencyMs;
      const ttft = ttftOf(e);
      if (ttft !== undefined) call.ttftMs = ttft;
      if (c.known & K_CACHE) call.cacheHitRate = c.cacheRead / c.prompt;
    }
    if (call) {
      if (!rec.call) insertOrdered(run.callRecs, rec);
      rec.call = call;
    } else if (rec.call) {
      removeOrdered(run.callRecs, rec);
      rec.call = undefined;
    }

    rec.tool = undefined;
    let result: ToolResultSize | undefined;
    if (flags & (TOOL | TOOL_TIME)) {
      const own = usage ? TOOL | ERROR : -1;
      let key: string | undefined;
      let label = '';
      if (e.kind === 'tool_call') key = label = e.name;
      else if (e.kind === 'code_execution') {
        key = `code:${e.language}`;
        label = `${e.language} code`;
      } else if (e.kind === 'tool_result') {
        const answered = e.callId !== undefined ? this.callOf(run, e.callId) : undefined;
        const name = e.name ?? answered?.name;
        key = label = name ?? '(unnamed tool)';
        const chars = resultChars(e);
        rec.resultChars = chars;
        result = { eventId: e.id, runId: e.runId, chars, isError: e.isError === true };
        if (name !== undefined) result.name = name;
        if (answered !== undefined) result.callEventId = answered.id;
      }
      if (key !== undefined) {
        rec.tool = this.group('tool', key);
        rec.toolMask = own;
        rec.toolLabel = label;
        rec.tool.acc.apply(c, own, 1);
        if (result) {
          rec.tool.acc.results++;
          rec.tool.acc.resultChars += rec.resultChars;
        }
        rec.tool.join(rec, label);
      }
    }
    if (result) {
      if (!rec.result) insertOrdered(run.resultRecs, rec);
      rec.result = result;
    } else if (rec.result) {
      removeOrdered(run.resultRecs, rec);
      rec.result = undefined;
    }
  }

  /** Takes the event's figures back out of every row it went to (its lists stay for fold()). */
  private retract(rec: Rec): void {
    const c = rec.c;
    if (!c || !rec.folded) return;
    rec.folded = false;
    this.touch(rec.run);
    this.all.apply(c, -1, -1);
    rec.run.acc.apply(c, -1, -1);
    if (rec.time !== undefined) this.removeTime(rec.time);
    rec.time = undefined;
    if (rec.agent) {
      rec.agent.acc.apply(c, -1, -1);
      rec.agent.leave(rec);
    }
    if (rec.model) {
      rec.model.acc.apply(c, -1, -1);
      rec.model.leave(rec);
    }
    if (rec.tool) {
      rec.tool.acc.apply(c, rec.toolMask, -1);
      if (rec.result) {
        rec.tool.acc.results--;
        rec.tool.acc.resultChars = rec.tool.acc.results ? rec.tool.acc.resultChars - rec.resultChars : 0;
      }
      rec.tool.leave(rec);
    }
    rec.agent = rec.model = rec.tool = undefined;
  }

  /** Takes the event out of its run's model-call and result lists (it is leaving the run). */
  private dropLists(rec: Rec): void {
    if (rec.call) removeOrdered(rec.run.callRecs, rec);
    if (rec.result) removeOrdered(rec.run.resultRecs, rec);
    rec.call = rec.result = undefined;
  }

  // ---- first and last event time --------------------------------------------------------------

  private addTime(t: number): void {
    this.timed++;
    if (t < this.first) {
      this.first = t;
      this.atFirst = 1;
    } else if (t === this.first) this.atFirst++;
    if (t > this.last) {
      this.last = t;
      this.atLast = 1;
    } else if (t === this.last) this.atLast++;
  }

  private removeTime(t: number): void {
    this.timed--;
    if (t === this.first) this.atFirst--;
    if (t === this.last) this.atLast--;
  }

  private rescanTimes(): void {
    this.first = Infinity;
    this.last = -Infinity;
    this.atFirst = this.atLast = 0;
    this.timed = 0;
    for (const run of this.runs) for (const r of run.recs) if (r.time !== undefined) this.addTime(r.time);
  }
}
