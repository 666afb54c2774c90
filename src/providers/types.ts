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
  /** Empty asks for a greeting where the provider supports it (Piper). */
  message: string;
}

export interface SendMessageResult {
  sessionId: string;
  runId?: string;
  events: SessionEvent[];
}

export interface SessionProvider {
  readonly connection: Connection;
  listAgents(signal?: AbortSignal): Promise<Agent[]>;
  /** Newest first. */
  listSessions(agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<SessionSummary>>;
  getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session>;
  /** Optional until the chat capability lands; `onEvent` receives events as they stream. */
  sendMessage?(req: SendMessageRequest, onEvent: (e: SessionEvent) => void, signal?: AbortSignal): Promise<SendMessageResult>;
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

export interface ProviderOptions {
  memory?: ProviderMemory;
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
    readonly details?: { status?: number; action?: 'setToken' | 'retry' | 'editConnection'; cause?: unknown },
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof ProviderError ? e.code === 'cancelled' : (e as { name?: string })?.name === 'AbortError' || (e as { code?: string })?.code === 'ERR_CANCELED';
}
