// What the rest of the extension learns after a chat reply: the session shows up (or refreshes) in
// the Sessions tree — Piper cannot list sessions, so the chat's session is remembered for it — and
// an inspector already showing the session reloads to include the new run.
import type { Services } from '../../services';
import type { TreeNode } from '../tree/nodes';
import type { ChatTarget } from './target';

export interface ReplyNotice {
  target: ChatTarget;
  sessionId: string;
  title: string;
  /** The tree's own agent element when the chat was started from it (refreshes just that node). */
  agentNode?: TreeNode;
}

export async function afterReply(s: Services, n: ReplyNotice): Promise<void> {
  const { connection, agentId } = n.target;
  if (connection.kind === 'piper') {
    const memory = s.registry.memory(connection.id);
    const known = memory.sessions(agentId).find((x) => x.id === n.sessionId);
    // Keep the first title and date: the session is already listed, only move nothing around.
    if (!known) await memory.addSession(agentId, { id: n.sessionId, title: n.title });
  }
  // VS Code refreshes a tree element only when given the very object it holds: without the tree's
  // own node (a chat started from the palette), the whole tree is asked again.
  s.tree.refresh(n.agentNode?.type === 'agent' ? n.agentNode : undefined);
  const open = s.inspector.find(`${connection.id}/${agentId}/${n.sessionId}`);
  if (open) void open.load();
}

/** A session title from the first message: its first line, shortened. */
export function titleFrom(message: string, fallback: string): string {
  const line = message.trim().split('\n', 1)[0]?.trim() ?? '';
  if (!line) return fallback;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
