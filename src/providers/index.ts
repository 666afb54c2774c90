// The single entry point the views use: a connection (plus its token) in, a provider out.
// The providers check what can be checked without a request (base URL, org id, then the token),
// so an incomplete connection shows "edit the connection" or "Set Token…", not a network error.
import type { Connection } from '../model';
import { AgnoProvider } from './agno/provider';
import { DemoProvider } from './demo/provider';
import { FoundryProvider } from './foundry/provider';
import type { NetworkProviderOptions } from './http';
import { PiperProvider } from './piper/provider';
import { ProviderError, type SessionProvider } from './types';

export * from './types';
export type { NetworkProviderOptions } from './http';

export function createProvider(connection: Connection, token: string | undefined, options: NetworkProviderOptions = {}): SessionProvider {
  const secret = token?.trim() || undefined;
  switch (connection.kind) {
    case 'demo':
      return new DemoProvider(connection);
    case 'piper':
      return new PiperProvider(connection, secret, options);
    case 'agno':
      // The security key is optional: many AgentOS instances run without one.
      return new AgnoProvider(connection, secret, options);
    case 'foundry':
      return new FoundryProvider(connection, secret, options);
    default:
      throw new ProviderError('unsupported', `Connections of kind "${(connection as Connection).kind}" are not supported.`);
  }
}
