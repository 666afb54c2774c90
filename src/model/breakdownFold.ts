// The arithmetic of the breakdown, shared by every way of computing it: what one event contributes
// (read once from the event into a fixed-shape record) and the one accumulator that adds it to a
// group's sums or takes it back out (a replaced event subtracts its old figures and adds its new
// ones, in O(1)). The builder in breakdownLive.ts is the only user; computeBreakdown folds through it.
import type { Figures, Group, ModelCall } from './breakdown';
import type { Run, Session, SessionEvent, TokenUsage, Totals } from './schema';
import { jsonLength } from './jsonLength';
import { compareTotals, tokenSum } from './totals';

export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

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

/**
 * The fields of an event the breakdown reads, copied out by one switch on its kind. Events come in
 * a dozen shapes; a property read that sees them all is slow (V8's megamorphic lookup), while each
 * read below sees one kind's few shapes. The repetition is the point: do not fold it into a helper.
 */
/** Every field Peek reads, on any kind (a hostile event can carry any of them). */
interface Loose {
  kind: string;
  runId: string;
  tokens?: TokenUsage;
  costUsd?: unknown;
  latencyMs?: unknown;
  timeMs?: unknown;
  parentCallId?: string;
  model?: string;
  name?: string;
  callId?: string;
  isError?: unknown;
  language?: string;
  error?: unknown;
}

export class Peek {
  kind = '';
  runId = '';
  tokens: TokenUsage | undefined = undefined;
  // Numbers as they are, anything else as NaN (which isNum() refuses, as it refuses the rest): a
  // field that only ever holds a double is written in place, where an `unknown` one boxes each
  // number read from an event (two allocations per event).
  cost = NaN;
  latency = NaN;
  time = NaN;
  parent: string | undefined = undefined;
  model: string | undefined = undefined;
  /** tool_call, tool_result. */
  name: string | undefined = undefined;
  callId: string | undefined = undefined;
  /** tool_result: isError === true. model_call: it has an error. */
  isError = false;
  failed = false;
  language: string | undefined = undefined;

  of(ev: SessionEvent): this {
    const e = ev as unknown as Loose;
    const kind = e.kind;
    this.kind = kind;
    this.name = this.callId = this.language = undefined;
    this.isError = this.failed = false;
    // One method per kind, not one case each: a number read in two places of one function is boxed
    // (V8 allocates a copy of it), read in a function of its own it is not. Measured: one method
    // reading the common figures once and the kind's own fields after is ~10 ms slower per
    // 100,000 events (alternating A/B, 4 × 31 runs); the rare kinds share one (figures()).
    switch (kind) {
      case 'tool_call':
        return this.toolCall(e);
      case 'tool_result':
        return this.toolResult(e);
      case 'code_execution':
        return this.codeExecution(e);
      case 'model_call':
        return this.modelCall(e);
      default:
        // Messages, reasoning, errors and kinds it does not know: the figures every event may carry.
        return this.figures(e);
    }
  }

  private toolCall(e: Loose): this {
    this.tokens = e.tokens;
    const c = e.costUsd;
    this.cost = typeof c === 'number' ? c : NaN;
    const l = e.latencyMs;
    this.latency = typeof l === 'number' ? l : NaN;
    const t = e.timeMs;
    this.time = typeof t === 'number' ? t : NaN;
    this.parent = e.parentCallId;
    this.model = e.model;
    this.runId = e.runId;
    this.name = e.name;
    this.callId = e.callId;
    return this;
  }

  private toolResult(e: Loose): this {
    this.tokens = e.tokens;
    const c = e.costUsd;
    this.cost = typeof c === 'number' ? c : NaN;
    const l = e.latencyMs;
    this.latency = typeof l === 'number' ? l : NaN;
    const t = e.timeMs;
    this.time = typeof t === 'number' ? t : NaN;
    this.parent = e.parentCallId;
    this.model = e.model;
    this.runId = e.runId;
    this.name = e.name;
    this.callId = e.callId;
    this.isError = e.isError === true;
    return this;
  }

  private codeExecution(e: Loose): this {
    this.tokens = e.tokens;
    const c = e.costUsd;
    this.cost = typeof c === 'number' ? c : NaN;
    const l = e.latencyMs;
    this.latency = typeof l === 'number' ? l : NaN;
    const t = e.timeMs;
    this.time = typeof t === 'number' ? t : NaN;
    this.parent = e.parentCallId;
    this.model = e.model;
    this.runId = e.runId;
    this.language = e.language;
    return this;
  }

  private modelCall(e: Loose): this {
    this.tokens = e.tokens;
    const c = e.costUsd;
    this.cost = typeof c === 'number' ? c : NaN;
    const l = e.latencyMs;
    this.latency = typeof l === 'number' ? l : NaN;
    const t = e.timeMs;
    this.time = typeof t === 'number' ? t : NaN;
    this.parent = e.parentCallId;
    this.model = e.model;
    this.runId = e.runId;
    this.failed = e.error !== undefined;
    return this;
  }

  private figures(e: Loose): this {
    this.tokens = e.tokens;
    const c = e.costUsd;
    this.cost = typeof c === 'number' ? c : NaN;
    const l = e.latencyMs;
    this.latency = typeof l === 'number' ? l : NaN;
    const t = e.timeMs;
    this.time = typeof t === 'number' ? t : NaN;
    this.parent = e.parentCallId;
    this.model = e.model;
    this.runId = e.runId;
    return this;
  }
}

export class Contribution {
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

  /** `mode`: which figures this run measures on its model calls only (FROM_CALLS_*). */
  read(e: Peek, mode: number): this {
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
    const cost = e.cost;
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
    if (kind === 'error' || e.isError || e.failed) flags |= ERROR;
    // An event that carries a request's figures carries that request's latency too (agno put a
    // tool-calling message's figures on its first call). Where the run times its model calls,
    // only theirs is model time: an answer's or a call's copy of it is not added again.
    const carries = usage || isNum(cost) || (t !== undefined && hasTokens(t));
    if (mode & FROM_CALLS_TIME) {
      if (call) flags |= MODEL_TIME;
      else if (!carries && (tool || kind === 'tool_result')) flags |= TOOL_TIME;
    } else if (call || carries || kind === 'assistant_message' || kind === 'reasoning') flags |= MODEL_TIME;
    else if (tool || kind === 'tool_result') flags |= TOOL_TIME;
    const latency = e.latency;
    if (isNum(latency)) {
      this.latency = latency;
      k |= flags & MODEL_TIME ? K_MODEL_MS : flags & TOOL_TIME ? K_TOOL_MS : 0;
    }
    this.flags = flags;
    this.known = k;
    return this;
  }
}

// Where an Acc's sums sit in its slab.
const S_INPUT = 0;
const S_OUTPUT = 1;
const S_CACHE_READ = 2;
const S_CACHE_WRITE = 3;
const S_REASONING = 4;
const S_TOTAL = 5;
const S_COST = 6;
const S_MODEL_MS = 7;
const S_TOOL_MS = 8;
const S_CACHE_READ_OF_RATE = 9;
const S_CACHE_PROMPT = 10;
const SUMS = 11;
/** Rows per slab: one slab does a few thousand runs' rows; a slab is freed with the last row in it. */
const SLAB_ROWS = 4096;
let slab = new Float64Array(0);
let slabNext = 0;
/** sumSlot()'s answer, one object reused (the constructor copies it out). */
const SLOT = { sums: slab, at: 0 };

/**
 * A new row's place: the next SUMS doubles of the current slab, -0 each (-0 + x is x for every
 * x, so a sum of nothing but -0 stays -0, which done() writes as 0, as 0 + 0 is).
 */
function sumSlot(): { sums: Float64Array; at: number } {
  if (slabNext + SUMS > slab.length) {
    slab = new Float64Array(SLAB_ROWS * SUMS).fill(-0);
    slabNext = 0;
  }
  const at = slabNext;
  slabNext += SUMS;
  SLOT.sums = slab;
  SLOT.at = at;
  return SLOT;
}

/**
 * Sums of one group. `add(c, mask, 1)` puts an event's contribution in, `add(c, mask, -1)` takes
 * the same back out; a figure is known while some event in the sums reported it (a count per
 * figure), so taking the last one out makes it unknown again, not 0.
 */
export class Acc {
  private nInput = 0;
  private nOutput = 0;
  private nCacheRead = 0;
  private nCacheWrite = 0;
  private nReasoning = 0;
  private nTotal = 0;
  private nCost = 0;
  private nModelMs = 0;
  private nToolMs = 0;
  modelCalls = 0;
  private toolCalls = 0;
  private errors = 0;
  private cacheReported = 0;
  // The sums, in a slab shared with other rows (see sumSlot): kept in fields, each double would be
  // an object of its own (V8 boxes a double field), 11 more per row, a row per run (2,131 rows in a
  // 100,000-event session, 30,000 objects for the young generation to copy when it is collected
  // mid-fold). A typed array holds doubles from the start, so no sum changes representation.
  private readonly sums: Float64Array;
  private readonly at: number;
  /** Tool rows: characters of the results measured so far, and how many results there are. */
  resultChars = -0;
  results = 0;

  constructor() {
    const slot = sumSlot();
    this.sums = slot.sums;
    this.at = slot.at;
  }

  /**
   * `mask` leaves out what does not belong to this group (a tool's row takes no model figures);
   * `s` is 1 to add, -1 to take back. A sum whose last figure leaves is reset to exactly 0, so
   * float sums taken in and out do not leave a residue.
   */
  add(c: Contribution, mask: number, s: 1 | -1): void {
    const sums = this.sums;
    const at = this.at;
    const flags = c.flags & mask;
    const k = flags & USAGE ? c.known : c.known & (mask === -1 ? -1 : K_TOOL_MS);
    if (flags & USAGE) {
      this.modelCalls += s;
      if (k & K_INPUT) {
        this.nInput += s;
        sums[at + S_INPUT] = this.nInput ? sums[at + S_INPUT]! + s * c.input : 0;
      }
      if (k & K_OUTPUT) {
        this.nOutput += s;
        sums[at + S_OUTPUT] = this.nOutput ? sums[at + S_OUTPUT]! + s * c.output : 0;
      }
      if (k & K_CACHE_READ) {
        this.nCacheRead += s;
        sums[at + S_CACHE_READ] = this.nCacheRead ? sums[at + S_CACHE_READ]! + s * c.cacheRead : 0;
      }
      if (k & K_CACHE_WRITE) {
        this.nCacheWrite += s;
        sums[at + S_CACHE_WRITE] = this.nCacheWrite ? sums[at + S_CACHE_WRITE]! + s * c.cacheWrite : 0;
      }
      if (k & K_REASONING) {
        this.nReasoning += s;
        sums[at + S_REASONING] = this.nReasoning ? sums[at + S_REASONING]! + s * c.reasoning : 0;
      }
      if (k & K_TOTAL) {
        this.nTotal += s;
        sums[at + S_TOTAL] = this.nTotal ? sums[at + S_TOTAL]! + s * c.total : 0;
      }
      if (k & K_COST) {
        this.nCost += s;
        sums[at + S_COST] = this.nCost ? sums[at + S_COST]! + s * c.cost : 0;
      }
      if (k & K_CACHE) {
        this.cacheReported += s;
        const n = this.cacheReported;
        sums[at + S_CACHE_READ_OF_RATE] = n ? sums[at + S_CACHE_READ_OF_RATE]! + s * c.cacheRead : 0;
        sums[at + S_CACHE_PROMPT] = n ? sums[at + S_CACHE_PROMPT]! + s * c.prompt : 0;
      }
    }
    if (flags & TOOL) this.toolCalls += s;
    if (flags & ERROR) this.errors += s;
    if (k & K_MODEL_MS) {
      this.nModelMs += s;
      sums[at + S_MODEL_MS] = this.nModelMs ? sums[at + S_MODEL_MS]! + s * c.latency : 0;
    } else if (k & K_TOOL_MS) {
      this.nToolMs += s;
      sums[at + S_TOOL_MS] = this.nToolMs ? sums[at + S_TOOL_MS]! + s * c.latency : 0;
    }
  }

  /** The sums as a Figures: what no event reported left out. */
  done(): Figures {
    const sums = this.sums;
    const at = this.at;
    const tokens: TokenUsage = {};
    // `+ 0`: a sum that started at -0 and added only zeros is 0, as 0 + 0 is.
    if (this.nInput) tokens.input = sums[at + S_INPUT]! + 0;
    if (this.nOutput) tokens.output = sums[at + S_OUTPUT]! + 0;
    if (this.nCacheRead) tokens.cacheRead = sums[at + S_CACHE_READ]! + 0;
    if (this.nCacheWrite) tokens.cacheWrite = sums[at + S_CACHE_WRITE]! + 0;
    if (this.nReasoning) tokens.reasoning = sums[at + S_REASONING]! + 0;
    if (this.nTotal) tokens.total = sums[at + S_TOTAL]! + 0;
    const f: Figures = {
      tokens,
      modelCalls: this.modelCalls,
      toolCalls: this.toolCalls,
      errors: this.errors,
      cacheReported: this.cacheReported,
    };
    if (this.nCost) f.costUsd = sums[at + S_COST]! + 0;
    if (this.nModelMs) f.modelMs = sums[at + S_MODEL_MS]! + 0;
    if (this.nToolMs) f.toolMs = sums[at + S_TOOL_MS]! + 0;
    const prompt = sums[at + S_CACHE_PROMPT]!;
    if (prompt > 0) f.cacheHitRate = sums[at + S_CACHE_READ_OF_RATE]! / prompt;
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
      // Walked, not stringified (jsonLength.ts); what the walk leaves (toJSON, a class, a cycle) is stringified.
      n = jsonLength(r);
      if (n < 0) n = JSON.stringify(r)?.length ?? 0;
    } catch {
      n = String(r).length;
    }
  }
  sizes.set(e, n);
  return n;
}

export const UNKNOWN_MODEL = '(model not reported)';

/** The agent a run belongs to: its own (a team member, a step's agent) or the session's. */
export function runAgent(
  run: Pick<Run, 'agentName'>,
  session: Pick<Session, 'agentName' | 'agentId'>,
): { name: string; role: 'agent' | 'member' } {
  if (run.agentName) return { name: run.agentName, role: 'member' };
  return { name: session.agentName ?? session.agentId ?? 'Agent', role: 'agent' };
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
    if (best.length === n && cmp(item, best[n - 1]!) >= 0) continue;
    let i = best.length;
    while (i > 0 && cmp(item, best[i - 1]!) < 0) i--;
    best.splice(i, 0, item);
    if (best.length > n) best.pop();
  }
  return best;
}
