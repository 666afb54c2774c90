// The one interface every source of sessions implements. No `vscode` import: cancellation is a
// standard AbortSignal (the views turn VS Code's CancellationToken into one), so providers run
// and test in plain Node.
import type { Agent, Connection, Session, SessionEvent, SessionSummary } from '../model';

export interface Page<T> {
  items: T[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface SendMessageRequest {
  agentId: string;
  /** Continue this session; omitted starts a new one. */
  sessionId?: string;
  /** Empty asks for a greeting where the provider supports it (Piper); Agno and Foundry refuse it ('validation') before sending. */
  message: string;
  /** Piper's `profile_metadata` (user name, preferences…) for personalisation; other providers ignore it. */
  profileMetadata?: Record<string, unknown>;
  /** Who is talking, where sessions and memories are kept per user (Agno's `user_id`); other providers ignore it. */
  userId?: string;
}

/** A person's answer to one pending step (a `pending_input` event) of a paused run. */
export interface PendingDecision {
  /** The `callId` of the pending step. */
  callId: string;
  /** Confirmation: approved or rejected; user input, feedback and external execution: provided. */
  outcome: 'approved' | 'rejected' | 'provided';
  /** Why it was rejected, when the person said. */
  note?: string;
  /** User input: field name → value; user feedback: question → the labels picked. */
  values?: Record<string, unknown>;
  /** External execution: the tool's result, run by the person. */
  result?: string;
}

export interface ContinueRunRequest {
  agentId: string;
  sessionId: string;
  /** The paused run. */
  runId: string;
  /** One per pending step answered; a step left out keeps the run waiting on it. */
  decisions: PendingDecision[];
  userId?: string;
}

export interface SendMessageResult {
  sessionId: string;
  runId?: string;
  /**
   * The whole reply, in order. It supersedes what `onEvent` delivered for this turn: Agno and
   * Foundry re-read the run as the session stores it when the stream ends (Foundry to add the
   * tool calls, Agno to match getSession exactly, system prompt included), so ids and order can
   * differ from the streamed ones — replace the live turn with these once the promise resolves.
   */
  events: SessionEvent[];
  /**
   * The reply stopped before the provider finished it (Stop, or a stream that broke midway):
   * `events` hold what arrived and the last assistant message has `interrupted: true`. Only set
   * on the `partial` of a ProviderError (see below); a resolved sendMessage is always complete.
   */
  incomplete?: boolean;
}

/**
 * The streaming contract of `sendMessage`'s `onEvent`:
 * - Events arrive in order, as the provider produces them.
 * - The same `id` may arrive again with more content: the later delivery replaces the earlier one
 *   in place (upsert by id). Streamed answer and reasoning text grow this way — each delivery
 *   holds the whole text so far, never a delta — and a tool result may be completed later (Agno
 *   reports a failing tool as completed, then as an error).
 * - Every delivery is a fresh object: keeping it is safe.
 *
 * How a send ends:
 * - Resolves: the reply is complete (it may still contain `error` events: the agent answered
 *   with a failure, e.g. Agno's RunError — the message was delivered, nothing to resend).
 * - Rejects with a ProviderError without `details.partial`: nothing of the reply arrived (auth,
 *   validation, server error, network, timeout). The message may not have reached the agent:
 *   keep the draft and offer Retry. POSTs are never retried automatically. When the send had
 *   created a new session before failing (Foundry creates one first), `details.createdSessionId`
 *   names it: the retry continues that session instead of creating another, empty one.
 * - Rejects with a ProviderError whose `details.partial` is a SendMessageResult with
 *   `incomplete: true`: part of the reply arrived — `cancelled` after Stop, `network` or
 *   `timeout` when the stream broke. Keep the partial reply (its session id says where it went).
 */
export type SendMessageEventHandler = (e: SessionEvent) => void;

export interface SessionProvider {
  readonly connection: Connection;
  listAgents(signal?: AbortSignal): Promise<Agent[]>;
  /** Newest first. */
  listSessions(agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<SessionSummary>>;
  getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session>;
  /**
   * The session as its reply's bytes, to be mapped in slices (a large session's first events need
   * not wait for its last); undefined: use getSession. Only where the reply's vocabulary has a
   * sliced mapper (the same one its files are read with).
   */
  openSession?(agentId: string, sessionId: string, signal?: AbortSignal): Promise<SlicedSession | undefined>;
  /**
   * Optional: a provider without chat leaves it out. `onEvent` receives events as they stream
   * (see SendMessageEventHandler for the contract); `signal` is Stop.
   */
  sendMessage?(req: SendMessageRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult>;
  /**
   * Optional: continues a run paused for a person (its `pending_input` events) with their
   * decisions, streaming the rest of the run like sendMessage (same contract, same endings). The
   * result's `events` are the whole run as the session now stores it, so they replace the paused
   * turn. A rejection without `details.partial` means the run did not continue: nothing was decided
   * on the server, the same decisions can be sent again.
   */
  continueRun?(req: ContinueRunRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult>;
}

/**
 * Things the provider cannot know by itself but the host remembers for it (per connection):
 * agents and sessions the user added by id, for platforms without listing routes (Piper), and
 * the agent RIDs added by hand on Foundry.
 */
export interface ProviderMemory {
  agents(): Array<{ id: string; label: string }>;
  sessions(agentId: string): Array<{ id: string; title?: string; createdAt?: string }>;
}

/**
 * A little JSON of a provider's own that the host keeps across window reloads (globalState, one
 * slot per connection): the demo's chats, which exist nowhere else. Read and written whole.
 */
export interface ProviderKeep {
  read(): unknown;
  write(value: unknown): PromiseLike<void>;
}

export interface ProviderOptions {
  memory?: ProviderMemory;
  keep?: ProviderKeep;
  /** Request timeout in milliseconds. */
  timeoutMs?: number;
  maxRetries?: number;
  log?: ProviderLog;
}

/** A subset of VS Code's LogOutputChannel, so providers can log without importing `vscode`. */
export interface ProviderLog {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Errors a user can act on. `action` names the fix the UI should offer. */
export type ProviderErrorCode =
  | 'auth' // 401/403: token missing or rejected
  | 'not_found'
  | 'validation' // 422 or a request the provider refused
  | 'rate_limited'
  | 'server' // 5xx
  | 'timeout'
  | 'network' // DNS, refused, TLS, dropped
  | 'bad_response' // the body did not match what the model needs
  | 'cancelled'
  | 'config' // the connection itself is incomplete or invalid
  | 'unsupported';

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly details?: {
      status?: number;
      action?: 'setToken' | 'retry' | 'editConnection';
      cause?: unknown;
      /** A chat reply cut short (Stop, broken stream): what arrived before, `incomplete: true`. */
      partial?: SendMessageResult;
      /** A chat send that failed after creating its new session: that session's id. */
      createdSessionId?: string;
    },
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof ProviderError
    ? e.code === 'cancelled'
    : (e as { name?: string })?.name === 'AbortError' || (e as { code?: string })?.code === 'ERR_CANCELED';
}

/** The session a failed chat send created before failing, if any (see SendMessageEventHandler). */
export function createdSessionOf(e: unknown): string | undefined {
  return e instanceof ProviderError ? e.details?.createdSessionId : undefined;
}

/** The part of a chat reply that arrived before `e` ended it, if any (see SendMessageEventHandler). */
export function partialReply(e: unknown): SendMessageResult | undefined {
  return e instanceof ProviderError ? e.details?.partial : undefined;
}

/** A session read from bytes a slice at a time (providers/piper/fileSlices.ts). */
export interface SlicedSession {
  /**
   * The reply's bytes, when they came whole (a provider's: the only copy, kept while it is shown
   * for raw JSON); a file's are read from the file as they are needed, and not kept.
   */
  readonly bytes?: Uint8Array;
  /** Where event i's bytes are (session order; complete once the slices have all been taken). */
  readonly ranges: { start(i: number): number; end(i: number): number };
  /**
   * The events a slice at a time; the first slice brings the header as far as it is known and how
   * many events there are (an estimate until the layout is scanned to its end); a slice with
   * `wait` brings none (go on once it settles). Returns the whole header.
   */
  slices(): Generator<
    { events: SessionEvent[]; head?: Session; totalEvents?: number; totalEstimated?: boolean; wait?: Promise<void> },
    { session: Session; eventCounts: number[] }
  >;
  /** The whole session mapped from the same bytes (read again): export, compare, explain. */
  whole(bytes: Uint8Array): Session;
}
