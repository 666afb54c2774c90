// Run and session totals computed from the events, and the comparison with the provider's own.
//
// What each figure means:
// - tokens, cost: summed over the events that carry them, each request once (see computeTotals);
// - an event's latencyMs: that step's own duration — a model request, a tool's execution, a
//   message the provider timed — never the run's wall time (a mapper must not put a run's duration
//   on its answer: the run total would then count the steps twice);
// - a run's (and a session's) latencyMs: the sum of its steps' own durations. It is not the run's
//   wall time: parallel steps overlap (the sum can exceed it) and time outside any measured step is
//   not in it. The platform's run duration goes in the run's providerTotals.latencyMs and is shown
//   beside the sum; compareTotals never flags the two as differing, since they measure different things.
import type { Run, Session, SessionEvent, Totals, TokenUsage } from './schema';

const TOKEN_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;
/** compareTotals()' names of them. */
const TOKEN_FIELDS = TOKEN_KEYS.map((key) => `tokens.${key}`);

/**
 * Sums that cannot silently go wrong. Finite figures can add up beyond ±1.8e308 (JSON carries
 * such numbers): the sum would be ±Infinity, and a later one NaN. A field whose sum left the
 * finite numbers is recorded in `over` and stays unknown from then on, whatever else is added.
 */
class Sums {
  readonly over = new Set<string>();

  add(field: string, a: number | undefined, b: number | undefined): number | undefined {
    if (this.over.has(field)) return undefined;
    if (typeof b !== 'number' || !Number.isFinite(b)) return a;
    const sum = (a ?? 0) + b;
    if (Number.isFinite(sum)) return sum;
    this.over.add(field);
    return undefined;
  }

  /** Adds b into a where b knows a value; a key stays undefined until some event reports it. */
  tokens(a: TokenUsage, b: TokenUsage | undefined): void {
    if (!b) return;
    for (const key of TOKEN_KEYS) {
      const field = `tokens.${key}`;
      const v = this.add(field, a[key], b[key]);
      if (v === undefined) delete a[key];
      else a[key] = v;
    }
  }

  /** Fields of `t` that overflowed already (a run's, summed into a session) stay overflowed. */
  carry(t: Totals): void {
    for (const f of t.overflow ?? []) this.over.add(f);
  }

  finish(t: Totals): Totals {
    if (!this.over.size) return t;
    for (const f of this.over) {
      if (f.startsWith('tokens.')) delete t.tokens[f.slice(7) as keyof TokenUsage];
      else delete (t as Record<string, unknown>)[f];
    }
    t.overflow = [...this.over].sort();
    return t;
  }
}

/** Whether a field of these totals overflowed ("tokens.total" when any token count did). */
export function overflowed(t: Totals | undefined, field: string): boolean {
  const list = t?.overflow;
  if (!list?.length) return false;
  if (field === 'tokens.total') return list.some((f) => f.startsWith('tokens.') && f !== 'tokens.reasoning');
  return list.includes(field);
}

/**
 * A run's totals from its events. Tokens and cost are counted where they were measured: if any
 * model call in the events reports tokens, only model calls' tokens are added (an assistant message
 * or tool call carrying the same request's tokens is that request seen again); likewise for cost.
 * Without model calls every event's figures count, as before. `requests` is the number of model
 * calls, and stays unknown when there are none.
 */
export function computeTotals(events: readonly SessionEvent[]): Totals {
  const fold = new TotalsFold();
  for (const e of events) fold.add(e);
  return fold.result();
}

/**
 * computeTotals one event at a time, for a run whose events arrive in slices (a large file is
 * mapped piece by piece). Whether model calls carry the tokens is known only at the end, so both
 * sums are kept — each in event order, so the figures are the very ones computeTotals gives.
 */
export class TotalsFold {
  private events = 0;
  private messages = 0;
  private toolCalls = 0;
  private errors = 0;
  private modelCalls = 0;
  private tokensFromCalls = false;
  private costFromCalls = false;
  private readonly latency = new Sums();
  private latencyMs: number | undefined;
  private readonly allSums = new Sums();
  private readonly callSums = new Sums();
  private readonly allTokens: TokenUsage = {};
  private readonly callTokens: TokenUsage = {};
  private readonly allCostSums = new Sums();
  private readonly callCostSums = new Sums();
  private allCost: number | undefined;
  private callCost: number | undefined;

  add(e: SessionEvent): void {
    this.events++;
    if (e.kind === 'user_message' || e.kind === 'assistant_message') this.messages++;
    else if (e.kind === 'tool_call' || e.kind === 'code_execution') this.toolCalls++;
    else if (isErrorKind(e)) this.errors++;
    if (e.kind === 'model_call') {
      this.modelCalls++;
      if (e.tokens && TOKEN_KEYS.some((k) => Number.isFinite(e.tokens![k]))) this.tokensFromCalls = true;
      if (Number.isFinite(e.costUsd)) this.costFromCalls = true;
      this.callSums.tokens(this.callTokens, e.tokens);
      this.callCost = this.callCostSums.add('costUsd', this.callCost, e.costUsd);
    }
    this.allSums.tokens(this.allTokens, e.tokens);
    this.allCost = this.allCostSums.add('costUsd', this.allCost, e.costUsd);
    this.latencyMs = this.latency.add('latencyMs', this.latencyMs, e.latencyMs);
  }

  result(): Totals {
    const totals: Totals = { events: this.events, messages: this.messages, toolCalls: this.toolCalls, errors: this.errors, tokens: {} };
    if (this.modelCalls) totals.requests = this.modelCalls;
    const tokenSums = this.tokensFromCalls ? this.callSums : this.allSums;
    Object.assign(totals.tokens, this.tokensFromCalls ? this.callTokens : this.allTokens);
    const costSums = this.costFromCalls ? this.callCostSums : this.allCostSums;
    // Like computeTotals always did: a run without events has no cost or latency keys at all.
    if (this.events) {
      totals.costUsd = this.costFromCalls ? this.callCost : this.allCost;
      totals.latencyMs = this.latencyMs;
    }
    const sums = new Sums();
    for (const s of [tokenSums, costSums, this.latency]) for (const f of s.over) sums.over.add(f);
    return sums.finish(totals);
  }
}

function isErrorKind(e: SessionEvent): boolean {
  return e.kind === 'error' || (e.kind === 'tool_result' && e.isError === true) || (e.kind === 'model_call' && e.error !== undefined);
}

/** Session totals are the sum of its runs' computed totals. */
export function sumTotals(list: readonly Totals[]): Totals {
  const totals: Totals = { events: 0, messages: 0, toolCalls: 0, errors: 0, tokens: {} };
  const sums = new Sums();
  for (const t of list) {
    sums.carry(t);
    totals.events! += t.events ?? 0;
    totals.messages! += t.messages ?? 0;
    totals.toolCalls! += t.toolCalls ?? 0;
    totals.errors! += t.errors ?? 0;
    totals.requests = sums.add('requests', totals.requests, t.requests);
    sums.tokens(totals.tokens, t.tokens);
    totals.costUsd = sums.add('costUsd', totals.costUsd, t.costUsd);
    totals.latencyMs = sums.add('latencyMs', totals.latencyMs, t.latencyMs);
  }
  return sums.finish(totals);
}

/**
 * All tokens of a usage record: input + output + cache reads/writes (reported apart from input in
 * this model), or the bare total. Reasoning is left out: providers count it inside output.
 */
export function tokenSum(t: TokenUsage | undefined): number | undefined {
  if (!t) return undefined;
  const parts = [t.input, t.output, t.cacheRead, t.cacheWrite].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (parts.length) {
    const sum = parts.reduce((a, b) => a + b, 0);
    // Parts that add up beyond a number's range: unknown, not ±Infinity (see overflowed()).
    return Number.isFinite(sum) ? sum : undefined;
  }
  return typeof t.total === 'number' && Number.isFinite(t.total) ? t.total : undefined;
}

export interface TotalsMismatch {
  field: string;
  computed: number | undefined;
  reported: number;
}

/**
 * Where the provider reported a number and the events sum to something else, say so: the
 * inspector flags the mismatch instead of hiding either figure.
 */
export function compareTotals(computed: Totals, reported: Totals | undefined): TotalsMismatch[] {
  if (!reported) return [];
  // Written for the breakdown, which compares every run's (no closure, no field name built per call).
  const out: TotalsMismatch[] = [];
  const c = computed.tokens;
  const r = reported.tokens;
  for (let i = 0; i < TOKEN_KEYS.length; i++) {
    const key = TOKEN_KEYS[i]!;
    checkTotal(out, TOKEN_FIELDS[i]!, c[key], r[key]);
  }
  checkTotal(out, 'costUsd', computed.costUsd, reported.costUsd);
  return out;
}

function checkTotal(out: TotalsMismatch[], field: string, c: number | undefined, r: number | undefined): void {
  if (typeof r !== 'number') return;
  // A reported 0 where no event says anything is agreement, not a mismatch.
  if (c === undefined && r === 0) return;
  // Differences of huge figures can overflow too: anything but a small finite gap is a mismatch.
  const gap = c === undefined ? Infinity : Math.abs(c - r);
  if (!(gap <= Math.max(1e-9, Math.abs(r) * 1e-6))) out.push({ field, computed: c, reported: r });
}

/** Fills in `totals` of every run and of the session from the events (mapping code calls this last). */
export function withTotals(
  session: Omit<Session, 'totals' | 'runs'> & { runs: Array<Omit<Run, 'totals'> & { totals?: Totals }> },
): Session {
  const runs: Run[] = session.runs.map((r) => ({ ...r, totals: computeTotals(r.events) }));
  return { ...session, runs, totals: sumTotals(runs.map((r) => r.totals)) };
}
