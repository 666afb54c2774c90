// Piper and Foundry cannot answer anything without a token: say so before the first request.
import { ProviderError } from '../types';

export function requireToken(token: string | undefined, providerName: string, connectionLabel: string): string {
  const t = token?.trim();
  if (t) return t;
  throw new ProviderError('auth', `No token set for the ${providerName} connection "${connectionLabel}" — run "Set Token…" to enter one.`, {
    action: 'setToken',
  });
}
