// The kinds of rows in the Sessions tree. Plain data: the tree provider turns them into TreeItems.
import type { Agent, SessionSummary } from '../../model';
import type { StoredConnection } from '../../connections/store';

export type TreeNode = ConnectionNode | AgentNode | SessionNode | LoadMoreNode | ErrorNode | InfoNode;

export interface ConnectionNode {
  type: 'connection';
  connection: StoredConnection;
}
export interface AgentNode {
  type: 'agent';
  connection: StoredConnection;
  agent: Agent;
}
export interface SessionNode {
  type: 'session';
  connection: StoredConnection;
  agentId: string;
  summary: SessionSummary;
}
export interface LoadMoreNode {
  type: 'loadMore';
  connection: StoredConnection;
  agentId: string;
  parentKey: string;
}
/** A failure shown in place of the children it stopped; clicking it retries (or fixes the token). */
export interface ErrorNode {
  type: 'error';
  key: string;
  parentKey: string;
  message: string;
  detail?: string;
  action: 'retry' | 'setToken' | 'openSettings';
  connectionId?: string;
}
export interface InfoNode {
  type: 'info';
  key: string;
  message: string;
  command?: { command: string; title: string; arguments?: unknown[] };
}

/** Stable ids, so VS Code keeps expansion and selection across refreshes. */
export function nodeKey(node: TreeNode): string {
  switch (node.type) {
    case 'connection':
      return `c/${node.connection.id}`;
    case 'agent':
      return `c/${node.connection.id}/a/${node.agent.id}`;
    case 'session':
      return `c/${node.connection.id}/a/${node.agentId}/s/${node.summary.id}`;
    case 'loadMore':
      return `${node.parentKey}/more`;
    case 'error':
      return node.key;
    case 'info':
      return node.key;
  }
}
