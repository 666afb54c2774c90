// Writes sample sessions as a script (user says…, the model calls…, the tool returns…) and works
// out everything a platform would record around it: ids, timestamps that advance by each step's
// latency, token counts that grow with the context, costs from list prices, and raw payloads.
// Keeping those derived here is what makes the samples' totals, times and costs agree.
import {
  computeTotals,
  withTotals,
  type ModelMessage,
  type Run,
  type Session,
  type SessionEvent,
  type Totals,
  type TokenUsage,
} from '../../model';
import { costOf, estimateTokens, MODELS, type ModelName } from './pricing';
import { piperRun, piperRunEvent, piperSession } from './piperRaw';
import { demoId, hash32, Rng } from './prng';

export interface SessionSpec {
  /** Readable, stable name; the session id and all event ids derive from it. */
  slug: string;
  /** Overrides the id derived from the slug. */
  id?: string;
  agentId: string;
  agentName: string;
  title: string;
  /** ISO time of the first event. */
  start: string;
  model: ModelName;
  metadata?: Record<string, string | number | boolean>;
  isTest?: boolean;
  /** Whether the model reuses a cached prompt prefix (reported as cacheRead tokens). */
  promptCaching?: boolean;
}

export interface RunOptions {
  title?: string;
  model?: ModelName;
  /** Defaults to "completed"; "cancelled" / "failed" for the runs that went wrong. */
  status?: string;
  /** Pause before this run's first event (the user thinking); default one to three minutes. */
  pauseMs?: number;
  /**
   * Give the run provider-reported totals like a Piper run has. `true` reports exactly what the
   * events add up to; a function may alter them, to show how the inspector flags a mismatch.
   */
  reportTotals?: boolean | ((reported: Totals, computed: Totals) => Totals);
}

interface StepOptions {
  latencyMs?: number;
}

type Draft = Omit<Session, 'totals' | 'runs'> & { runs: Array<Omit<Run, 'totals'>> };

/** Events without id, run or time yet: the builder stamps those. */
type EventBody = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'id' | 'runId' | 'timestamp' | 'timeMs'> : never) : never;

export class SessionBuilder {
  readonly id: string;
  private readonly runs: Array<Omit<Run, 'totals'>> = [];
  private readonly rng: Rng;
  private counter = 0;
  /** Milliseconds since the epoch of the last thing that happened. */
  private clock: number;
  /** Tokens the model sees as prompt by now (system prompt, messages, tool output…). */
  private context = 0;
  /** Prompt tokens the provider already holds in its cache from the previous request. */
  private cached = 0;
  private callNames = new Map<string, string>();

  constructor(private readonly spec: SessionSpec) {
    this.id = spec.id ?? demoId(`session:${spec.slug}`, 0);
    this.rng = new Rng(hash32(spec.slug));
    this.clock = Date.parse(spec.start);
    this.context = 350; // the agent's instructions and tool schemas
  }

  run(options: RunOptions, script: (r: RunBuilder) => void): this {
    if (this.runs.length) this.clock += options.pauseMs ?? this.rng.int(60_000, 180_000);
    const runId = this.nextId();
    const model = options.model ?? this.spec.model;
    const createdAt = new Date(this.clock).toISOString();
    const events: SessionEvent[] = [];
    script(new RunBuilder(this, runId, model, events));
    let providerTotals: Totals | undefined;
    if (options.reportTotals) {
      const c = computeTotals(events);
      // Piper reports input and output tokens, cost and requests per run, nothing else.
      // What the events leave unknown, the provider does not report either.
      const reported: Totals = {
        tokens: {},
        requests: events.filter((e) => e.kind === 'tool_call' || e.kind === 'assistant_message').length,
      };
      if (c.tokens.input !== undefined) reported.tokens.input = c.tokens.input;
      if (c.tokens.output !== undefined) reported.tokens.output = c.tokens.output;
      if (c.costUsd !== undefined) reported.costUsd = c.costUsd;
      providerTotals = typeof options.reportTotals === 'function' ? options.reportTotals(reported, c) : reported;
    }
    const run = { id: runId, title: options.title, createdAt, model, status: options.status ?? 'completed', events, providerTotals };
    this.runs.push({ ...run, raw: piperRun(run, this.id, events.at(-1)?.timestamp ?? createdAt) });
    return this;
  }

  build(): Session {
    const first = this.runs[0]?.events[0]?.timestamp;
    const last = this.runs.at(-1)?.events.at(-1)?.timestamp;
    const metadata = this.spec.metadata ?? {};
    const head = {
      id: this.id,
      agentId: this.spec.agentId,
      createdAt: first ?? this.spec.start,
      updatedAt: last,
      isTest: this.spec.isTest,
      metadata,
    };
    const draft: Draft = {
      ...head,
      provider: 'demo',
      connectionId: 'demo',
      agentName: this.spec.agentName,
      title: this.spec.title,
      runs: this.runs,
      raw: piperSession(head),
    };
    return withTotals(draft);
  }

  // ---- used by RunBuilder ----------------------------------------------------------------

  nextId(): string {
    return demoId(`session:${this.spec.slug}`, ++this.counter);
  }

  /** Call ids carry the namespace too, so a chat turn's calls never clash with the session's. */
  nextCallId(): string {
    const id = this.nextId();
    return `call_${id.slice(0, 8)}${id.slice(-8)}`;
  }

  jitter(min: number, max: number): number {
    return this.rng.int(min, max);
  }

  /** Advances the clock by the step's duration and returns the time it ended. */
  advance(latencyMs: number): { timestamp: string; timeMs: number } {
    this.clock += latencyMs;
    const timeMs = this.clock;
    this.clock += this.rng.int(3, 40); // the platform's own bookkeeping between steps
    return { timestamp: new Date(timeMs).toISOString(), timeMs };
  }

  /** Adds text the model will read on its next request. */
  grow(tokens: number): void {
    this.context += tokens;
  }

  /** Input side of one model request: what was cached is read from the cache, the rest is new. */
  prompt(): TokenUsage {
    const total = this.context;
    const canCache = this.spec.promptCaching !== false && this.cached >= 1024;
    const cacheRead = canCache ? Math.floor(this.cached / 128) * 128 : 0;
    this.cached = total;
    return cacheRead ? { input: total - cacheRead, cacheRead } : { input: total };
  }

  /** Replaces the context with a summary of `keep` tokens; the cache no longer matches. */
  compact(keep: number): number {
    const before = this.context;
    this.context = keep;
    this.cached = 0;
    return before;
  }

  get contextTokens(): number {
    return this.context;
  }

  rememberCall(callId: string, name: string): void {
    this.callNames.set(callId, name);
  }

  callName(callId: string): string | undefined {
    return this.callNames.get(callId);
  }
}

export class RunBuilder {
  constructor(
    private readonly session: SessionBuilder,
    private readonly runId: string,
    private readonly model: ModelName,
    private readonly events: SessionEvent[],
  ) {}

  user(text: string, options: StepOptions = {}): this {
    this.session.grow(estimateTokens(text));
    return this.push({ kind: 'user_message', text }, options.latencyMs ?? 0);
  }

  system(text: string): this {
    this.session.grow(estimateTokens(text));
    return this.push({ kind: 'system_message', text }, 0);
  }

  /** A reasoning summary; the hidden reasoning behind it is a few times longer and billed as output. */
  reasoning(text: string, options: StepOptions & { effort?: 'low' | 'medium' | 'high' } = {}): this {
    const effort = options.effort ?? 'medium';
    const reasoning = estimateTokens(text) * (effort === 'high' ? 6 : effort === 'medium' ? 3 : 1);
    return this.modelStep({ kind: 'reasoning', text, effort }, { reasoning }, options.latencyMs ?? 400 + reasoning * 8);
  }

  assistant(text: string, options: StepOptions & { interrupted?: boolean } = {}): this {
    const output = estimateTokens(text);
    const body: EventBody = options.interrupted
      ? { kind: 'assistant_message', text, interrupted: true }
      : { kind: 'assistant_message', text };
    this.modelStep(body, { ...this.session.prompt(), output }, options.latencyMs ?? 350 + output * 14);
    this.session.grow(output);
    return this;
  }

  /**
   * An answer as a traced platform records it: the model request (its messages, tokens, cost, time
   * to first token) as a model call, then the message it produced, which carries no tokens of its
   * own; the run's totals count them once, on the call.
   */
  modelAnswer(text: string, options: StepOptions & { input?: ModelMessage[] } = {}): this {
    const output = estimateTokens(text);
    const latencyMs = Math.round(options.latencyMs ?? 350 + output * 14);
    const body: EventBody = {
      kind: 'model_call',
      operation: 'chat',
      input: options.input,
      output: [{ role: 'assistant', text, finishReason: 'stop' }],
      finishReason: 'stop',
      timeToFirstTokenMs: Math.min(latencyMs, this.session.jitter(180, 650)),
    };
    if (!options.input) delete body.input;
    this.modelStep(body, { ...this.session.prompt(), output }, latencyMs);
    this.session.grow(output);
    return this.push({ kind: 'assistant_message', text }, 0);
  }

  /** The model asks for a tool; returns the call id for the result (and for nested calls). */
  toolCall(name: string, args: unknown, options: StepOptions & { parent?: string; toolType?: string } = {}): string {
    const callId = this.session.nextCallId();
    const output = estimateTokens(JSON.stringify(args)) + 12;
    const body: EventBody = { kind: 'tool_call', name, callId, arguments: args, toolType: options.toolType ?? 'function' };
    if (options.parent) body.parentCallId = options.parent;
    this.modelStep(body, { ...this.session.prompt(), output }, options.latencyMs ?? 300 + output * 12);
    this.session.grow(output);
    this.session.rememberCall(callId, name);
    return callId;
  }

  toolResult(callId: string, result: unknown, options: StepOptions & { isError?: boolean; parent?: string } = {}): this {
    const body: EventBody = { kind: 'tool_result', name: this.session.callName(callId), callId, result };
    if (options.parent) body.parentCallId = options.parent;
    if (options.isError) body.isError = true;
    this.session.grow(estimateTokens(typeof result === 'string' ? result : JSON.stringify(result)));
    return this.push(body, options.latencyMs ?? this.session.jitter(180, 2400));
  }

  /** Code the agent ran in its sandbox (a code-interpreter call), with what it printed. */
  code(language: string, code: string, output: string, options: StepOptions & { parent?: string } = {}): this {
    const body: EventBody = { kind: 'code_execution', language, code, output, callId: this.session.nextCallId() };
    if (options.parent) body.parentCallId = options.parent;
    this.session.grow(estimateTokens(code) + estimateTokens(output));
    return this.push(body, options.latencyMs ?? this.session.jitter(600, 4000));
  }

  /** The run waited for a person to confirm a call (and, when `decided`, how they answered). */
  confirmation(callId: string, args: unknown, decided?: { outcome: 'approved' | 'rejected'; note?: string }): this {
    const body: EventBody = {
      kind: 'pending_input',
      ask: 'confirmation',
      name: this.session.callName(callId) ?? 'tool',
      callId,
      arguments: args,
    };
    if (decided) body.resolution = decided;
    return this.push(body, this.session.jitter(20_000, 90_000));
  }

  error(code: string, message: string, options: StepOptions = {}): this {
    return this.push({ kind: 'error', code, message }, options.latencyMs ?? this.session.jitter(50, 900));
  }

  /** An event type the inspector does not know; shown generically with all its fields. */
  other(type: string, fields: Record<string, unknown>, text?: string): this {
    const body: EventBody = text === undefined ? { kind: 'other', type, fields } : { kind: 'other', type, fields, text };
    return this.push(body, this.session.jitter(5, 120));
  }

  /** The agent summarised its history to fit the window; recorded as the platform's own event type. */
  compactContext(keep: number): this {
    const before = this.session.compact(keep);
    return this.other(
      'context_compaction',
      { tokens_before: before, tokens_after: keep, strategy: 'summarise_oldest' },
      `Context compacted from ${before} to ${keep} tokens.`,
    );
  }

  get contextTokens(): number {
    return this.session.contextTokens;
  }

  private modelStep(body: EventBody, tokens: TokenUsage, latencyMs: number): this {
    const { provider } = MODELS[this.model];
    return this.push(
      { ...body, tokens, costUsd: costOf(this.model, tokens), model: this.model, provider } as EventBody,
      Math.round(latencyMs),
    );
  }

  private push(body: EventBody, latencyMs: number): this {
    const stamp = this.session.advance(latencyMs);
    const event = { ...body, id: this.session.nextId(), runId: this.runId, ...stamp, latencyMs: latencyMs || undefined } as SessionEvent;
    if (event.latencyMs === undefined) delete event.latencyMs;
    event.raw = piperRunEvent(event);
    this.events.push(event);
    return this;
  }
}
