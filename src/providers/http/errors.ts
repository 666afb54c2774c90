// Every way a request can fail, turned into a ProviderError whose message tells the user what
// happened and what to do about it. Messages name the provider, the status and the thing asked
// for; they never contain the token (all text goes through redactText) and `details.cause` never
// holds the axios error, whose config carries the Authorization header.
import { ProviderError, type ProviderErrorCode } from '../types';
import { describeErrorBody } from './errorBody';
import { redactText } from './redact';

export interface FailureContext {
  providerName: string;
  method: string;
  /** The request path (already redacted), for messages about a route. */
  path: string;
  host: string;
  /** What the request was after, e.g. `session "abc"`; used for 404s. */
  what?: string;
  hasToken: boolean;
  timeoutMs: number;
  /** Retries already made when giving up. */
  retries: number;
  /** Extra advice for 403 (e.g. the OAuth scopes Foundry needs). */
  forbiddenHint?: string;
  /** Extra advice for 401 (e.g. "Piper tokens start with pat_"). */
  authHint?: string;
  secrets: readonly (string | undefined)[];
}

export function errorFromStatus(
  status: number,
  body: unknown,
  rawText: string | undefined,
  retryAfterMs: number | undefined,
  ctx: FailureContext,
): ProviderError {
  const P = ctx.providerName;
  const detail = describeErrorBody(body, rawText, (t) => redactText(t, ctx.secrets));
  const said = detail ? ` Server said: ${detail}` : '';
  const tried = ctx.retries ? ` after ${ctx.retries} ${ctx.retries === 1 ? 'retry' : 'retries'}` : '';

  if (status === 401) {
    const msg = ctx.hasToken
      ? `${P} rejected the token (401) — run "Set Token…" to enter a new one.`
      : `${P} needs a token (401) and none is set — run "Set Token…" to enter one.`;
    return make('auth', msg + (ctx.authHint ? ` ${ctx.authHint}` : '') + said, status, 'setToken');
  }
  if (status === 403) {
    const hint = ctx.forbiddenHint ? ` ${ctx.forbiddenHint}` : '';
    return make(
      'auth',
      `${P} refused access (403): the token is valid but lacks a permission for ${ctx.method} ${ctx.path}.${hint} Run "Set Token…" to use another token.${said}`,
      status,
      'setToken',
    );
  }
  if (status === 404) {
    const thing = ctx.what ?? `anything at ${ctx.path}`;
    return make(
      'not_found',
      `${P} has no ${thing} (404) — it may have been deleted, or belong to another account, organisation or server than this connection's.${said}`,
      status,
    );
  }
  if (status === 400 || status === 409 || status === 422) {
    return make('validation', `${P} refused the request ${ctx.method} ${ctx.path} (${status}): ${detail ?? 'no detail given'}.`, status);
  }
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` It asks to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return make('rate_limited', `${P} is limiting requests (429)${tried}.${wait} Wait a moment, then retry.`, status, 'retry');
  }
  if (status >= 500) {
    return make(
      'server',
      `${P} had a server error (${status}) on ${ctx.method} ${ctx.path}${tried} — retry later; if it persists the problem is on the server side.${said}`,
      status,
      'retry',
    );
  }
  return make('validation', `${P} answered ${status} to ${ctx.method} ${ctx.path}.${said}`, status);
}

export function timeoutError(ctx: FailureContext): ProviderError {
  const s = Math.round(ctx.timeoutMs / 100) / 10;
  return make(
    'timeout',
    `${ctx.providerName} gave no answer within ${s} s (${ctx.method} ${ctx.path}) — the server may be slow; raise agentInspector.requestTimeoutSeconds or retry.`,
    undefined,
    'retry',
  );
}

/** A streamed answer that stopped arriving: the server went quiet for longer than we wait. */
export function streamStalledError(ctx: FailureContext, idleMs: number): ProviderError {
  const s = Math.round(idleMs / 100) / 10;
  return make(
    'timeout',
    `${ctx.providerName} stopped sending its answer: nothing arrived for ${s} s (${ctx.method} ${ctx.path}) — the server or a proxy may have stalled; retry, or raise agentInspector.requestTimeoutSeconds.`,
    undefined,
    'retry',
  );
}

export function cancelledError(ctx: Pick<FailureContext, 'method' | 'path'>): ProviderError {
  return new ProviderError('cancelled', `Request cancelled: ${ctx.method} ${ctx.path}.`);
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$|ERR_OSSL)/;

/** A failure without an HTTP answer: DNS, refused, dropped, TLS. */
export function networkError(code: string | undefined, message: string, ctx: FailureContext): ProviderError {
  const P = ctx.providerName;
  const host = ctx.host;
  const tried = ctx.retries ? ` (gave up after ${ctx.retries} ${ctx.retries === 1 ? 'retry' : 'retries'})` : '';
  const why = safe(message, ctx);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return make(
      'network',
      `Cannot find the host "${host}" (${code}) — check the connection's base URL and your network or VPN.`,
      undefined,
      'editConnection',
      code,
    );
  }
  if (code === 'ECONNREFUSED') {
    return make(
      'network',
      `Nothing accepts connections at ${host} (ECONNREFUSED)${tried} — is ${P} running there? Check the connection's base URL.`,
      undefined,
      'editConnection',
      code,
    );
  }
  if (code && TLS_CODES.test(code)) {
    // OpenSSL's text is long and multi-line; its reason ("wrong version number") is what helps.
    const reason = /routines:[^:]*:([^:]+)/.exec(why ?? '')?.[1]?.trim() ?? why?.replace(/\s+/g, ' ').trim();
    return make(
      'network',
      `The secure connection to ${host} failed (${code}: ${reason}) — the certificate is not trusted or the host does not speak HTTPS; check http:// vs https:// in the base URL, or your proxy and CA settings.`,
      undefined,
      'editConnection',
      code,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /socket hang up|aborted/i.test(message)) {
    return make(
      'network',
      `The connection to ${host} was dropped before ${P} finished answering (${code ?? 'closed'})${tried} — retry; if it keeps happening, check proxies or the server's logs.`,
      undefined,
      'retry',
      code,
    );
  }
  return make('network', `Network error talking to ${P} at ${host} (${code ?? 'no code'}: ${why})${tried}.`, undefined, 'retry', code);
}

/** A 2xx answer whose body is not the JSON it should be. */
export function unreadableBodyError(
  rawText: string,
  contentType: string | undefined,
  parseMessage: string,
  ctx: FailureContext,
): ProviderError {
  const P = ctx.providerName;
  const where = `${ctx.method} ${ctx.path}`;
  // Redact the whole body, then cut: a cut inside the token would leave its first characters.
  const sample = safe(rawText, ctx)!.slice(0, 80).replace(/\s+/g, ' ');
  if (/text\/html/i.test(contentType ?? '') || /^\s*<(!doctype|html)/i.test(rawText)) {
    return make(
      'bad_response',
      `${P} sent an HTML page instead of JSON for ${where} — the base URL probably points at a web page or a login proxy, not the API.`,
    );
  }
  if (/unexpected end|unterminated|end of (json )?input/i.test(parseMessage) || endsInsideValue(rawText)) {
    return make(
      'bad_response',
      `${P} sent an incomplete answer for ${where}: the JSON stops after ${rawText.length} characters (truncated). Retry; if it persists, check proxies between you and the server.`,
      undefined,
      'retry',
    );
  }
  return make(
    'bad_response',
    `${P} sent an answer that is not valid JSON for ${where} (${safe(parseMessage, ctx)}); it starts with "${sample}".`,
  );
}

/**
 * True when the text stops inside a string, object or array: the body was cut off. (JSON.parse
 * only says "unexpected end" when the cut falls between tokens; mid-key it complains otherwise.)
 */
export function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

function make(
  code: ProviderErrorCode,
  message: string,
  status?: number,
  action?: 'setToken' | 'retry' | 'editConnection',
  causeCode?: string,
): ProviderError {
  return new ProviderError(code, message, { status, action, cause: causeCode ? { code: causeCode } : undefined });
}

function safe(text: string | undefined, ctx: Pick<FailureContext, 'secrets'>): string | undefined {
  return text === undefined ? undefined : redactText(text, ctx.secrets);
}
