// What an inspector panel shows: something that can (re)load a session. A source from a provider
// reloads over the network on Retry; a source from a file or an export is already in memory.
import type { Session } from '../../model';
import type { InspectorRestore } from '../../protocol/messages';

export interface SessionSource {
  /** One panel per key: opening the same session again reveals the open panel. */
  readonly key: string;
  readonly title: string;
  readonly connectionLabel?: string;
  /** Where to load it from again after Reload Window (the panel's page keeps it); absent: it cannot come back. */
  readonly restore?: InspectorRestore;
  load(signal: AbortSignal): Promise<Session>;
}

export function staticSource(key: string, session: Session, connectionLabel?: string, restore?: InspectorRestore): SessionSource {
  return { key, title: session.title, connectionLabel, restore, load: async () => session };
}
