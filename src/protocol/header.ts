// Model → protocol: the session header the webview gets before the events stream in.
import type { Session, SessionEvent } from '../model/schema';
import type { SessionHeader } from './messages';
import { EVENT_CHUNK_SIZE } from './messages';

export function toSessionHeader(session: Session, connectionLabel?: string): SessionHeader {
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
    runs: session.runs.map((r) => ({
      id: r.id,
      title: r.title,
      createdAt: r.createdAt,
      model: r.model,
      status: r.status,
      eventCount: r.events.length,
      totals: r.totals,
      providerTotals: r.providerTotals,
    })),
    totals: session.totals,
    providerTotals: session.providerTotals,
  };
}

/**
 * The session's events in order, cut into protocol-sized chunks. `raw` is left out: the page never
 * reads it ("Raw JSON" asks the host), and it is most of the bytes.
 */
export function* eventChunks(session: Session, size = EVENT_CHUNK_SIZE): Generator<SessionEvent[]> {
  let chunk: SessionEvent[] = [];
  for (const run of session.runs) {
    for (const event of run.events) {
      chunk.push(withoutRaw(event));
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length) yield chunk;
}

function withoutRaw(event: SessionEvent): SessionEvent {
  if (event.raw === undefined) return event;
  const { raw: _raw, ...rest } = event;
  return rest as SessionEvent;
}
