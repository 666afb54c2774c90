// Who a chat talks to: one agent of one connection, in a new session or an existing one.
import type { StoredConnection } from '../connections/store';
import { sessionKey } from '../util/sessionKey';
import { can } from '../providers/registry';

export interface ChatTarget {
  connection: StoredConnection;
  agentId: string;
  agentName: string;
  /** Absent until the first reply of a new chat gives the session its id. */
  sessionId?: string;
  sessionTitle?: string;
}

/** Where drafts are kept and how panels are told apart: a new chat is "new" until it has a session. */
export function chatKey(t: { connection: { id: string }; agentId: string; sessionId?: string }): string {
  return sessionKey(t.connection.id, t.agentId, t.sessionId ?? 'new');
}

/** Piper and the demo answer an empty message with a greeting. */
export function canGreet(kind: StoredConnection['kind']): boolean {
  return can(kind, 'greet');
}

/** Piper answers a request whole; the others stream (the demo paces its events). */
export function streams(kind: StoredConnection['kind']): boolean {
  return can(kind, 'stream');
}

/** Agno can continue a run paused for a person (SessionProvider.continueRun). */
export function canContinue(kind: StoredConnection['kind']): boolean {
  return can(kind, 'continueRun');
}
