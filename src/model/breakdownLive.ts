// The one way the breakdown is computed: events are folded in one at a time (a new key appends, a
// key seen before replaces its event: a streamed answer that grew, a call that got its tokens) and
// result() gives the breakdown of the session as it now stands. computeBreakdown() is this fold
// over a whole session; the inspector keeps one builder while a session streams. A fold costs what
// the event touches, not the session's length. The rules are those written out in breakdown.ts;
// test/unit/breakdownReference.ts is their first, one-pass implementation, which the property test
// (test/unit/model.breakdownLive.test.ts) holds this builder to.
//
// How an event can change figures other than its own, and what is folded again then:
// - a run's first model call that reports tokens (cost, latency) makes the run count those on its
//   model calls only (computeTotals' rule): the run's events are folded again (once per figure);
// - a tool call with a call id names the sub-agent of the events nested under it, and the tool of
//   the results answering it: those events are folded again when such a call comes, goes or is renamed;
// - a run's model or agent changing folds the run again; the session's agent, its runs without one.
// Sums are kept by adding and subtracting (Acc): token counts stay exact, a cost or a time can
// differ from a one-pass sum in the last bits of a float (the order of the additions differs).
//
// Kept cheap for 100,000 events (bench/breakdown.ts: the target is 50 ms). Nothing is allocated per
// event but what the answer holds: an event's place, rows and state sit in typed arrays indexed
// by its arrival number, and its figures are not stored at all: taking an event back out reads it
// again (events are never changed in place; a changed event is a new object, given to put()).
// What only some tabs show is worked out when first read: the model-call list and the costliest
// calls, a tool's result sizes and the largest results (every result walked for its JSON length, jsonLength.ts), a row's
// events (one scan, on a click).
import type { Breakdown, BreakdownOptions, Group, GroupKind, ModelCall, ToolResultSize } from './breakdown';
import {
  Acc,
  Contribution,
  costThenTokens,
  ERROR,
  FROM_CALLS_COST,
  FROM_CALLS_TIME,
  FROM_CALLS_TOKENS,
  hasTokens,
  isNum,
  K_CACHE,
  K_PROMPT,
  Peek,
  resultChars,
  runAgent,
  runExtras,
  TOOL,
  TOOL_TIME,
  topN,
  ttftOf,
  UNKNOWN_MODEL,
  USAGE,
} from './breakdownFold';
import type { Run, Session, SessionEvent } from './schema';
import { compareTotals } from './totals';

/** What of the session the breakdown reads besides its events. */
export type SessionMeta = Pick<Session, 'agentName' | 'agentId' | 'totals' | 'providerTotals'>;
/** What of a run it reads besides its events. */
export type RunMeta = Pick<Run, 'id' | 'title' | 'model' | 'agentName' | 'providerTotals' | 'totals'>;

// Session order of an event: its run's place, then its arrival number. A run's owner agent takes
// its place at the run's start (its row comes before the rows its events make).
const RUN_SPAN = 2 ** 26;

// Bits of an event's state (the `bits` column).
/** Its figures are in the sums. */
const FOLDED = 1;
/** Counted as a result in its tool's row. */
const COUNTED_RESULT = 2;
/** In its run's model-call list / result list. */
const IN_CALLS = 4;
const IN_RESULTS = 8;
/** Its tool row takes only the tool's own figures (a model step rode on the call). */
const OWN_ONLY = 16;
/** Its tool row's label is the code's language ("python code"), not the key. */
const CODE_LABEL = 32;
/** The run's mode it was folded with (3 bits): what taking it out must read it with. */
const MODE_SHIFT = 6;

/** An agent, model or tool row: its sums (it is the accumulator), how many events and runs it has, its place. */
class LiveGroup extends Acc {
  members = 0;
  owned = 0;
  /** Its first event's (or owned run's) place, and the label that event gave it. */
  first = Infinity;
  label = '';
  /** The first left: result() looks for the new one (rescan marks it while it does). */
  stale = false;
  rescan = false;

  constructor(
    readonly id: number,
    readonly kind: GroupKind,
    readonly key: string,
    readonly role?: Group['role'],
  ) {
    super();
    this.name = key.slice(key.indexOf(':') + 1);
  }

  get alive(): boolean {
    return this.members > 0 || this.owned > 0;
  }

  /** The name an agent row stands for (its key without the role); kept, as every event of the row joins with it. */
  readonly name: string;

  join(order: number, label: string): void {
    this.members++;
    this.placed(order, label);
  }

  /** True when it was the first: the builder then looks for the new one. */
  leave(order: number): void {
    this.members--;
    this.left(order);
  }

  own(run: LiveRun): void {
    this.owned++;
    this.placed(run.index * RUN_SPAN, this.name);
  }

  disown(run: LiveRun): void {
    this.owned--;
    this.left(run.index * RUN_SPAN);
  }

  private left(order: number): void {
    if (!this.alive) {
      this.first = Infinity;
      this.stale = false;
    } else if (order === this.first) this.stale = true;
  }

  placed(order: number, label: string): void {
    // Not smaller than a removed first means not smaller than any other: the min is known again.
    if (order <= this.first) {
      this.first = order;
      this.label = label;
      this.stale = false;
    }
  }
}

class LiveRun {
  /** Its events' arrival numbers, in run order. */
  recs: number[] = [];
  readonly acc = new Acc();
  /** Model calls reporting tokens, cost, latency: the run's mode (computeTotals' rule). Fields, not an array: one object less per run. */
  tokenCalls = 0;
  costCalls = 0;
  timeCalls = 0;
  mode = 0;
  /**
   * The tool call each call id names (the last in run order), and how many events depend on a call
   * id. Made from the run's events when needed (calls: once the run has been looked through a few
   * times over, see callOf; refs: when a call comes by put()), then kept current; a whole session
   * folded at once (BreakdownBuilder.of) makes neither for most runs.
   */
  calls: Map<string, number> | undefined;
  refs: Map<string, number> | undefined;
  /** Until `calls` is made: the last call id looked for, the run's length then, what was found, how many events were looked at. */
  lookedFor: string | undefined;
  lookedAt = -1;
  found: number | undefined;
  looked = 0;
  /**
   * This run's model calls and tool results, in run order: made from its events' IN_CALLS and
   * IN_RESULTS bits when a list is first read, then kept current (a whole session folded at once
   * does not grow them event by event).
   */
  callRecs: number[] | undefined;
  resultRecs: number[] | undefined;
  owner: LiveGroup | undefined;
  /** Its row changed since the last result() (a flag, not a Set: every fold touches its run). */
  dirty = false;

  constructor(
    public meta: RunMeta,
    readonly index: number,
  ) {}

  /** Counts a dependent in or out, when the counts are kept (else they are made from the events when needed). */
  ref(key: string | undefined, by: number): void {
    const refs = this.refs;
    if (key === undefined || refs === undefined) return;
    const n = (refs.get(key) ?? 0) + by;
    if (n > 0) refs.set(key, n);
    else refs.delete(key);
  }
}

function callKeyOf(e: SessionEvent): string | undefined {
  return e.kind === 'tool_call' ? e.callId : undefined;
}

function parentKeyOf(e: SessionEvent): string | undefined {
  return (e as { parentCallId?: string }).parentCallId;
}

/** A result's call id, unless it is also its parent (counted once). */
function answerKeyOf(e: SessionEvent): string | undefined {
  return e.kind === 'tool_result' && e.callId !== parentKeyOf(e) ? e.callId : undefined;
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
  private readonly all = new Acc();
  private readonly runs: LiveRun[] = [];
  private readonly runById = new Map<string, LiveRun>();
  /** Arrival numbers by key: integer keys (the page's store indexes, of()'s) in an array, others in a map. */
  private readonly byIndex: number[] = [];
  /** Keys below it are their own arrival numbers (of()'s, and the page's while they agree): not stored. */
  private selfKeyed = 0;
  private readonly byKey = new Map<string | number, number>();
  private readonly agents = new Map<string, LiveGroup>();
  /** Sub-agent rows by the name of the call they nest under (their key is `sub-agent:` and the name). */
  private readonly subAgents = new Map<string, LiveGroup>();
  private readonly models = new Map<string, LiveGroup>();
  private readonly tools = new Map<string, LiveGroup>();
  /** Every group by id (0: none). */
  private readonly groups: Array<LiveGroup | undefined> = [undefined];
  private anyStale = false;
  /** One record read from an event at a time (see Contribution), and the event's fields (see Peek): one for folding in, one for taking out. */
  private readonly c = new Contribution();
  private readonly p = new Peek();
  private readonly q = new Peek();

  // Per event, by arrival number.
  private n = 0;
  private ev: SessionEvent[] = [];
  private runIx = new Int32Array(0);
  private pos = new Int32Array(0);
  private agentG = new Int32Array(0);
  private modelG = new Int32Array(0);
  private toolG = new Int32Array(0);
  private bits = new Int32Array(0);
  /** A result's size once measured, -1 until then. */
  private chars = new Float64Array(0);
  /** Model calls as the list gives them, made when the list is first read after their fold. */
  private callObj: Array<ModelCall | undefined> = [];

  /** What result() built last time, and what changed since (see result()). */
  private readonly cache = { runs: [] as Group[], calls: [] as ModelCall[], callStart: [] as number[], eventStart: [] as number[] };
  private readonly dirty: LiveRun[] = [];
  private callsFrom = 0;
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
    let total = 0;
    for (const run of session.runs) total += run.events.length;
    b.reserve(total);
    // Sized once (grown by pushes, it would be copied a dozen times).
    b.ev = new Array<SessionEvent>(total);
    for (const run of session.runs) {
      b.setRun(run);
      const events = run.events;
      for (let i = b.putRun(run); i < events.length; i++) b.put(b.n, events[i]!);
    }
    return b;
  }

  /**
   * What put() of each of a new run's events gives, in one fold per event: the run's events are
   * placed first (its mode counted, its call ids left to be read when needed), then folded, so
   * nothing is folded again (a run's first model call with tokens, a call after its results, would
   * fold the events before them again) and no call id is hashed unless an event asks for its call.
   * Stops at the first event that names another run (put() places it and the rest); returns how
   * many it took. test/unit/model.breakdownLive.test.ts holds it to put() of each event.
   */
  private putRun(meta: Run): number {
    const run = this.runOf(meta.id);
    if (run.recs.length) return 0;
    const events = meta.events;
    const id = meta.id;
    // Sized once (see of()); cut to what it took.
    const recs = (run.recs = new Array<number>(events.length));
    const ix = run.index;
    const start = this.n;
    let i = 0;
    for (; i < events.length; i++) {
      const e = events[i]!;
      if (e.runId !== id) break;
      const r = this.n++;
      this.ev[r] = e;
      this.runIx[r] = ix;
      this.pos[r] = i;
      recs[i] = r;
      if (e.kind === 'model_call') this.countMode(run, e, 1);
    }
    recs.length = i;
    if (this.selfKeyed === start) this.selfKeyed = this.n;
    else for (let r = start; r < this.n; r++) this.byIndex[r] = r;
    this.updateMode(run);
    for (let k = 0; k < recs.length; k++) this.fold(recs[k]!);
    return i;
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
   * Folds one event in. `key` names it for later replacement (the event's id, say; the inspector
   * page uses its store index, as its list does): a key seen before replaces that event, which
   * keeps its place.
   */
  put(key: string | number, event: SessionEvent): void {
    const dense = typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < 2 ** 31;
    const id = dense ? (key < this.selfKeyed ? key : this.byIndex[key]) : this.byKey.get(key);
    if (id === undefined) {
      const p = this.p.of(event);
      const run = this.runOf(p.runId);
      const r = this.n++;
      if (r >= this.bits.length) this.reserve(Math.max(64, r * 2));
      if (dense) {
        if (key === r && r === this.selfKeyed) this.selfKeyed++;
        else this.byIndex[key] = r;
      } else this.byKey.set(key, r);
      this.ev[r] = event;
      this.runIx[r] = run.index;
      this.pos[r] = run.recs.length;
      run.recs.push(r);
      this.admit(r, p);
      return;
    }
    const run = this.runs[this.runIx[id]!]!;
    const old = this.ev[id]!;
    this.retract(id);
    this.chars[id] = -1;
    if (event.runId !== run.meta.id) {
      // Moved to another run: it takes the place its first arrival gives it there.
      this.unindex(run, id, old);
      const to = this.runOf(event.runId);
      this.touch(run);
      const at = this.pos[id]!;
      run.recs.splice(at, 1);
      for (let i = at; i < run.recs.length; i++) this.pos[run.recs[i]!] = i;
      this.dropLists(run, id);
      const oldCall = callKeyOf(old);
      if (oldCall !== undefined) this.refoldDependents(run, oldCall, id);
      if (this.updateMode(run)) this.refoldRun(run);
      this.ev[id] = event;
      this.runIx[id] = to.index;
      this.touch(to);
      let i = to.recs.length;
      while (i > 0 && to.recs[i - 1]! > id) i--;
      to.recs.splice(i, 0, id);
      for (let j = i; j < to.recs.length; j++) this.pos[to.recs[j]!] = j;
      this.admit(id);
      return;
    }
    // Only what changed is indexed again (a call streamed with the same id stays where it is).
    const oldCall = callKeyOf(old);
    const newCall = callKeyOf(event);
    if (oldCall !== newCall) this.unindexCall(run, id, oldCall);
    if (parentKeyOf(old) !== parentKeyOf(event)) {
      run.ref(parentKeyOf(old), -1);
      run.ref(parentKeyOf(event), 1);
    }
    if (answerKeyOf(old) !== answerKeyOf(event)) {
      run.ref(answerKeyOf(old), -1);
      run.ref(answerKeyOf(event), 1);
    }
    this.countMode(run, old, -1);
    this.ev[id] = event;
    if (oldCall !== newCall) this.indexCall(run, id, newCall);
    this.countMode(run, event, 1);
    if (this.updateMode(run)) {
      this.refoldRun(run);
      return;
    }
    this.fold(id);
    const oldName = old.kind === 'tool_call' ? old.name : undefined;
    const newName = event.kind === 'tool_call' ? event.name : undefined;
    if (oldCall !== newCall || oldName !== newName) {
      if (oldCall !== undefined) this.refoldDependents(run, oldCall, id);
      if (newCall !== undefined && newCall !== oldCall) this.refoldDependents(run, newCall, id);
    }
  }

  /** How many events are folded in. */
  get size(): number {
    return this.n;
  }

  /**
   * The breakdown as the session now stands. The rows of runs no event touched since the last
   * call are reused. `calls`, `topCalls`, `topResults`, a tool's `resultChars` and a row's
   * `eventIds` are worked out when first read: read them before the next put().
   */
  result(): Breakdown {
    const top = this.options.top ?? 10;
    const cache = this.cache;
    for (const run of this.dirty) {
      cache.runs[run.index] = this.runGroup(run);
      run.dirty = false;
    }
    this.dirty.length = 0;
    if (this.anyStale) this.replace();
    const out: Breakdown = {
      session: this.all.done(),
      mismatches: compareTotals(this.meta.totals, this.meta.providerTotals),
      runs: cache.runs.slice(),
      agents: this.rows(this.agents, this.subAgents),
      models: this.rows(this.models),
      tools: this.rows(this.tools),
      calls: [],
      topCalls: [],
      topResults: [],
    };
    lazy(out, 'calls', () => this.callList().slice());
    lazy(out, 'topCalls', () => topN(out.calls, top, costThenTokens));
    lazy(out, 'topResults', () => {
      this.measure();
      const recs: number[] = [];
      for (const run of this.runs) for (const r of this.listOf(run, IN_RESULTS)) recs.push(r);
      const chars = this.chars;
      return topN(recs, top, (a, b) => chars[b]! - chars[a]!).map((r) => this.resultRow(r));
    });
    if (this.meta.providerTotals) out.providerTotals = this.meta.providerTotals;
    if (this.timed > 0) {
      if (!this.atFirst || !this.atLast) this.rescanTimes();
      out.wallMs = this.last - this.first;
    }
    return out;
  }

  /** Every model call in session order; the lists of runs before the first touched one are reused. */
  private callList(): ModelCall[] {
    const cache = this.cache;
    const from = this.callsFrom;
    if (from < this.runs.length) {
      cache.calls.length = cache.callStart[from] ?? cache.calls.length;
      // Where this run's events start: after the runs before it, which nothing touched.
      let offset = from === 0 ? 0 : cache.eventStart[from - 1]! + this.runs[from - 1]!.recs.length;
      for (let i = from; i < this.runs.length; i++) {
        const run = this.runs[i]!;
        cache.callStart[i] = cache.calls.length;
        cache.eventStart[i] = offset;
        for (const r of this.listOf(run, IN_CALLS)) {
          const call = (this.callObj[r] ??= this.makeCall(r));
          call.index = offset + this.pos[r]!;
          cache.calls.push(call);
        }
        offset += run.recs.length;
      }
    }
    this.callsFrom = Infinity;
    return cache.calls;
  }

  private makeCall(r: number): ModelCall {
    const e = this.ev[r]!;
    const run = this.runs[this.runIx[r]!]!;
    // The event's fields as Peek read them (read again from the event, a cost or a time is boxed).
    const p = this.q.of(e);
    const c = this.c.read(p, (this.bits[r]! >> MODE_SHIFT) & 7);
    const agent = this.groups[this.agentG[r]!]!;
    const kind = p.kind as SessionEvent['kind'];
    const call: ModelCall = { eventId: e.id, runId: p.runId, kind, index: 0, tokens: p.tokens ?? {}, agent: agent.name };
    const model = p.model ?? run.meta.model;
    if (model !== undefined) call.model = model;
    if (c.known & K_PROMPT) call.promptTokens = c.prompt;
    if (isNum(p.cost)) call.costUsd = p.cost;
    if (isNum(p.latency)) call.latencyMs = p.latency;
    const ttft = kind === 'model_call' || kind === 'assistant_message' ? ttftOf(e) : undefined;
    if (ttft !== undefined) call.ttftMs = ttft;
    if (c.known & K_CACHE) call.cacheHitRate = c.cacheRead / c.prompt;
    return call;
  }

  private resultRow(r: number): ToolResultSize {
    const e = this.ev[r] as SessionEvent & { kind: 'tool_result' };
    const run = this.runs[this.runIx[r]!]!;
    const answered = e.callId !== undefined ? this.callOf(run, e.callId) : undefined;
    const row: ToolResultSize = { eventId: e.id, runId: e.runId, chars: this.chars[r]!, isError: e.isError === true };
    const name = e.name ?? answered?.name;
    if (name !== undefined) row.name = name;
    if (answered !== undefined) row.callEventId = answered.id;
    return row;
  }

  /** The live rows of some groupings, in the order of their first event, as Groups. */
  private rows(...maps: Array<Map<string, LiveGroup>>): Group[] {
    const list: LiveGroup[] = [];
    for (const m of maps) for (const g of m.values()) if (g.alive) list.push(g);
    list.sort((a, b) => a.first - b.first);
    return list.map((g) => this.groupOf(g));
  }

  private groupOf(live: LiveGroup): Group {
    const g = { ...live.done(), kind: live.kind, key: live.key, label: live.label } as Group;
    if (live.role) g.role = live.role;
    if (live.kind === 'tool' && live.results > 0) {
      lazy(g, 'resultChars', () => {
        this.measure();
        return live.resultChars;
      });
    }
    lazy(g, 'eventIds', () => this.idsOf(live));
    return g;
  }

  /** The ids of a row's events, in session order. */
  private idsOf(g: LiveGroup): string[] {
    const ids: string[] = [];
    const col = g.kind === 'agent' ? this.agentG : g.kind === 'model' ? this.modelG : this.toolG;
    for (const run of this.runs) for (const r of run.recs) if (col[r] === g.id && this.bits[r]! & FOLDED) ids.push(this.ev[r]!.id);
    return ids;
  }

  /** Measures the tool results not measured yet, into their rows. */
  private measure(): void {
    const chars = this.chars;
    for (const run of this.runs) {
      for (const r of this.listOf(run, IN_RESULTS)) {
        if (chars[r]! >= 0) continue;
        const n = resultChars(this.ev[r] as SessionEvent & { kind: 'tool_result' });
        chars[r] = n;
        if (this.bits[r]! & COUNTED_RESULT) this.groups[this.toolG[r]!]!.resultChars += n;
      }
    }
  }

  /** The groups whose first event left: their first event looked for again, in one pass. */
  private replace(): void {
    this.anyStale = false;
    const stale: LiveGroup[] = [];
    for (const g of this.groups) if (g?.stale) stale.push(g);
    if (!stale.length) return;
    for (const g of stale) {
      g.first = Infinity;
      g.rescan = true;
    }
    const groups = this.groups;
    for (const run of this.runs) {
      const o = run.owner;
      if (o?.rescan) o.placed(run.index * RUN_SPAN, o.name);
      for (const r of run.recs) {
        if (!(this.bits[r]! & FOLDED)) continue;
        const order = run.index * RUN_SPAN + r + 1;
        const a = groups[this.agentG[r]!];
        if (a?.rescan) a.placed(order, a.name);
        const m = groups[this.modelG[r]!];
        if (m?.rescan) m.placed(order, m.key);
        const t = groups[this.toolG[r]!];
        if (t?.rescan) t.placed(order, this.bits[r]! & CODE_LABEL ? `${(this.ev[r] as { language?: string }).language} code` : t.key);
      }
    }
    for (const g of stale) g.stale = g.rescan = false;
  }

  private runGroup(run: LiveRun): Group {
    const m = run.meta;
    const r = run.index;
    // Built in place, not spread: a spread copies into a fresh object field by field.
    const g = run.acc.done() as Group;
    g.kind = 'run';
    g.key = `${r}:${m.id}`;
    g.label = m.title ?? `Run ${r + 1}`;
    if (m.providerTotals) Object.assign(g, runExtras(m.totals, m.providerTotals));
    return g;
  }

  /** The run's row or model calls changed since the last result(). */
  private touch(run: LiveRun): void {
    if (!run.dirty) {
      run.dirty = true;
      this.dirty.push(run);
    }
    if (run.index < this.callsFrom) this.callsFrom = run.index;
  }

  /** Room for `n` events in the per-event columns. */
  private reserve(n: number): void {
    if (n <= this.bits.length) return;
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.runIx = grow(this.runIx, (k) => new Int32Array(k));
    this.pos = grow(this.pos, (k) => new Int32Array(k));
    this.agentG = grow(this.agentG, (k) => new Int32Array(k));
    this.modelG = grow(this.modelG, (k) => new Int32Array(k));
    this.toolG = grow(this.toolG, (k) => new Int32Array(k));
    this.bits = grow(this.bits, (k) => new Int32Array(k));
    // Unmeasured (-1) from the start: a new event's slot is never written before it arrives.
    const from = this.chars.length;
    this.chars = grow(this.chars, (k) => new Float64Array(k));
    this.chars.fill(-1, from);
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
    // Events come run after run: the last run is the likely one (a string compare, not a hash).
    const last = this.runs[this.runs.length - 1];
    if (last && last.meta.id === id) return last;
    return this.runById.get(id) ?? this.addRun({ id, totals: { tokens: {} } });
  }

  private setOwner(run: LiveRun): void {
    const before = run.owner;
    if (before) {
      before.disown(run);
      if (before.stale) this.anyStale = true;
    }
    const owner = runAgent(run.meta, this.meta);
    // Most runs have the session's agent, the last run's owner: its key is not built and hashed again.
    const last = this.lastOwner;
    run.owner =
      last !== undefined && last.role === owner.role && last.name === owner.name
        ? last
        : (this.lastOwner = this.group(this.agents, 'agent', `${owner.role}:${owner.name}`, owner.role));
    run.owner.own(run);
  }

  private refoldRun(run: LiveRun): void {
    for (const r of run.recs) this.retract(r);
    this.setOwner(run);
    for (const r of run.recs) this.fold(r);
  }

  /** Recounts the run's mode; true when it changed (the run is then folded again). */
  private updateMode(run: LiveRun): boolean {
    const mode = (run.tokenCalls ? FROM_CALLS_TOKENS : 0) | (run.costCalls ? FROM_CALLS_COST : 0) | (run.timeCalls ? FROM_CALLS_TIME : 0);
    if (mode === run.mode) return false;
    run.mode = mode;
    return true;
  }

  // ---- one event ------------------------------------------------------------------------------

  private admit(r: number, peeked?: Peek): void {
    const run = this.runs[this.runIx[r]!]!;
    const e = this.ev[r]!;
    const p = peeked ?? this.p.of(e);
    const call = p.kind === 'tool_call' ? p.callId : undefined;
    this.indexCall(run, r, call);
    const parent = p.parent;
    if (parent !== undefined) run.ref(parent, 1);
    if (p.kind === 'tool_result' && p.callId !== parent) run.ref(p.callId, 1);
    if (p.kind === 'model_call') {
      this.countMode(run, e, 1);
      if (this.updateMode(run)) {
        this.refoldRun(run);
        return;
      }
    }
    this.fold(r, p);
    if (call !== undefined) this.refoldDependents(run, call, r);
  }

  private countMode(run: LiveRun, e: SessionEvent, by: 1 | -1): void {
    const bits = modeBitsOf(e);
    if (bits & FROM_CALLS_TOKENS) run.tokenCalls += by;
    if (bits & FROM_CALLS_COST) run.costCalls += by;
    if (bits & FROM_CALLS_TIME) run.timeCalls += by;
  }

  /** The event leaves its run's indexes (it is moving to another run). */
  private unindex(run: LiveRun, r: number, e: SessionEvent): void {
    this.unindexCall(run, r, callKeyOf(e));
    run.ref(parentKeyOf(e), -1);
    run.ref(answerKeyOf(e), -1);
    this.countMode(run, e, -1);
  }

  /** A tool call with this call id: it names the call id if it is the last in run order. */
  private indexCall(run: LiveRun, r: number, callId: string | undefined): void {
    const calls = run.calls;
    if (callId === undefined) return;
    if (calls === undefined) {
      run.lookedFor = undefined;
      return;
    }
    const cur = calls.get(callId);
    if (cur === undefined || this.pos[r]! > this.pos[cur]!) calls.set(callId, r);
  }

  private unindexCall(run: LiveRun, r: number, callId: string | undefined): void {
    const calls = run.calls;
    if (callId === undefined) return;
    if (calls === undefined) {
      run.lookedFor = undefined;
      return;
    }
    if (calls.get(callId) !== r) return;
    calls.delete(callId);
    // Another call with the same id takes over (rare: ids are meant to be unique).
    let best: number | undefined;
    for (const o of run.recs) {
      if (o !== r && callKeyOf(this.ev[o]!) === callId && (best === undefined || this.pos[o]! > this.pos[best]!)) best = o;
    }
    if (best !== undefined) calls.set(callId, best);
  }

  /** The tool call a call id names in this run. */
  private callOf(run: LiveRun, callId: string): (SessionEvent & { kind: 'tool_call' }) | undefined {
    let r = run.calls?.get(callId);
    if (run.calls === undefined) {
      // Looked for from the run's end (the last call with the id is the one), the last answer kept
      // (events nested under one call come together); a run looked through more than a few times
      // over is indexed instead. Most runs' calls are never hashed.
      if (run.lookedFor === callId && run.lookedAt === run.recs.length) r = run.found;
      else {
        const recs = run.recs;
        let i = recs.length - 1;
        for (; i >= 0; i--) if (callKeyOf(this.ev[recs[i]!]!) === callId) break;
        r = i >= 0 ? recs[i] : undefined;
        run.lookedFor = callId;
        run.lookedAt = recs.length;
        run.found = r;
        run.looked += recs.length - i;
        if (run.looked > 4 * recs.length + 64) this.indexCalls(run);
      }
    }
    return r === undefined ? undefined : (this.ev[r] as SessionEvent & { kind: 'tool_call' });
  }

  /** The run's call ids, from its events (recs are in run order: the last call with an id wins). */
  private indexCalls(run: LiveRun): Map<string, number> {
    const calls = new Map<string, number>();
    for (const r of run.recs) {
      const call = callKeyOf(this.ev[r]!);
      if (call !== undefined) calls.set(call, r);
    }
    return (run.calls = calls);
  }

  /** How many of the run's events depend on each call id, from its events. */
  private countRefs(run: LiveRun): Map<string, number> {
    run.refs = new Map();
    for (const r of run.recs) {
      const e = this.ev[r]!;
      run.ref(parentKeyOf(e), 1);
      run.ref(answerKeyOf(e), 1);
    }
    return run.refs;
  }

  /** The events nested under or answering a call id fold again (the call they name changed). */
  private refoldDependents(run: LiveRun, callId: string, except: number): void {
    if (!(run.refs ?? this.countRefs(run)).get(callId)) return;
    for (const r of run.recs.slice()) {
      if (r === except) continue;
      const e = this.ev[r]!;
      if (parentKeyOf(e) !== callId && answerKeyOf(e) !== callId) continue;
      this.retract(r);
      this.fold(r);
    }
  }

  /** The row of `key` in `map` (filed there under `mapKey`), made when new. */
  private group(map: Map<string, LiveGroup>, kind: GroupKind, key: string, role?: Group['role'], mapKey = key): LiveGroup {
    let g = map.get(mapKey);
    if (!g) {
      g = new LiveGroup(this.groups.length, kind, key, role);
      this.groups.push(g);
      map.set(mapKey, g);
    }
    return g;
  }

  // The row of the last model and of the last two tools (a call and its result name the same one):
  // an event's model or tool name is a string of its own (parsed or cloned), whose hash a Map
  // lookup would work out for each event; comparing it with the last key is a few bytes' compare.
  // Rows are never dropped from their maps, so a kept one stays right.
  private lastModel: LiveGroup | undefined;
  /** The agent row of the last run set up (see setOwner). */
  private lastOwner: LiveGroup | undefined;
  private lastTool: LiveGroup | undefined;
  private lastTool2: LiveGroup | undefined;

  private modelRow(key: string): LiveGroup {
    const last = this.lastModel;
    if (last !== undefined && last.key === key) return last;
    return (this.lastModel = this.models.get(key) ?? this.group(this.models, 'model', key));
  }

  private toolRow(key: string): LiveGroup {
    const last = this.lastTool;
    if (last !== undefined && last.key === key) return last;
    const before = this.lastTool2;
    this.lastTool2 = last;
    if (before !== undefined && before.key === key) return (this.lastTool = before);
    return (this.lastTool = this.tools.get(key) ?? this.group(this.tools, 'tool', key));
  }

  /** The rules of breakdown.ts for one event, remembering which rows its figures went to. */
  private fold(r: number, peeked?: Peek): void {
    const run = this.runs[this.runIx[r]!]!;
    this.touch(run);
    let bits = this.bits[r]!;
    if (bits & FOLDED) {
      this.retract(r);
      bits = this.bits[r]!;
    }
    const e = peeked ?? this.p.of(this.ev[r]!);
    const mode = run.mode;
    const c = this.c.read(e, mode);
    const flags = c.flags;
    const usage = (flags & USAGE) !== 0;
    const order = run.index * RUN_SPAN + r + 1;
    bits = (bits & (IN_CALLS | IN_RESULTS)) | FOLDED | (mode << MODE_SHIFT);
    this.all.add(c, -1, 1);
    run.acc.add(c, -1, 1);
    const tm = e.time;
    if (isNum(tm)) this.addTime(tm);

    const parent = e.parent;
    const sub = parent !== undefined ? this.callOf(run, parent)?.name : undefined;
    let agent: LiveGroup;
    if (sub !== undefined) {
      agent = this.subAgents.get(sub) ?? this.group(this.subAgents, 'agent', `sub-agent:${sub}`, 'sub-agent', sub);
      agent.add(c, -1, 1);
      agent.join(order, sub);
    } else {
      agent = run.owner!;
      agent.add(c, -1, 1);
      agent.join(order, agent.name);
    }
    this.agentG[r] = agent.id;

    if (usage) {
      const key = e.model ?? run.meta.model ?? UNKNOWN_MODEL;
      const g = this.modelRow(key);
      g.add(c, -1, 1);
      g.join(order, key);
      this.modelG[r] = g.id;
      this.forgetCall(r);
      if (!(bits & IN_CALLS)) {
        if (run.callRecs) insertOrdered(run.callRecs, r, this.pos);
        bits |= IN_CALLS;
      }
    } else {
      this.modelG[r] = 0;
      if (bits & IN_CALLS) {
        if (run.callRecs) removeOrdered(run.callRecs, r);
        bits &= ~IN_CALLS;
        this.forgetCall(r);
      }
    }

    let isResult = false;
    let toolG = 0;
    if (flags & (TOOL | TOOL_TIME)) {
      // A tool's row holds the tool's own figures: a model step that rode on its call (agno puts
      // a tool-calling message's tokens on its first call) belongs to the model rows, not here.
      let key: string | undefined;
      let label = '';
      if (e.kind === 'tool_call') key = label = e.name!;
      else if (e.kind === 'code_execution') {
        key = `code:${e.language}`;
        label = `${e.language} code`;
        bits |= CODE_LABEL;
      } else if (e.kind === 'tool_result') {
        key = label = e.name ?? (e.callId !== undefined ? this.callOf(run, e.callId)?.name : undefined) ?? '(unnamed tool)';
        isResult = true;
      }
      if (key !== undefined) {
        const g = this.toolRow(key);
        if (usage) bits |= OWN_ONLY;
        g.add(c, usage ? TOOL | ERROR : -1, 1);
        if (isResult) {
          g.results++;
          bits |= COUNTED_RESULT;
          const n = this.chars[r]!;
          if (n >= 0) g.resultChars += n;
        }
        g.join(order, label);
        toolG = g.id;
      }
    }
    this.toolG[r] = toolG;
    if (isResult) {
      if (!(bits & IN_RESULTS)) {
        if (run.resultRecs) insertOrdered(run.resultRecs, r, this.pos);
        bits |= IN_RESULTS;
      }
    } else if (bits & IN_RESULTS) {
      if (run.resultRecs) removeOrdered(run.resultRecs, r);
      bits &= ~IN_RESULTS;
    }
    this.bits[r] = bits;
  }

  /** Takes the event's figures back out of every row it went to (read again with the mode it was folded with). */
  private retract(r: number): void {
    const bits = this.bits[r]!;
    if (!(bits & FOLDED)) return;
    const run = this.runs[this.runIx[r]!]!;
    const e = this.q.of(this.ev[r]!);
    this.touch(run);
    const c = this.c.read(e, (bits >> MODE_SHIFT) & 7);
    this.all.add(c, -1, -1);
    run.acc.add(c, -1, -1);
    const tm = e.time;
    if (isNum(tm)) this.removeTime(tm);
    const order = run.index * RUN_SPAN + r + 1;
    const groups = this.groups;
    const agent = groups[this.agentG[r]!]!;
    agent.add(c, -1, -1);
    this.leave(agent, order);
    const model = groups[this.modelG[r]!];
    if (model) {
      model.add(c, -1, -1);
      this.leave(model, order);
    }
    const tool = groups[this.toolG[r]!];
    if (tool) {
      tool.add(c, bits & OWN_ONLY ? TOOL | ERROR : -1, -1);
      if (bits & COUNTED_RESULT) {
        tool.results--;
        const n = this.chars[r]!;
        if (!tool.results) tool.resultChars = 0;
        else if (n >= 0) tool.resultChars -= n;
      }
      this.leave(tool, order);
    }
    this.agentG[r] = this.modelG[r] = this.toolG[r] = 0;
    this.bits[r] = bits & (IN_CALLS | IN_RESULTS);
  }

  private leave(g: LiveGroup, order: number): void {
    g.leave(order);
    if (g.stale) this.anyStale = true;
  }

  /** The run's model calls (IN_CALLS) or tool results (IN_RESULTS), made from its events' bits if not kept yet. */
  private listOf(run: LiveRun, bit: typeof IN_CALLS | typeof IN_RESULTS): number[] {
    let list = bit === IN_CALLS ? run.callRecs : run.resultRecs;
    if (list) return list;
    list = [];
    for (const r of run.recs) if (this.bits[r]! & bit) list.push(r);
    if (bit === IN_CALLS) run.callRecs = list;
    else run.resultRecs = list;
    return list;
  }

  /** Takes the event out of its run's model-call and result lists (it is leaving the run). */
  private dropLists(run: LiveRun, r: number): void {
    const bits = this.bits[r]!;
    if (bits & IN_CALLS && run.callRecs) removeOrdered(run.callRecs, r);
    if (bits & IN_RESULTS && run.resultRecs) removeOrdered(run.resultRecs, r);
    this.bits[r] = bits & ~(IN_CALLS | IN_RESULTS);
    this.forgetCall(r);
  }

  /** Its model call is made again when the list is read (none is made past the end yet: a write there would grow the array). */
  private forgetCall(r: number): void {
    if (r < this.callObj.length) this.callObj[r] = undefined;
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
    for (const run of this.runs) {
      for (const r of run.recs) {
        const tm = this.ev[r]!.timeMs;
        if (this.bits[r]! & FOLDED && isNum(tm)) this.addTime(tm);
      }
    }
  }
}

/** Keeps `list` in run order as an event joins it (almost always at the end). */
function insertOrdered(list: number[], r: number, pos: Int32Array): void {
  let i = list.length;
  while (i > 0 && pos[list[i - 1]!]! > pos[r]!) i--;
  if (i === list.length) list.push(r);
  else list.splice(i, 0, r);
}

function removeOrdered(list: number[], r: number): void {
  const i = list.lastIndexOf(r);
  if (i >= 0) list.splice(i, 1);
}

/** `obj[key]` worked out by `make` when first read, then kept (an own, enumerable property either way). */
function lazy<T extends object, K extends keyof T>(obj: T, key: K, make: () => T[K]): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = make();
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
}
