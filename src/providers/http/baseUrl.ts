// The base URL of a connection, checked once when the provider is made so that a typo shows up
// as "edit the connection" rather than as a confusing network error later.
import { ProviderError } from '../types';

export interface BaseUrlRules {
  providerName: string;
  /** Used when the connection has none (Piper's hosted API). */
  defaultUrl?: string;
  /** A path every request lives under, added when the user left it out (Foundry's `/api`). */
  requiredSuffix?: string;
}

export function resolveBaseUrl(raw: string | undefined, rules: BaseUrlRules): string {
  const text = raw?.trim() || rules.defaultUrl;
  if (!text) {
    throw new ProviderError(
      'config',
      `The ${rules.providerName} connection has no base URL — edit the connection and enter one (e.g. http://localhost:7777).`,
      { action: 'editConnection' },
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProviderError(
      'config',
      `The ${rules.providerName} base URL "${text}" is not a valid URL — it must start with https:// or http://.`,
      { action: 'editConnection' },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProviderError('config', `The ${rules.providerName} base URL must use https:// or http://, not ${url.protocol}//.`, {
      action: 'editConnection',
    });
  }
  if (url.search || url.hash) {
    throw new ProviderError(
      'config',
      `The ${rules.providerName} base URL must not contain a query or fragment ("${url.search}${url.hash}") — enter only scheme, host and path.`,
      { action: 'editConnection' },
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (rules.requiredSuffix && !path.endsWith(rules.requiredSuffix)) path += rules.requiredSuffix;
  // Credentials in the URL would end up in logs and error messages; tokens go in "Set Token…".
  if (url.username || url.password) {
    throw new ProviderError(
      'config',
      `The ${rules.providerName} base URL must not contain a user name or password — use "Set Token…" for credentials.`,
      { action: 'editConnection' },
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}
