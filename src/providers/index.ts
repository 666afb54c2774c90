// The single entry point the views use: a connection (plus its token) in, a provider out.
import type { Connection } from '../model';
import { DemoProvider } from './demo/provider';
import { ProviderError, type ProviderOptions, type SessionProvider } from './types';

export * from './types';

export function createProvider(connection: Connection, token: string | undefined, options: ProviderOptions = {}): SessionProvider {
  switch (connection.kind) {
    case 'demo':
      return new DemoProvider(connection);
    default:
      throw new ProviderError('unsupported', `Connections of kind "${connection.kind}" are not supported yet.`);
  }
}
