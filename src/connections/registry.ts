// One provider instance per connection, created with its token and the current settings, and
// dropped when either changes so the next request uses the new ones.
import * as vscode from 'vscode';
import { createProvider, type SessionProvider } from '../providers';
import { descriptorOf } from '../providers/registry';
import type { Logger } from '../log';
import { ConnectionKeep } from './keep';
import { ConnectionMemory } from './memory';
import type { ConnectionStore, StoredConnection } from './store';

export class ProviderRegistry implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<SessionProvider>>();
  /** Connection ids of built-in sources (no setup, no token: the demo), kept across changes. */
  private readonly builtInIds = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ConnectionStore,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
    /** Asks before a token goes to an origin other than the one it was entered for. */
    private readonly confirmMove: (connection: StoredConnection, from: string, to: string) => PromiseLike<boolean> = askToMoveToken,
  ) {
    this.subscription = vscode.Disposable.from(
      store.onDidChange(() => this.clearRemote()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentInspector')) this.clearRemote();
      }),
    );
  }

  /**
   * Tokens and settings only matter to remote providers. The demo keeps the chats made with it in
   * memory, so it must outlive unrelated changes (adding a connection, a timeout setting).
   */
  private clearRemote(): void {
    for (const id of [...this.cache.keys()]) if (!this.builtInIds.has(id)) this.cache.delete(id);
  }

  /** Forget the provider of one connection (its token or settings changed). */
  invalidate(connectionId: string): void {
    this.cache.delete(connectionId);
  }

  memory(connectionId: string): ConnectionMemory {
    return new ConnectionMemory(this.state, connectionId);
  }

  /** Providers the extension makes itself (the trace receiver's "Local traces"), by connection id. */
  private readonly builtIns = new Map<string, SessionProvider>();

  setBuiltIn(connectionId: string, provider: SessionProvider | undefined): void {
    if (provider) this.builtIns.set(connectionId, provider);
    else this.builtIns.delete(connectionId);
  }

  /** Throws a ProviderError (auth/config) when the connection cannot be used as it is. */
  get(connection: StoredConnection): Promise<SessionProvider> {
    const builtIn = this.builtIns.get(connection.id);
    if (builtIn) return Promise.resolve(builtIn);
    let p = this.cache.get(connection.id);
    if (!p) {
      p = this.create(connection);
      this.cache.set(connection.id, p);
      p.catch(() => this.cache.delete(connection.id));
    }
    return p;
  }

  private async create(connection: StoredConnection): Promise<SessionProvider> {
    const takesToken = !!descriptorOf(connection.kind)?.setup;
    if (!takesToken) this.builtInIds.add(connection.id);
    const token = takesToken ? await this.store.getToken(connection, (from, to) => this.confirmMove(connection, from, to)) : undefined;
    this.log.addSecret(token);
    const config = vscode.workspace.getConfiguration('agentInspector');
    const timeoutSeconds = clamp(config.get<number>('requestTimeoutSeconds', 30), 1, 600, 30);
    const maxRetries = clamp(config.get<number>('maxRetries', 3), 0, 10, 3);
    const { origin: _origin, ...plain } = connection;
    return createProvider(plain, token || undefined, {
      memory: this.memory(connection.id),
      // Only a built-in source keeps content of its own (the demo's chats); a platform has its sessions.
      ...(takesToken ? {} : { keep: new ConnectionKeep(this.state, connection.id) }),
      timeoutMs: timeoutSeconds * 1000,
      maxRetries,
      log: this.log,
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

/** A modal question: the answer decides whether the token may leave for another host. */
async function askToMoveToken(connection: StoredConnection, from: string, to: string): Promise<boolean> {
  const send = vscode.l10n.t('Send Token to {0}', to);
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Send the token of “{0}” to {1}?', connection.label, to),
    {
      modal: true,
      detail: vscode.l10n.t('It was entered for {0}. Only continue if you changed the base URL yourself and trust {1}.', from, to),
    },
    send,
  );
  return answer === send;
}

/** A setting a user typed wrong falls back to its default instead of breaking requests. */
export function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}
