// Where the tokens, the money and the time of a session went: the same per-event figures that
// computeTotals() sums, attributed to runs, agents (team members, sub-agents), models and tools.
// Pure and linear in the events; computed by one builder (breakdownLive.ts) that folds events in
// one at a time, so the inspector can keep it current while a session streams.
//
// Rules that keep it trustworthy:
// - every event's tokens and cost are counted exactly once in each grouping, so each grouping
//   sums to the session's totals (the unit tests hold it to that);
// - a figure no event reported stays undefined ("unknown"), never 0;
// - an event nested under a sub-agent's call, or in a member's run, counts for that sub-agent or
//   member, not for its leader;
// - the provider's own totals travel beside ours, with the differences computeTotals() finds.
import { isNum } from './breakdownFold';
import { BreakdownBuilder } from './breakdownLive';
import type { Session, SessionEvent, TokenUsage, Totals } from './schema';
import type { TotalsMismatch } from './totals';

export { costThenTokens, isNum, topN, UNKNOWN_MODEL } from './breakdownFold';

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
  /**
   * The events counted here, in session order: a row of the view opens these. Left out for the
   * session and its runs (all their events; a run's row opens the run).
   */
  eventIds?: string[];
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
  /** run groups: time to the run's first token, as the provider measured it (agno's run metrics). */
  ttftMs?: number;
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

/** The breakdown of a whole session: the live builder's fold over its events (breakdownLive.ts). */
export function computeBreakdown(session: Session, options: BreakdownOptions = {}): Breakdown {
  return BreakdownBuilder.of(session, options).result();
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
