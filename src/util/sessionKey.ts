// How the host tells an agent's session apart: one inspector per key, one chat panel per key, the
// chat's draft kept under it. Written once, so a chat streaming into a session finds the inspector
// that shows it, whoever opened that inspector (the tree, a command, the chat's own button).

export function sessionKey(connectionId: string, agentId: string, sessionId: string): string {
  return `${connectionId}/${agentId}/${sessionId}`;
}
