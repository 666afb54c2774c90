// One chat turn against a provider, reduced to what the chat UI needs to know: the events so far
// (upserted by id, as sendMessage's streaming contract says) and how the turn ended. No `vscode`
// import: the chat panel and the @agent participant both use it, and it runs in plain Node.
import { upsertEvent, type SessionEvent } from '../model';
import {
  createdSessionOf,
  isCancelled,
  partialReply,
  ProviderError,
  type ContinueRunRequest,
  type SendMessageEventHandler,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../providers';
import { describeError } from '../util/errors';

export type TurnOutcome =
  | { status: 'complete'; sessionId: string; runId?: string; events: SessionEvent[]; elapsedMs: number }
  /** Part of the reply arrived: Stop (`cancelled`) or a stream that broke (`incomplete`). */
  | { status: 'incomplete' | 'cancelled'; sessionId?: string; events: SessionEvent[]; elapsedMs: number; error: string }
  /**
   * Nothing of the reply arrived: the message may not have reached the agent. `sessionId`: a
   * session the send created before failing, which the next send continues.
   */
  | {
      status: 'failed';
      sessionId?: string;
      events: SessionEvent[];
      elapsedMs: number;
      error: string;
      cancelled: boolean;
      action?: 'setToken' | 'retry' | 'editConnection';
    };

export interface TurnCallbacks {
  /** Each delivery as it arrives. */
  onEvent(e: SessionEvent): void;
}

/**
 * Sends one message and classifies the ending. Never throws for provider failures: a failure is an
 * outcome the UI shows (with the draft kept and a Retry). `now` is injectable for tests.
 */
export async function runTurn(
  provider: SessionProvider,
  req: SendMessageRequest,
  cb: TurnCallbacks,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<TurnOutcome> {
  if (!provider.sendMessage) {
    return {
      status: 'failed',
      events: [],
      elapsedMs: 0,
      cancelled: false,
      error: `${provider.connection.label} does not support chatting with its agents.`,
    };
  }
  const send = provider.sendMessage.bind(provider);
  return reply((onEvent) => send(req, onEvent, signal), cb, signal, now);
}

/**
 * Continues a run paused for a person with their decisions, classified like a reply: `failed`
 * means the run did not continue (the decisions can be sent again), `incomplete` that it did but
 * the stream broke. `complete` carries the whole run as stored.
 */
export async function continueTurn(
  provider: SessionProvider,
  req: ContinueRunRequest,
  cb: TurnCallbacks,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<TurnOutcome> {
  if (!provider.continueRun) {
    return {
      status: 'failed',
      events: [],
      elapsedMs: 0,
      cancelled: false,
      error: `${provider.connection.label} cannot continue a paused run from here.`,
    };
  }
  const go = provider.continueRun.bind(provider);
  return reply((onEvent) => go(req, onEvent, signal), cb, signal, now);
}

async function reply(
  start: (onEvent: SendMessageEventHandler) => Promise<SendMessageResult>,
  cb: TurnCallbacks,
  signal: AbortSignal,
  now: () => number,
): Promise<TurnOutcome> {
  const started = now();
  const streamed: SessionEvent[] = [];
  try {
    const result = await start((e) => {
      upsertEvent(streamed, e);
      cb.onEvent(e);
    });
    // The resolved result supersedes what streamed (ids may differ: Foundry re-reads the exchange).
    const events = result.events.length ? result.events : streamed;
    return { status: 'complete', sessionId: result.sessionId, runId: result.runId, events, elapsedMs: now() - started };
  } catch (e) {
    const elapsedMs = now() - started;
    const cancelled = signal.aborted || isCancelled(e);
    const partial = partialReply(e);
    const events = partial?.events.length ? partial.events : streamed;
    if (events.length) {
      return {
        status: cancelled ? 'cancelled' : 'incomplete',
        sessionId: partial?.sessionId,
        events: markInterrupted(events),
        elapsedMs,
        error: cancelled ? 'Stopped: the rest of the reply was not requested.' : describeError(e),
      };
    }
    const created = createdSessionOf(e);
    return {
      status: 'failed',
      ...(created ? { sessionId: created } : {}),
      events: [],
      elapsedMs,
      cancelled,
      error: cancelled ? 'Stopped before the agent answered.' : describeError(e),
      action: e instanceof ProviderError ? e.details?.action : undefined,
    };
  }
}

/** The last assistant message of a cut reply says so (providers do this; a stream we cut may not). */
function markInterrupted(events: SessionEvent[]): SessionEvent[] {
  let last = -1;
  events.forEach((e, i) => {
    if (e.kind === 'assistant_message') last = i;
  });
  if (last < 0) return events;
  const e = events[last]!;
  if (e.kind !== 'assistant_message' || e.interrupted) return events;
  const copy = events.slice();
  copy[last] = { ...e, interrupted: true };
  return copy;
}
