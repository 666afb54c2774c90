// Redirects are followed by us, not by fetch, so a server (or whoever answers in its place) cannot
// move a request to another host: fetch would drop the Authorization header there, but the request
// itself — path, query, body — would still arrive. Same-origin redirects (a trailing slash, a moved
// route) are followed; any other is a clear error. An http → https upgrade on the same host and
// port-default is the one cross-origin move allowed: it only makes the token safer.
import { ProviderError } from '../types';
import type { FailureContext } from './errors';

export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type RedirectVerdict =
  { kind: 'none' } | { kind: 'follow'; url: string; method: string; keepBody: boolean } | { kind: 'refuse'; error: ProviderError };

/** What to do with a response that may be a redirect, sent for `method currentUrl` to a connection based at `baseOrigin`. */
export function judgeRedirect(
  status: number,
  location: string | undefined,
  method: string,
  currentUrl: string,
  baseOrigin: string,
  hops: number,
  ctx: FailureContext,
): RedirectVerdict {
  if (!REDIRECT_STATUSES.has(status)) return { kind: 'none' };
  const P = ctx.providerName;
  if (!location)
    return {
      kind: 'refuse',
      error: redirectError(
        `${P} answered ${status} (a redirect) to ${method} ${ctx.path} without saying where to — check the connection's base URL.`,
        status,
      ),
    };
  let target: URL;
  try {
    target = new URL(location, currentUrl);
  } catch {
    return {
      kind: 'refuse',
      error: redirectError(
        `${P} redirected ${method} ${ctx.path} to an address that is not a URL — check the connection's base URL.`,
        status,
      ),
    };
  }
  const base = new URL(baseOrigin);
  const upgrade =
    base.protocol === 'http:' &&
    target.protocol === 'https:' &&
    target.hostname === base.hostname &&
    (target.port === '' || target.port === base.port);
  if (target.origin !== base.origin && !upgrade) {
    return {
      kind: 'refuse',
      error: redirectError(
        `${P} redirected ${method} ${ctx.path} to another host (${target.protocol}//${target.host}); it was not followed, so nothing of the request or the token went there. If the server moved, edit the connection's base URL.`,
        status,
      ),
    };
  }
  if (hops >= MAX_REDIRECTS)
    return {
      kind: 'refuse',
      error: redirectError(
        `${P} redirected ${method} ${ctx.path} more than ${MAX_REDIRECTS} times — check the connection's base URL.`,
        status,
      ),
    };
  // The fetch standard's rules: 303 always, 301/302 for a POST, become a GET without a body.
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  return { kind: 'follow', url: target.toString(), method: toGet ? 'GET' : method, keepBody: !toGet };
}

function redirectError(message: string, status: number): ProviderError {
  return new ProviderError('config', message, { status, action: 'editConnection' });
}
