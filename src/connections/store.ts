// Where connections live. The list (kind, label, base URL, org id — never a token) is kept in
// globalState and may also be declared in the user's settings (never a workspace's: see
// settingsEntries.ts); each token lives in SecretStorage under a key of its own, bound to the origin
// it was entered for (tokenBinding.ts). Nothing here writes a token anywhere but SecretStorage.
import * as vscode from 'vscode';
import { ConnectionSchema, type Connection } from '../model';
import { DEMO_CONNECTION } from '../providers/demo/provider';
import { normaliseBaseUrl } from './validate';
import { addableKindSchema, descriptorOf } from '../providers/registry';
import { effectiveBaseUrl, settingsConnections, type RemoteKind, type SettingsProblem } from './settingsEntries';
import { decodeToken, encodeToken, originOf, resolveToken } from './tokenBinding';
import { Disposable } from '../util/disposable';

const STATE_KEY = 'agentInspector.connections';
const SECRET_PREFIX = 'agentInspector.token.';

export type { RemoteKind, SettingsProblem };

export interface StoredConnection extends Connection {
  /** Where it was declared: removing a settings connection means editing settings. */
  origin: 'builtin' | 'state' | 'settings';
}

export class ConnectionStore extends Disposable implements vscode.Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentInspector.connections') || e.affectsConfiguration('agentInspector.showDemo')) this.changed.fire();
      }),
    );
    this.register(
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.changed.fire();
      }),
    );
  }

  /** Built-in sources shown while they have something (the trace receiver's "Local traces"). */
  private readonly builtIns = new Map<string, Connection>();

  /** Shows (or with `undefined`, hides) a built-in source at the top of the tree. */
  setBuiltIn(id: string, connection: Connection | undefined): void {
    if (connection ? this.builtIns.has(id) : !this.builtIns.has(id)) return;
    if (connection) this.builtIns.set(id, connection);
    else this.builtIns.delete(id);
    this.changed.fire();
  }

  /** Demo first (when shown), then built-in sources, connections added through the UI, then those from settings. */
  list(): StoredConnection[] {
    const out: StoredConnection[] = [];
    if (vscode.workspace.getConfiguration('agentInspector').get<boolean>('showDemo', true))
      out.push({ ...DEMO_CONNECTION, origin: 'builtin' });
    for (const c of this.builtIns.values()) out.push({ ...c, origin: 'builtin' });
    for (const c of this.stateConnections()) out.push({ ...c, origin: 'state' });
    const ids = new Set(out.map((c) => c.id));
    for (const c of this.settingsConnections().connections) if (!ids.has(c.id)) out.push({ ...c, origin: 'settings' });
    return out;
  }

  get(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** Entries of `agentInspector.connections` that cannot be used, with what is wrong with each. */
  settingsProblems(): SettingsProblem[] {
    return this.settingsConnections().problems;
  }

  async add(input: { kind: RemoteKind; label: string; baseUrl?: string; orgId?: string }, token?: string): Promise<StoredConnection> {
    const connection: Connection = {
      id: `${input.kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      kind: input.kind,
      label: input.label.trim(),
      baseUrl: input.baseUrl ? normaliseBaseUrl(input.baseUrl) : undefined,
      orgId: input.orgId?.trim() || undefined,
    };
    ConnectionSchema.parse(connection);
    addableKindSchema().parse(connection.kind);
    // Write the secret first: a connection that appears without its token would show a
    // misleading "no token" error for a moment.
    if (token) await this.setToken(connection, token);
    await this.context.globalState.update(STATE_KEY, [...this.stateConnections(), connection]);
    this.changed.fire();
    return { ...connection, origin: 'state' };
  }

  /** Removes a UI-added connection and its secret; settings connections lose only their secret. */
  async remove(id: string): Promise<void> {
    await this.context.secrets.delete(SECRET_PREFIX + id);
    await this.context.globalState.update(
      STATE_KEY,
      this.stateConnections().filter((c) => c.id !== id),
    );
    this.changed.fire();
  }

  /** Stores the token bound to the origin the connection points at now (see tokenBinding.ts). */
  async setToken(connection: Connection, token: string): Promise<void> {
    const origin = originOf(effectiveBaseUrl(connection));
    if (!origin) throw new Error(`The connection "${connection.label}" has no valid base URL — edit it before setting a token.`);
    await this.context.secrets.store(SECRET_PREFIX + connection.id, encodeToken(token, origin));
  }

  /**
   * The token for requests to the connection's current origin. A token entered for another
   * origin is sent there only when `confirmMove` says yes; otherwise this throws (auth).
   */
  getToken(connection: Connection, confirmMove: (from: string, to: string) => PromiseLike<boolean>): Promise<string | undefined> {
    return resolveToken({
      secrets: this.context.secrets,
      key: SECRET_PREFIX + connection.id,
      label: connection.label,
      origin: originOf(effectiveBaseUrl(connection)),
      confirmMove,
    });
  }

  /**
   * Every token stored for a connection, read as it is (no binding moved, nothing asked): what
   * "/explain" masks from a prompt, whichever connection — or file — the session came from.
   */
  async storedTokens(): Promise<string[]> {
    const out: string[] = [];
    for (const c of this.list()) {
      const stored = decodeToken(await this.context.secrets.get(SECRET_PREFIX + c.id));
      if (stored.state !== 'none') out.push(stored.token);
    }
    return out;
  }

  private stateConnections(): Connection[] {
    const raw = this.context.globalState.get<unknown[]>(STATE_KEY, []);
    const out: Connection[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = ConnectionSchema.safeParse(item);
      // Only kinds the user adds: built-in sources are never stored, an unknown kind is skipped.
      if (parsed.success && descriptorOf(parsed.data.kind)?.setup) out.push(parsed.data);
    }
    return out;
  }

  private settingsConnections(): ReturnType<typeof settingsConnections> {
    return settingsConnections(vscode.workspace.getConfiguration('agentInspector').inspect('connections'));
  }
}
