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

/** Adds b into a where b knows a value; a key stays undefined until some event reports it. */
function addTokens(a: TokenUsage, b: TokenUsage | undefined): void {
  if (!b) return;
  for (const key of TOKEN_KEYS) {
    const v = b[key];
    if (typeof v === 'number' && Number.isFinite(v)) a[key] = (a[key] ?? 0) + v;
  }
}

function addOptional(a: number | undefined, b: number | undefined): number | undefined {
  return typeof b === 'number' && Number.isFinite(b) ? (a ?? 0) + b : a;
}

/**
 * A run's totals from its events. Tokens and cost are counted where they were measured: if any
 * model call in the events reports tokens, only model calls' tokens are added (an assistant message
 * or tool call carrying the same request's tokens is that request seen again); likewise for cost.
 * Without model calls every event's figures count, as before. `requests` is the number of model
 * calls, and stays unknown when there are none.
 */
export function computeTotals(events: readonly SessionEvent[]): Totals {
  const totals: Totals = { events: events.length, messages: 0, toolCalls: 0, errors: 0, tokens: {} };
  let modelCalls = 0;
  let tokensFromCalls = false;
  let costFromCalls = false;
  for (const e of events) {
    if (e.kind !== 'model_call') continue;
    modelCalls++;
    if (e.tokens && TOKEN_KEYS.some((k) => Number.isFinite(e.tokens![k]))) tokensFromCalls = true;
    if (Number.isFinite(e.costUsd)) costFromCalls = true;
  }
  if (modelCalls) totals.requests = modelCalls;
  for (const e of events) {
    if (e.kind === 'user_message' || e.kind === 'assistant_message') totals.messages! += 1;
    else if (e.kind === 'tool_call' || e.kind === 'code_execution') totals.toolCalls! += 1;
    else if (isErrorKind(e)) totals.errors! += 1;
    const measured = e.kind === 'model_call';
    if (measured || !tokensFromCalls) addTokens(totals.tokens, e.tokens);
    if (measured || !costFromCalls) totals.costUsd = addOptional(totals.costUsd, e.costUsd);
    totals.latencyMs = addOptional(totals.latencyMs, e.latencyMs);
  }
  return totals;
}

function isErrorKind(e: SessionEvent): boolean {
  return e.kind === 'error' || (e.kind === 'tool_result' && e.isError === true) || (e.kind === 'model_call' && e.error !== undefined);
}

/** Session totals are the sum of its runs' computed totals. */
export function sumTotals(list: readonly Totals[]): Totals {
  const totals: Totals = { events: 0, messages: 0, toolCalls: 0, errors: 0, tokens: {} };
  for (const t of list) {
    totals.events! += t.events ?? 0;
    totals.messages! += t.messages ?? 0;
    totals.toolCalls! += t.toolCalls ?? 0;
    totals.errors! += t.errors ?? 0;
    totals.requests = addOptional(totals.requests, t.requests);
    addTokens(totals.tokens, t.tokens);
    totals.costUsd = addOptional(totals.costUsd, t.costUsd);
    totals.latencyMs = addOptional(totals.latencyMs, t.latencyMs);
  }
  return totals;
}

/**
 * All tokens of a usage record: input + output + cache reads/writes (reported apart from input in
 * this model), or the bare total. Reasoning is left out: providers count it inside output.
 */
export function tokenSum(t: TokenUsage | undefined): number | undefined {
  if (!t) return undefined;
  const parts = [t.input, t.output, t.cacheRead, t.cacheWrite].filter((v): v is number => typeof v === 'number');
  if (parts.length) return parts.reduce((a, b) => a + b, 0);
  return t.total;
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
  const out: TotalsMismatch[] = [];
  const check = (field: string, c: number | undefined, r: number | undefined) => {
    if (typeof r !== 'number') return;
    // A reported 0 where no event says anything is agreement, not a mismatch.
    if (c === undefined && r === 0) return;
    if (c === undefined || Math.abs(c - r) > Math.max(1e-9, Math.abs(r) * 1e-6)) out.push({ field, computed: c, reported: r });
  };
  for (const key of TOKEN_KEYS) check(`tokens.${key}`, computed.tokens[key], reported.tokens[key]);
  check('costUsd', computed.costUsd, reported.costUsd);
  return out;
}

/** Fills in `totals` of every run and of the session from the events (mapping code calls this last). */
export function withTotals(session: Omit<Session, 'totals' | 'runs'> & { runs: Array<Omit<Run, 'totals'> & { totals?: Totals }> }): Session {
  const runs: Run[] = session.runs.map((r) => ({ ...r, totals: computeTotals(r.events) }));
  return { ...session, runs, totals: sumTotals(runs.map((r) => r.totals)) };
}
