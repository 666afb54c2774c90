// The Sessions tree: connections → agents → sessions (newest first, paged). Loads lazily, caches
// what it loaded until a refresh, cancels a node's requests when the node is collapsed, and turns
// a failure into one row that says what happened and offers the fix — never a pop-up.
import * as vscode from 'vscode';
import type { Agent, SessionSummary } from '../../model';
import { ProviderError, isCancelled } from '../../providers';
import { can } from '../../providers/registry';
import type { ConnectionStore } from '../../connections/store';
import type { ProviderRegistry } from '../../connections/registry';
import type { Logger } from '../../log';
import { describeError } from '../../util/errors';
import { nodeKey, type AgentNode, type ConnectionNode, type TreeNode } from './nodes';
import { toTreeItem } from './items';
import { Disposable } from '../../util/disposable';

interface SessionPages {
  items: SessionSummary[];
  nextCursor?: string;
}

export class SessionsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private readonly agents = new Map<string, Agent[]>();
  private readonly sessions = new Map<string, SessionPages>();
  /**
   * In-flight loads by node key: collapsing a node aborts them, and a second load of the same node
   * (the view and a command asking at once) joins the running one instead of cancelling it.
   */
  private readonly inFlight = new Map<string, { controller: AbortController; promise: Promise<unknown> }>();
  /**
   * One object per connection and agent row, reused across loads: VS Code matches a change event
   * to its rows by object identity, so firing a rebuilt `{ type: 'agent', … }` would update nothing.
   */
  private readonly rows = new Map<string, ConnectionNode | AgentNode>();
  private filterText = '';

  constructor(
    private readonly store: ConnectionStore,
    private readonly registry: ProviderRegistry,
    private readonly log: Logger,
  ) {
    super();
    this.register(this.changed);
    this.register(store.onDidChange(() => this.refresh()));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    void vscode.commands.executeCommand('setContext', 'agentInspector.filtered', !!this.filterText);
    this.changed.fire(undefined);
  }

  /** Forget what was loaded under `node` (everything when omitted) and load it again. */
  refresh(node?: TreeNode): void {
    if (!node || node.type === 'info') {
      this.agents.clear();
      this.sessions.clear();
      this.changed.fire(undefined);
      return;
    }
    const prefix = node.type === 'error' ? node.parentKey : node.type === 'loadMore' ? node.parentKey : nodeKey(node);
    // A load still running would otherwise fill the cache with what was there before the refresh.
    this.abortUnder(prefix);
    for (const k of [...this.sessions.keys()]) if (k.startsWith(prefix)) this.sessions.delete(k);
    for (const k of [...this.agents.keys()]) if (k.startsWith(prefix)) this.agents.delete(k);
    // An error row stands in for its parent's children: refreshing it means refreshing the parent.
    this.fireFor(node.type === 'error' || node.type === 'loadMore' ? this.findParent(prefix) : node);
  }

  /** Aborts the requests a collapsed node started (wired to TreeView.onDidCollapseElement). */
  cancel(node: TreeNode): void {
    const key = nodeKey(node);
    this.abortUnder(key);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, this.filterText);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.type === 'agent') return { type: 'connection', connection: node.connection };
    if (node.type === 'session' || node.type === 'loadMore') {
      const agent = this.agents.get(nodeKey({ type: 'connection', connection: node.connection }))?.find((a) => a.id === node.agentId);
      return agent ? { type: 'agent', connection: node.connection, agent } : undefined;
    }
    return undefined;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootChildren();
    if (node.type === 'connection') return this.guard(node, () => this.connectionChildren(node));
    if (node.type === 'agent') return this.guard(node, () => this.agentChildren(node));
    return [];
  }

  /** Loads the next page under an agent and appends it. */
  async loadMore(connectionId: string, agentId: string): Promise<void> {
    const connection = this.store.get(connectionId);
    if (!connection) return;
    const key = nodeKey({ type: 'connection', connection }) + `/a/${agentId}`;
    const pages = this.sessions.get(key);
    if (!pages?.nextCursor) return;
    await vscode.window.withProgress({ location: { viewId: 'agentInspector.sessions' } }, async () => {
      try {
        const next = await this.track(`${key}/more`, (signal) =>
          this.registry.get(connection).then((p) => p.listSessions(agentId, pages.nextCursor, this.pageSize(), signal)),
        );
        this.sessions.set(key, { items: dedupe([...pages.items, ...next.items]), nextCursor: next.nextCursor });
      } catch (e) {
        if (!isCancelled(e)) void vscode.window.showErrorMessage(vscode.l10n.t('Could not load more sessions: {0}', describeError(e)));
      }
    });
    const agent = this.agents.get(nodeKey({ type: 'connection', connection }))?.find((a) => a.id === agentId);
    this.fireFor(agent ? { type: 'agent', connection, agent } : undefined);
  }

  private rootChildren(): TreeNode[] {
    const nodes: TreeNode[] = this.store.list().map((connection) => this.row({ type: 'connection', connection }));
    for (const p of this.store.settingsProblems()) {
      nodes.push({
        type: 'error',
        key: `settings/${p.index}`,
        parentKey: '',
        action: 'openSettings',
        message:
          p.index >= 0
            ? vscode.l10n.t('Setting agentInspector.connections[{0}] is ignored — {1}', p.index, p.message)
            : vscode.l10n.t('Setting agentInspector.connections: {0}', p.message),
      });
    }
    // An empty root lets the welcome view (Add Connection / Demo / Open File) show.
    return nodes;
  }

  private async connectionChildren(node: ConnectionNode): Promise<TreeNode[]> {
    const key = nodeKey(node);
    let agents = this.agents.get(key);
    if (!agents) {
      agents = await this.track(key, async (signal) => (await this.registry.get(node.connection)).listAgents(signal));
      this.agents.set(key, agents);
    }
    if (!agents.length) {
      const canAdd = can(node.connection.kind, 'addAgentById');
      return [
        {
          type: 'info',
          key: `${key}/empty`,
          message: canAdd ? vscode.l10n.t('No agents yet — add one by id') : vscode.l10n.t('No agents on this server'),
          command: canAdd ? { command: 'agentInspector.addAgent', title: 'Add Agent by ID…', arguments: [node] } : undefined,
        },
      ];
    }
    return agents.map((agent) => this.row({ type: 'agent', connection: node.connection, agent }));
  }

  private async agentChildren(node: AgentNode): Promise<TreeNode[]> {
    const key = nodeKey(node);
    let pages = this.sessions.get(key);
    if (!pages) {
      const first = await this.track(key, async (signal) =>
        (await this.registry.get(node.connection)).listSessions(node.agent.id, undefined, this.pageSize(), signal),
      );
      pages = { items: dedupe(first.items), nextCursor: first.nextCursor };
      this.sessions.set(key, pages);
    }
    const shown = this.filterText ? pages.items.filter((s) => matches(s, this.filterText)) : pages.items;
    const nodes: TreeNode[] = shown.map((summary) => ({ type: 'session', connection: node.connection, agentId: node.agent.id, summary }));
    if (pages.nextCursor) nodes.push({ type: 'loadMore', connection: node.connection, agentId: node.agent.id, parentKey: key });
    if (!nodes.length) {
      nodes.push({
        type: 'info',
        key: `${key}/empty`,
        message: this.filterText ? vscode.l10n.t('No loaded session matches "{0}"', this.filterText) : vscode.l10n.t('No sessions yet'),
        command:
          can(node.connection.kind, 'addSessionById') && !this.filterText
            ? { command: 'agentInspector.addSessionById', title: 'Add Session by ID…', arguments: [node] }
            : undefined,
      });
    }
    return nodes;
  }

  /** Runs a load; a failure becomes one error row under the node instead of a thrown error. */
  private async guard(node: TreeNode, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
    const key = nodeKey(node);
    try {
      return await load();
    } catch (e) {
      if (isCancelled(e)) {
        return [
          {
            type: 'error',
            key: `${key}/error`,
            parentKey: key,
            action: 'retry',
            message: vscode.l10n.t('Loading was cancelled — click to load again'),
          },
        ];
      }
      this.log.warn(`Loading ${key} failed: ${describeError(e)}`);
      const auth = e instanceof ProviderError && (e.code === 'auth' || e.details?.action === 'setToken');
      const config =
        e instanceof ProviderError && e.code === 'config' && node.type === 'connection' && node.connection.origin === 'settings';
      return [
        {
          type: 'error',
          key: `${key}/error`,
          parentKey: key,
          action: auth ? 'setToken' : config ? 'openSettings' : 'retry',
          connectionId: node.type === 'connection' || node.type === 'agent' ? node.connection.id : undefined,
          // The sidebar is narrow: an auth failure gets a short label, the provider's words go in the tooltip.
          message: auth ? authLabel(e as ProviderError) : describeError(e),
          detail: auth ? describeError(e) : undefined,
        },
      ];
    }
  }

  private track<T>(key: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running && !running.controller.signal.aborted) return running.promise as Promise<T>;
    const controller = new AbortController();
    const promise = run(controller.signal).finally(() => {
      if (this.inFlight.get(key)?.controller === controller) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { controller, promise });
    return promise;
  }

  private abortUnder(key: string): void {
    for (const [k, { controller }] of this.inFlight) if (k === key || k.startsWith(`${key}/`)) controller.abort();
  }

  /** The row object VS Code was given for this key, updated to the latest data. */
  private row<N extends ConnectionNode | AgentNode>(node: N): N {
    const key = nodeKey(node);
    const known = this.rows.get(key) as N | undefined;
    if (!known) {
      this.rows.set(key, node);
      return node;
    }
    Object.assign(known, node);
    return known;
  }

  /** Fires a change for the row VS Code knows under this node's key (or the whole tree when it knows none). */
  private fireFor(node: TreeNode | undefined): void {
    const known = node && (node.type === 'connection' || node.type === 'agent') ? this.rows.get(nodeKey(node)) : undefined;
    this.changed.fire(known ?? (node && node.type !== 'connection' && node.type !== 'agent' ? node : undefined));
  }

  private findParent(key: string): TreeNode | undefined {
    const m = /^c\/([^/]+)(?:\/a\/(.+))?$/.exec(key);
    if (!m) return undefined;
    const connection = this.store.get(m[1]);
    if (!connection) return undefined;
    if (!m[2]) return { type: 'connection', connection };
    const agent = this.agents.get(`c/${connection.id}`)?.find((a) => a.id === m[2]);
    return agent ? { type: 'agent', connection, agent } : { type: 'connection', connection };
  }

  private pageSize(): number {
    const v = vscode.workspace.getConfiguration('agentInspector').get<number>('pageSize', 25);
    return typeof v === 'number' && v >= 1 ? Math.min(200, Math.floor(v)) : 25;
  }

  protected override onWillDispose(): void {
    for (const { controller } of this.inFlight.values()) controller.abort();
  }
}

function authLabel(e: ProviderError): string {
  const status = e.details?.status;
  return status ? vscode.l10n.t('Token rejected ({0}) — Set Token…', status) : vscode.l10n.t('No token — Set Token…');
}

function matches(s: SessionSummary, filter: string): boolean {
  return s.title.toLowerCase().includes(filter) || s.id.toLowerCase().includes(filter);
}

/** A page boundary that moved (a new session arrived) must not show a session twice. */
function dedupe(items: SessionSummary[]): SessionSummary[] {
  const seen = new Set<string>();
  return items.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}
