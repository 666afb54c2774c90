// A token is bound to the origin (scheme://host:port) it was entered for, and stored beside it in
// SecretStorage as `{"origin":…,"token":…}`. Whatever later changes a connection's base URL — a
// settings edit, a bug, a repository's settings file — the token is only handed to a provider
// whose base URL has that origin; any other needs the user's explicit yes first. Pure (no
// `vscode`): the store and the registry call it, the unit tests drive it directly.
import { ProviderError } from '../providers/types';

/** What SecretStorage holds for one connection, read back. */
export type StoredToken =
  | { state: 'none' }
  /** Written before tokens were bound: bound to the connection's current origin on first use. */
  | { state: 'legacy'; token: string }
  | { state: 'bound'; token: string; origin: string };

/** The value written to SecretStorage. */
export function encodeToken(token: string, origin: string): string {
  return JSON.stringify({ origin, token: token.trim() });
}

export function decodeToken(raw: string | undefined): StoredToken {
  if (!raw) return { state: 'none' };
  if (raw.startsWith('{')) {
    try {
      const v = JSON.parse(raw) as unknown;
      if (
        v &&
        typeof v === 'object' &&
        typeof (v as { token?: unknown }).token === 'string' &&
        typeof (v as { origin?: unknown }).origin === 'string'
      ) {
        const { token, origin } = v as { token: string; origin: string };
        return token ? { state: 'bound', token, origin } : { state: 'none' };
      }
    } catch {
      // Not our JSON: a token that happens to start with "{" — treated as a plain one below.
    }
  }
  return { state: 'legacy', token: raw };
}

/** `https://host:port` of a base URL, or undefined when it is not an http(s) URL. */
export function originOf(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    const u = new URL(baseUrl.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenSecrets {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
}

export interface ResolveTokenInput {
  secrets: TokenSecrets;
  key: string;
  /** For messages: the connection's name. */
  label: string;
  /** The origin the provider would send the token to (the connection's effective base URL). */
  origin: string | undefined;
  /**
   * Asked only when the token was entered for another origin: true means the user said to send
   * it to `to` from now on (the binding moves), false keeps it where it was and sends nothing.
   */
  confirmMove(from: string, to: string): PromiseLike<boolean>;
}

/**
 * The token to give the provider of a connection whose requests go to `origin`, or undefined
 * when none is stored. Throws a ProviderError (auth) when the token belongs to another origin and
 * the user did not agree to send it there.
 */
export async function resolveToken(input: ResolveTokenInput): Promise<string | undefined> {
  const stored = decodeToken(await input.secrets.get(input.key));
  if (stored.state === 'none') return undefined;
  if (!input.origin) {
    throw new ProviderError(
      'config',
      `The connection "${input.label}" has no valid base URL, so its token is not sent anywhere — edit the connection.`,
      { action: 'editConnection' },
    );
  }
  if (stored.state === 'legacy') {
    await input.secrets.store(input.key, encodeToken(stored.token, input.origin));
    return stored.token;
  }
  if (stored.origin === input.origin) return stored.token;
  if (await input.confirmMove(stored.origin, input.origin)) {
    await input.secrets.store(input.key, encodeToken(stored.token, input.origin));
    return stored.token;
  }
  throw new ProviderError(
    'auth',
    `The token of "${input.label}" was entered for ${stored.origin}, but the connection now points to ${input.origin}, so it was not sent. Run "Set Token…" to enter a token for ${input.origin}, or change the base URL back.`,
    { action: 'setToken' },
  );
}
