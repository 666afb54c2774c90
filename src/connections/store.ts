// Where connections live. The list (kind, label, base URL, org id — never a token) is kept in
// globalState and may also be declared in settings; each token lives in SecretStorage under a key
// of its own. Nothing here writes a token anywhere but SecretStorage.
import * as vscode from 'vscode';
import * as z from '../model/zod';
import { ConnectionSchema, type Connection, type ConnectionKind } from '../model';
import { DEMO_CONNECTION } from '../providers/demo/provider';
import { normaliseBaseUrl, validateUrl, validateUuid } from './validate';

const STATE_KEY = 'agentInspector.connections';
const SECRET_PREFIX = 'agentInspector.token.';

export type RemoteKind = Exclude<ConnectionKind, 'demo'>;

export interface StoredConnection extends Connection {
  /** Where it was declared: removing a settings connection means editing settings. */
  origin: 'builtin' | 'state' | 'settings';
}

export interface SettingsProblem {
  index: number;
  message: string;
}

const SettingsEntrySchema = z.object({
  id: z.optional(z.string().check(z.minLength(1))),
  kind: z.enum(['piper', 'agno', 'foundry']),
  label: z.string().check(z.minLength(1)),
  baseUrl: z.optional(z.string()),
  orgId: z.optional(z.string()),
});

export const DEFAULT_BASE_URL: Record<RemoteKind, string | undefined> = {
  piper: 'https://api.letpiper.com',
  agno: 'http://localhost:7777',
  foundry: undefined,
};

export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentInspector.connections') || e.affectsConfiguration('agentInspector.showDemo')) this.changed.fire();
      }),
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.changed.fire();
      }),
    );
  }

  /** Demo first (when shown), then connections added through the UI, then those from settings. */
  list(): StoredConnection[] {
    const out: StoredConnection[] = [];
    if (vscode.workspace.getConfiguration('agentInspector').get<boolean>('showDemo', true)) out.push({ ...DEMO_CONNECTION, origin: 'builtin' });
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
    // Write the secret first: a connection that appears without its token would show a
    // misleading "no token" error for a moment.
    if (token) await this.setToken(connection.id, token);
    await this.context.globalState.update(STATE_KEY, [...this.stateConnections(), connection]);
    this.changed.fire();
    return { ...connection, origin: 'state' };
  }

  /** Removes a UI-added connection and its secret; settings connections lose only their secret. */
  async remove(id: string): Promise<void> {
    await this.context.secrets.delete(SECRET_PREFIX + id);
    await this.context.globalState.update(STATE_KEY, this.stateConnections().filter((c) => c.id !== id));
    this.changed.fire();
  }

  async setToken(id: string, token: string): Promise<void> {
    await this.context.secrets.store(SECRET_PREFIX + id, token.trim());
  }

  getToken(id: string): Thenable<string | undefined> {
    return this.context.secrets.get(SECRET_PREFIX + id);
  }

  async hasToken(id: string): Promise<boolean> {
    return !!(await this.getToken(id));
  }

  private stateConnections(): Connection[] {
    const raw = this.context.globalState.get<unknown[]>(STATE_KEY, []);
    const out: Connection[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = ConnectionSchema.safeParse(item);
      if (parsed.success && parsed.data.kind !== 'demo') out.push(parsed.data);
    }
    return out;
  }

  private settingsConnections(): { connections: Connection[]; problems: SettingsProblem[] } {
    const raw = vscode.workspace.getConfiguration('agentInspector').get<unknown>('connections', []);
    const connections: Connection[] = [];
    const problems: SettingsProblem[] = [];
    if (!Array.isArray(raw)) return { connections, problems: [{ index: -1, message: 'agentInspector.connections must be a list' }] };
    raw.forEach((item, index) => {
      const parsed = SettingsEntrySchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({ index, message: `${issue.path.join('.') || 'entry'}: ${issue.message}` });
        return;
      }
      const e = parsed.data;
      const baseUrl = e.baseUrl ?? DEFAULT_BASE_URL[e.kind];
      const urlProblem = baseUrl ? validateUrl(baseUrl) : 'baseUrl is required for Foundry (https://<your-host>)';
      if (urlProblem) return void problems.push({ index, message: `baseUrl: ${urlProblem}` });
      if (e.kind === 'piper') {
        const orgProblem = validateUuid(e.orgId ?? '');
        if (orgProblem) return void problems.push({ index, message: `orgId: ${orgProblem}` });
      }
      connections.push({ id: e.id ?? `settings-${e.kind}-${e.label}`, kind: e.kind, label: e.label, baseUrl: normaliseBaseUrl(baseUrl!), orgId: e.orgId });
    });
    return { connections, problems };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
