// Typed builders for the model's events, runs and sessions, for tests of every layer (unit,
// webview, bench). Each builder fills what the schema requires with a plain default and takes the
// rest as a typed `extra`, so a test states only what it is about, and a schema change breaks the
// builder here, once, instead of literal objects in thirty files. (The demo's SessionBuilder, in
// src/providers/demo/builder.ts, writes *realistic* sessions — timestamps, token growth, costs —
// and stays the source of sample data; these are for exact, small fixtures.)
import { withTotals, type EventKind, type EventOfKind, type PendingAsk, type Run, type Session, type SessionEvent } from '../../src/model';

/** The fields of an event of kind K that a test may set (id and runId included, to override). */
export type EventExtra<K extends EventKind> = Partial<Omit<EventOfKind<K>, 'kind'>>;

/**
 * Events of one run: ids `e1`, `e2`… in the order built (or `${prefix}1`…), all in `runId`.
 * Runs of one session share the counter (see SessionBuilder), so ids stay unique in the session.
 */
export class EventBuilder {
  constructor(
    readonly runId = 'r',
    private readonly prefix = 'e',
    private readonly counter = { n: 0 },
  ) {}

  /** The next id this builder would give. */
  nextId(): string {
    return `${this.prefix}${this.counter.n + 1}`;
  }

  private make<K extends EventKind>(
    kind: K,
    required: Omit<EventOfKind<K>, 'id' | 'runId' | 'kind'>,
    extra: EventExtra<K>,
  ): EventOfKind<K> {
    const id = `${this.prefix}${++this.counter.n}`;
    return { id, runId: this.runId, kind, ...required, ...extra } as EventOfKind<K>;
  }

  user(text = 'hi', extra: EventExtra<'user_message'> = {}): EventOfKind<'user_message'> {
    return this.make('user_message', { text }, extra);
  }

  assistant(text = 'ok', extra: EventExtra<'assistant_message'> = {}): EventOfKind<'assistant_message'> {
    return this.make('assistant_message', { text }, extra);
  }

  system(text = 'You are helpful.', extra: EventExtra<'system_message'> = {}): EventOfKind<'system_message'> {
    return this.make('system_message', { text }, extra);
  }

  reasoning(text = 'thinking', extra: EventExtra<'reasoning'> = {}): EventOfKind<'reasoning'> {
    return this.make('reasoning', { text }, extra);
  }

  toolCall(name = 'tool', args: unknown = {}, extra: EventExtra<'tool_call'> = {}): EventOfKind<'tool_call'> {
    return this.make('tool_call', { name, arguments: args }, extra);
  }

  toolResult(result: unknown = 'done', extra: EventExtra<'tool_result'> = {}): EventOfKind<'tool_result'> {
    return this.make('tool_result', { result }, extra);
  }

  code(code = 'print(1)', language = 'python', extra: EventExtra<'code_execution'> = {}): EventOfKind<'code_execution'> {
    return this.make('code_execution', { code, language }, extra);
  }

  modelCall(extra: EventExtra<'model_call'> = {}): EventOfKind<'model_call'> {
    return this.make('model_call', {}, extra);
  }

  error(message = 'failed', extra: EventExtra<'error'> = {}): EventOfKind<'error'> {
    return this.make('error', { message }, extra);
  }

  pending(
    ask: PendingAsk = 'confirmation',
    name = 'tool',
    args: unknown = {},
    extra: EventExtra<'pending_input'> = {},
  ): EventOfKind<'pending_input'> {
    return this.make('pending_input', { ask, name, arguments: args }, extra);
  }

  other(type = 'custom', fields: Record<string, unknown> = {}, extra: EventExtra<'other'> = {}): EventOfKind<'other'> {
    return this.make('other', { type, fields }, extra);
  }
}

/** Events of run `runId` with their own counter: `events('r1').user('hi')`. */
export function events(runId = 'r', prefix = 'e'): EventBuilder {
  return new EventBuilder(runId, prefix);
}

export type RunExtra = Partial<Omit<Run, 'id' | 'events' | 'totals'>>;
export type SessionExtra = Partial<Omit<Session, 'runs' | 'totals'>>;
type DraftRun = Omit<Run, 'totals'>;

/**
 * A session with runs, totals computed the way the providers compute them (withTotals):
 *
 *     aSession({ title: 'Refund' })
 *       .run('r1', (e) => [e.user('Where is it?'), e.assistant('On its way.', { tokens: { output: 5 } })])
 *       .build();
 */
export class SessionBuilder {
  private readonly runs: DraftRun[] = [];
  private readonly counter = { n: 0 };

  constructor(private readonly extra: SessionExtra = {}) {}

  /** Adds run `id`, whose events `build` returns from a builder sharing the session's id counter. */
  run(id: string, build: (e: EventBuilder) => SessionEvent[], extra: RunExtra = {}): this {
    this.runs.push({ id, ...extra, events: build(new EventBuilder(id, 'e', this.counter)) });
    return this;
  }

  build(): Session {
    return withTotals({ id: 's', provider: 'demo', title: 'Test session', metadata: {}, ...this.extra, runs: this.runs });
  }
}

export function aSession(extra: SessionExtra = {}): SessionBuilder {
  return new SessionBuilder(extra);
}

/** A run's draft (no totals) from events, for code that takes runs before withTotals. */
export function aRun(id: string, runEvents: SessionEvent[], extra: RunExtra = {}): DraftRun {
  return { id, ...extra, events: runEvents };
}

/** The `session/begin` a page's store takes first: a bare header listing these runs (each with the events it will get), then `totalEvents`. */
export function beginMessage(runs: ReadonlyArray<string | { id: string; eventCount: number }>, totalEvents = 0) {
  return {
    type: 'session/begin' as const,
    header: {
      id: 's',
      provider: 'demo',
      title: 't',
      metadata: {},
      runs: runs.map((r) => ({ ...(typeof r === 'string' ? { id: r, eventCount: 0 } : r), totals: { tokens: {} } })),
      totals: { tokens: {} },
    },
    totalEvents,
  };
}
