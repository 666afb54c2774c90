// A provider's own JSON, kept for it across window reloads (ProviderKeep): the demo's chats, which
// exist nowhere else. In globalState, one slot per connection, like ConnectionMemory's ids; never
// a token (the demo has none, and only built-in providers get a slot).
import type * as vscode from 'vscode';
import type { ProviderKeep } from '../providers';

const key = (connectionId: string) => `agentInspector.kept.${connectionId}`;

export class ConnectionKeep implements ProviderKeep {
  constructor(
    private readonly state: vscode.Memento,
    private readonly connectionId: string,
  ) {}

  read(): unknown {
    return this.state.get<unknown>(key(this.connectionId));
  }

  write(value: unknown): PromiseLike<void> {
    return this.state.update(key(this.connectionId), value);
  }
}
