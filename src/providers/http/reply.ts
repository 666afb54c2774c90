// Pieces every chat send shares: how long a streamed reply may stay silent, handing events to the
// caller without letting a faulty callback break the stream, and turning a failure after part of
// the reply arrived into a ProviderError that carries that part (see SendMessageEventHandler).
import type { SessionEvent } from '../../model';
import { ProviderError, type ProviderLog, type SendMessageEventHandler, type SendMessageResult } from '../types';
import { DEFAULT_TIMEOUT_MS } from './client';
import type { NetworkProviderOptions } from './options';

/** Agents think and run tools between two chunks: a stream is given at least this long to go on. */
export const MIN_STREAM_IDLE_MS = 120_000;
/** How long Stop waits for the server to acknowledge a cancel before giving up on it. */
export const STOP_CANCEL_TIMEOUT_MS = 3_000;

/**
 * How long a reply that arrives in one piece (Piper's create response: nothing until the agent's
 * whole run is over) may take. The connection's request timeout is sized for listings; agents
 * think and call tools for minutes, and Stop is there for a person who does not want to wait.
 */
export const MIN_WHOLE_REPLY_MS = 300_000;

export function wholeReplyTimeout(options: NetworkProviderOptions): number {
  if (options.wholeReplyTimeoutMs && options.wholeReplyTimeoutMs > 0) return options.wholeReplyTimeoutMs;
  return Math.max(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MIN_WHOLE_REPLY_MS);
}

export function streamIdleTimeout(options: NetworkProviderOptions): number {
  if (options.streamIdleTimeoutMs && options.streamIdleTimeoutMs > 0) return options.streamIdleTimeoutMs;
  return Math.max(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MIN_STREAM_IDLE_MS);
}

/** Delivers events in order; a callback that throws is logged, and the reply goes on. */
export function deliverer(
  onEvent: SendMessageEventHandler,
  log: ProviderLog | undefined,
  providerName: string,
): (events: SessionEvent[]) => void {
  return (events) => {
    for (const e of events) {
      try {
        onEvent(e);
      } catch (err) {
        log?.error(`${providerName}: the chat view failed to take event ${e.id} (${e.kind}): ${(err as Error).message}`);
      }
    }
  };
}

/** The same failure, now carrying the part of the reply that arrived before it. */
export function withPartial(e: unknown, partial: SendMessageResult): ProviderError {
  const base = e instanceof ProviderError ? e : new ProviderError('network', (e as Error)?.message ?? String(e), { action: 'retry' });
  const action = base.code === 'cancelled' ? base.details?.action : (base.details?.action ?? 'retry');
  return new ProviderError(base.code, base.message, { ...base.details, action, partial: { ...partial, incomplete: true } });
}

/** The same failure, now naming the session the send created before it failed. */
export function withCreatedSession(e: unknown, sessionId: string): ProviderError {
  const base = e instanceof ProviderError ? e : new ProviderError('network', (e as Error)?.message ?? String(e), { action: 'retry' });
  return new ProviderError(base.code, base.message, { ...base.details, createdSessionId: sessionId });
}

/** Agno and Foundry need something to answer; only Piper turns an empty message into a greeting. */
export function requireMessage(message: string, providerName: string): void {
  if (!message.trim())
    throw new ProviderError('validation', `${providerName} needs a message to answer — type one (only Piper agents can greet first).`);
}

/** Stop: tells the server to stop too, without letting a slow or failing cancel hold the caller. */
export async function bestEffortCancel(
  what: string,
  log: ProviderLog | undefined,
  send: (signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  try {
    await send(AbortSignal.timeout(STOP_CANCEL_TIMEOUT_MS));
    log?.info(`${what}: cancel acknowledged`);
  } catch (e) {
    log?.warn(`${what}: the server did not take the cancel (${(e as Error).message}); the reply was stopped here anyway`);
  }
}
