// What an inspector panel shows: something that can (re)load a session. A source from a provider
// reloads over the network on Retry; a source from a file or an export is already in memory.
import type { Session } from '../../model';

export interface SessionSource {
  /** One panel per key: opening the same session again reveals the open panel. */
  readonly key: string;
  readonly title: string;
  readonly connectionLabel?: string;
  load(signal: AbortSignal): Promise<Session>;
}

export function staticSource(key: string, session: Session, connectionLabel?: string): SessionSource {
  return { key, title: session.title, connectionLabel, load: async () => session };
}
