// The single entry point the views use: a connection (plus its token) in, a provider out.
// The providers check what can be checked without a request (base URL, org id, then the token),
// so an incomplete connection shows "edit the connection" or "Set Token…", not a network error.
// What the provider returns has its token masked from every string (redacting.ts).
import type { Connection } from '../model';
import type { NetworkProviderOptions } from './http';
import { redactingProvider } from './redacting';
import { descriptorOf } from './registry';
import { ProviderError, type SessionProvider } from './types';

export * from './types';
export type { NetworkProviderOptions } from './http';

export function createProvider(connection: Connection, token: string | undefined, options: NetworkProviderOptions = {}): SessionProvider {
  const create = descriptorOf(connection.kind)?.create;
  if (!create) throw new ProviderError('unsupported', `Connections of kind "${connection.kind}" are not supported.`);
  const secret = token?.trim() || undefined;
  return redactingProvider(create(connection, secret, options), secret);
}
