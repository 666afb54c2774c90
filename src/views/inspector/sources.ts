// What an inspector panel shows: something that opens a session as parts — its header, its events
// in slices, and at the end the full header and what the panel holds on to. A large file is read
// in slices (the first rows do not wait for the last to be mapped); a source that only has a whole
// Session (a provider's, an export, a small file) hands it on in chunks (sessionParts).
import type { Session, SessionEvent } from '../../model';
import type { InspectorRestore } from '../../protocol/messages';
import { EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE } from '../../protocol/messages';

export type SessionPart =
  /** The header as far as it is known (a sliced file: no runs or totals yet) and how many events follow. */
  | { type: 'begin'; frame: Session; totalEvents: number; totalEstimated?: boolean }
  /** The next events in session order (with their raw payloads: the panel strips them for the page). */
  | { type: 'events'; events: readonly SessionEvent[] }
  /** All sent: the full header (runs, totals) and what the panel keeps while it is open. */
  | { type: 'end'; held: HeldSession };

/**
 * What an open panel keeps of its session. A session kept in memory (`kept`) is the whole; a large
 * file's is its header and the byte ranges of its events: raw JSON, export, compare and explain
 * read again what they need from the file, and refuse when it changed since it was opened.
 */
export interface HeldSession {
  /** The session's header: id, title, provider, agent, runs and totals (a sliced file's runs have no events here). */
  readonly info: Session;
  /** How many events each run has (info.runs[i].events is empty for a sliced file). */
  readonly eventCounts: readonly number[];
  /** The whole session, in memory (it can grow: a chat in progress). */
  readonly kept?: Session;
  /** The whole session: kept, or read again. Throws with a message that says why not (the file changed). */
  whole(): Promise<Session>;
  /** What "Show raw JSON" shows for the event `eventId` (and its kind, when known); undefined when the session has no such event. */
  raw(eventId: string): Promise<{ value: unknown; kind?: string } | undefined>;
  /** What "Raw JSON" of the whole session shows. */
  sessionRaw(): Promise<unknown>;
}

export interface SessionSource {
  /** One panel per key: opening the same session again reveals the open panel. */
  readonly key: string;
  readonly title: string;
  readonly connectionLabel?: string;
  /** Where to load it from again after Reload Window (the panel's page keeps it); absent: it cannot come back. */
  readonly restore?: InspectorRestore;
  /** The session's parts: begin, events…, end. Throws (a message for the page) when it cannot be read. */
  open(signal: AbortSignal): AsyncIterable<SessionPart>;
}

/** A session held whole in memory. */
export function keptSession(session: Session): HeldSession {
  return {
    info: session,
    eventCounts: session.runs.map((r) => r.events.length),
    kept: session,
    whole: async () => session,
    raw: async (eventId) => {
      for (const run of session.runs) {
        const event = run.events.find((e) => e.id === eventId);
        if (event) return { value: event.raw ?? event, kind: event.kind };
      }
      return undefined;
    },
    sessionRaw: async () => session,
  };
}

/** A whole session's parts: its header, its events in chunks (the first small), and the session kept. */
export function* sessionParts(session: Session): Generator<SessionPart> {
  yield { type: 'begin', frame: session, totalEvents: session.totals.events ?? 0 };
  let chunk: SessionEvent[] = [];
  let limit = FIRST_CHUNK_SIZE;
  for (const run of session.runs) {
    for (const event of run.events) {
      chunk.push(event);
      if (chunk.length >= limit) {
        yield { type: 'events', events: chunk };
        chunk = [];
        limit = EVENT_CHUNK_SIZE;
      }
    }
  }
  if (chunk.length) yield { type: 'events', events: chunk };
  yield { type: 'end', held: keptSession(session) };
}

/** A source whose session is loaded whole (`load`), then handed on in chunks. */
export function wholeSource(
  base: Omit<SessionSource, 'open'>,
  load: (signal: AbortSignal) => Promise<Session>,
  /** The parts as they are mapped, when the session can be read in slices (a provider's reply); undefined: load it whole. */
  sliced?: (signal: AbortSignal) => Promise<AsyncIterable<SessionPart> | undefined>,
): SessionSource {
  return {
    ...base,
    async *open(signal) {
      const parts = await sliced?.(signal);
      if (parts) yield* parts;
      else yield* sessionParts(await load(signal));
    },
  };
}

export function staticSource(key: string, session: Session, connectionLabel?: string, restore?: InspectorRestore): SessionSource {
  return wholeSource({ key, title: session.title, connectionLabel, restore }, async () => session);
}
