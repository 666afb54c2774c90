// What the rest of the extension learns after a chat reply: the session shows up (or refreshes) in
// the Sessions tree — Piper cannot list sessions, so the chat's session is remembered for it — and
// an inspector already showing the session gets the new run (appended live while it streams).
import type { SessionEvent } from '../model';
import { can } from '../providers/registry';
import type { Services } from '../services';
import { sessionKey } from '../util/sessionKey';
import type { TreeNode } from '../views/tree/nodes';
import type { ChatTarget } from './target';

export interface ReplyNotice {
  target: ChatTarget;
  sessionId: string;
  title: string;
  /** The tree's own agent element when the chat was started from it (refreshes just that node). */
  agentNode?: TreeNode;
  /** The reply's final events, and the ids an open inspector already got while they streamed. */
  events?: readonly SessionEvent[];
  streamedIds?: ReadonlySet<string>;
}

export async function afterReply(s: Services, n: ReplyNotice): Promise<void> {
  const { connection, agentId } = n.target;
  // A platform that lists no sessions (Piper) would not show the chat's: it is remembered for it.
  if (!can(connection.kind, 'listSessions')) {
    const memory = s.registry.memory(connection.id);
    const known = memory.sessions(agentId).find((x) => x.id === n.sessionId);
    // Keep the first title and date: the session is already listed, only move nothing around.
    if (!known) await memory.addSession(agentId, { id: n.sessionId, title: n.title });
  }
  // VS Code refreshes a tree element only when given the very object it holds: without the tree's
  // own node (a chat started from the palette), the whole tree is asked again.
  s.tree.refresh(n.agentNode?.type === 'agent' ? n.agentNode : undefined);
  const open = s.inspector.find(sessionKey(connection.id, agentId, n.sessionId));
  if (!open) return;
  // The final events replace the streamed ones by id; when the provider re-read the exchange under
  // other ids (Foundry), appending would show the reply twice: the inspector reloads instead.
  const streamed = n.streamedIds;
  if (n.events?.length && open.current && n.events.every((e) => streamed?.has(e.id))) await open.append(n.events);
  else void open.load();
}

/** A session title from the first message: its first line, shortened. */
export function titleFrom(message: string, fallback: string): string {
  const line = message.trim().split('\n', 1)[0]?.trim() ?? '';
  if (!line) return fallback;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
