// Model → protocol: the session header the webview gets before the events stream in.
import type { Session, SessionEvent } from '../model/schema';
import type { SessionHeader } from './messages';
import { deeperThan, stringifyIteratively } from '../model/jsonText';
import { EVENT_CHUNK_SIZE } from './messages';

/** `eventCounts`: each run's number of events when its `events` are not held (a session read in slices). */
export function toSessionHeader(session: Session, connectionLabel?: string, eventCounts?: readonly number[]): SessionHeader {
  return {
    id: session.id,
    provider: session.provider,
    connectionLabel,
    agentId: session.agentId,
    agentName: session.agentName,
    title: session.title,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    isTest: session.isTest,
    metadata: session.metadata,
    runs: session.runs.map((r, i) => ({
      id: r.id,
      title: r.title,
      createdAt: r.createdAt,
      model: r.model,
      status: r.status,
      agentName: r.agentName,
      eventCount: eventCounts?.[i] ?? r.events.length,
      totals: r.totals,
      providerTotals: r.providerTotals,
    })),
    totals: session.totals,
    providerTotals: session.providerTotals,
    emptyReason: session.emptyReason,
  };
}

/**
 * The session's events in order, cut into protocol-sized chunks. `raw` is left out: the page never
 * reads it ("Raw JSON" asks the host), and it is most of the bytes. The first chunk may be smaller
 * (`first`): it is what the page paints first, and it need not wait for thousands behind it.
 */
export function* eventChunks(session: Session, size = EVENT_CHUNK_SIZE, first = size): Generator<SessionEvent[]> {
  let chunk: SessionEvent[] = [];
  let limit = first;
  for (const run of session.runs) {
    for (const event of run.events) {
      chunk.push(forPage(event));
      if (chunk.length >= limit) {
        yield chunk;
        chunk = [];
        limit = size;
      }
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * What the page gets of an event: no `raw` (the page never reads it; "Raw JSON" asks the host, and
 * it is most of the bytes), and payloads nested deeper than the page's message channel can clone
 * (structured clone overflows its stack near 10,000 levels) sent as JSON text instead.
 */
export function forPage(event: SessionEvent): SessionEvent {
  const { raw: _raw, ...rest } = event;
  const e = rest as SessionEvent;
  if (e.kind === 'tool_call' && tooDeep(e.arguments)) return { ...e, arguments: deepAsText(e.arguments) };
  if (e.kind === 'tool_result' && tooDeep(e.result)) return { ...e, result: deepAsText(e.result) };
  if (e.kind === 'other' && tooDeep(e.fields)) return { ...e, fields: { payload: deepAsText(e.fields) } };
  return e;
}

export const MAX_PAGE_DEPTH = 1_000;

const tooDeep = (value: unknown) => deeperThan(value, MAX_PAGE_DEPTH);
const deepAsText = (value: unknown) => stringifyIteratively(value, 0);
