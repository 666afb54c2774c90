// The one network layer all three providers use: an axios instance per connection with Bearer
// auth, a deadline per attempt, cancellation from an AbortSignal, retries with backoff for
// idempotent requests, lenient JSON parsing and a log line for every request and outcome.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ProviderError, type ProviderLog } from '../types';
import { cancelledError, errorFromStatus, networkError, timeoutError, unreadableBodyError, type FailureContext } from './errors';
import { transportFailure } from './transportFailure';
import { isSecretHeader, redactMessage, redactText, redactUrl } from './redact';
import { judgeRedirect } from './redirect';
import { streamRequest, type StreamRequestOptions, type StreamResponse } from './stream';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isIdempotent,
  isRetryableNetworkCode,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry';

export type QueryValue = string | number | boolean | undefined | null;

export interface HttpClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  /** "Piper", "Agno AgentOS", "Foundry": the subject of every message. */
  providerName: string;
  /** Deadline of one attempt, from sending to the last byte. Default 30 s. */
  timeoutMs?: number;
  maxRetries?: number;
  log?: ProviderLog;
  /** Backoff tuning (tests shorten the waits; production keeps the defaults). */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Query parameters added to every request (Foundry's `preview=true`). */
  defaultParams?: Record<string, string>;
  /** Extra advice appended to 403 messages. */
  forbiddenHint?: string;
  /** Extra advice appended to 401 messages. */
  authHint?: string;
  /** Source of randomness for jitter; tests may pin it. */
  random?: () => number;
}

export interface RequestOptions {
  params?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** What the request fetches, for messages: `session "abc"`. */
  what?: string;
  /**
   * This request's deadline instead of the connection's: an answer that comes only once a whole
   * agent run is over (Piper's create response) needs longer than a listing.
   */
  timeoutMs?: number;
  /** The body as its bytes (a Uint8Array), not parsed: a large reply read in slices by its mapper. Error bodies are read as always. */
  bytes?: boolean;
}

export interface HttpResponse {
  status: number;
  /** The parsed JSON body; undefined for an empty body. */
  data: unknown;
  headers: Record<string, string>;
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly providerName: string;
  get(path: string, opts?: RequestOptions): Promise<unknown>;
  post(path: string, body: unknown, opts?: RequestOptions): Promise<unknown>;
  put(path: string, body: unknown, opts?: RequestOptions): Promise<unknown>;
  delete(path: string, opts?: RequestOptions): Promise<unknown>;
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse>;
  /** A streamed answer, chunk by chunk (see stream.ts); never retried. */
  stream(method: string, path: string, opts: StreamRequestOptions): Promise<StreamResponse>;
  /** Redacts the connection's token from any text (for callers that log or show provider text). */
  redact(text: string): string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Builds a path from a template, encoding every interpolated value as one path segment. */
export function pathOf(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new AxiosHttpClient(options);
}

const NOOP_LOG: ProviderLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

type Attempt =
  | { kind: 'response'; res: AxiosResponse<string> }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
  | { kind: 'network'; code?: string; message: string }
  | { kind: 'refused'; status: number; error: ProviderError };

class AxiosHttpClient implements HttpClient {
  readonly baseUrl: string;
  readonly providerName: string;
  private readonly axios: AxiosInstance;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly log: ProviderLog;
  private readonly secrets: string[];
  private readonly random: () => number;
  /** Every request must stay on this origin (see buildUrl and redirect.ts). */
  private readonly origin: string;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    refuseCleartextToken(this.baseUrl, options.providerName, !!options.token?.trim());
    this.providerName = options.providerName;
    this.token = options.token?.trim() || undefined;
    this.timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
    this.policy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      maxRetries: Math.max(0, options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries),
    };
    this.log = options.log ?? NOOP_LOG;
    this.secrets = this.token ? [this.token, encodeURIComponent(this.token)] : [];
    this.random = options.random ?? Math.random;
    this.axios = axios.create({
      // Node's own fetch (undici): the extension host routes it through VS Code's proxy settings,
      // and it spares the bundle axios' http transport (follow-redirects, proxy agents, ~30 KB).
      adapter: 'fetch',
      // Redirects are ours to follow (redirect.ts): only within the connection's origin.
      maxRedirects: 0,
      fetchOptions: { redirect: 'manual' },
      headers: {
        Accept: 'application/json',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      // We parse ourselves so a truncated or invalid body gets a clear message, not a silent string.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Statuses are judged by us, not thrown by axios with the config (and its header) attached.
      validateStatus: () => true,
      // The deadline is ours (it covers the body too); see send().
      timeout: 0,
    });
  }

  redact(text: string): string {
    return redactMessage(text, this.secrets);
  }

  get(path: string, opts?: RequestOptions) {
    return this.request('GET', path, opts).then((r) => r.data);
  }
  post(path: string, body: unknown, opts?: RequestOptions) {
    return this.request('POST', path, { ...opts, body }).then((r) => r.data);
  }
  put(path: string, body: unknown, opts?: RequestOptions) {
    return this.request('PUT', path, { ...opts, body }).then((r) => r.data);
  }
  delete(path: string, opts?: RequestOptions) {
    return this.request('DELETE', path, opts).then((r) => r.data);
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    method = method.toUpperCase();
    const url = this.buildUrl(path, opts.params);
    const logUrl = redactUrl(url, this.secrets);
    const ctx = this.failureContext(method, url, opts.what);
    if (opts.timeoutMs && opts.timeoutMs > 0) ctx.timeoutMs = opts.timeoutMs;

    for (let attempt = 0; ; attempt++) {
      const tag = attempt ? ` (retry ${attempt}/${this.policy.maxRetries})` : '';
      if (opts.signal?.aborted) {
        this.log.info(`${method} ${logUrl} cancelled before sending${tag}`);
        throw cancelledError(ctx);
      }
      this.log.debug(`→ ${method} ${logUrl}${tag}`);
      const started = Date.now();
      const outcome = await this.send(method, url, opts, ctx);
      ctx.retries = attempt;
      const verdict = this.judge(outcome, attempt, ctx);
      const line = `${method} ${logUrl} ${verdict.summary} in ${Date.now() - started} ms${tag}`;

      if ('response' in verdict) {
        this.log.info(line);
        return verdict.response;
      }
      if (verdict.failure.code === 'cancelled') {
        this.log.info(line);
        throw verdict.failure;
      }
      if (verdict.waitMs === undefined) {
        this.log.error(`${line}: ${this.redact(verdict.failure.message)}`);
        throw this.scrub(verdict.failure);
      }
      this.log.warn(`${line}; retry ${attempt + 1}/${this.policy.maxRetries} in ${verdict.waitMs} ms`);
      try {
        await sleep(verdict.waitMs, opts.signal);
      } catch {
        this.log.info(`${method} ${logUrl} cancelled while waiting to retry`);
        throw cancelledError(ctx);
      }
    }
  }

  stream(method: string, path: string, opts: StreamRequestOptions): Promise<StreamResponse> {
    method = method.toUpperCase();
    const url = this.buildUrl(path, opts.params);
    const ctx = this.failureContext(method, url, opts.what);
    this.log.trace(
      `  headers: ${this.describeHeaders(opts.form ? 'application/x-www-form-urlencoded' : opts.body !== undefined, opts.accept)}`,
    );
    return streamRequest(
      {
        axios: this.axios,
        log: this.log,
        timeoutMs: this.timeoutMs,
        origin: this.origin,
        redact: (t) => this.redact(t),
        scrub: (e) => this.scrub(e),
        flatHeaders,
      },
      method,
      url,
      redactUrl(url, this.secrets),
      ctx,
      opts,
    );
  }

  /** What one attempt's outcome means: an answer, or a failure and whether (and when) to retry. */
  private judge(
    outcome: Attempt,
    attempt: number,
    ctx: FailureContext,
  ): { response: HttpResponse; summary: string } | { failure: ProviderError; waitMs?: number; summary: string } {
    const canRetry = isIdempotent(ctx.method) && attempt < this.policy.maxRetries;
    switch (outcome.kind) {
      case 'cancelled':
        return { failure: cancelledError(ctx), summary: 'cancelled' };
      case 'refused':
        return { failure: outcome.error, summary: `→ ${outcome.status}, redirect not followed` };
      case 'timeout':
        // Not retried: the user set how long to wait, and a slow server stays slow.
        return { failure: timeoutError(ctx), summary: 'timed out' };
      case 'network': {
        const failure = networkError(outcome.code, outcome.message, ctx);
        const waitMs = canRetry && isRetryableNetworkCode(outcome.code) ? backoffDelay(attempt, this.policy, this.random) : undefined;
        return { failure, waitMs, summary: `failed (${outcome.code ?? 'no code'}: ${this.redact(outcome.message).replace(/\s+/g, ' ')})` };
      }
      case 'response': {
        const { res } = outcome;
        if (res.status >= 200 && res.status < 300) {
          if ((res.data as unknown) instanceof Uint8Array)
            return { response: { status: res.status, data: res.data, headers: flatHeaders(res.headers) }, summary: `→ ${res.status}` };
          const parsed = this.parse(res.data, headerValue(res.headers['content-type']), ctx);
          if (!parsed.ok) return { failure: parsed.error, summary: `→ ${res.status}, unreadable body,` };
          return { response: { status: res.status, data: parsed.value, headers: flatHeaders(res.headers) }, summary: `→ ${res.status}` };
        }
        const text = typeof res.data === 'string' ? res.data : '';
        const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        const failure = errorFromStatus(res.status, tryParse(text), text, retryAfterMs, ctx);
        // A server asking for a longer pause than we are willing to sit through gets a clear message instead.
        const tooLong = retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs;
        const waitMs =
          canRetry && isRetryableStatus(res.status) && !tooLong
            ? (retryAfterMs ?? backoffDelay(attempt, this.policy, this.random))
            : undefined;
        const note =
          retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs)} ms${tooLong ? ', longer than we wait' : ''})` : '';
        return { failure, waitMs, summary: `→ ${res.status}${note}` };
      }
    }
  }

  /** One attempt (with the same-origin redirects it takes), never throwing: the caller decides what each outcome means. */
  private async send(method: string, url: string, opts: RequestOptions, ctx: FailureContext): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ctx.timeoutMs);
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let body = opts.body;
      for (let hops = 0; ; hops++) {
        this.log.trace(`  headers: ${this.describeHeaders(body !== undefined)}`);
        const res = await this.axios.request<string>({
          method,
          url,
          data: body === undefined ? undefined : JSON.stringify(body),
          headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
          signal: controller.signal,
          ...(opts.bytes ? { responseType: 'arraybuffer' as const } : {}),
        });
        if (timedOut) return { kind: 'timeout' };
        if (opts.bytes) {
          // The answer stays bytes (judge hands them on); anything else is read as the text it always was.
          const bytes = new Uint8Array(res.data as unknown as ArrayBuffer);
          (res as { data: unknown }).data = res.status >= 200 && res.status < 300 ? bytes : new TextDecoder().decode(bytes);
        }
        const next = judgeRedirect(res.status, headerValue(res.headers.location), method, url, this.origin, hops, ctx);
        if (next.kind === 'none') return { kind: 'response', res };
        if (next.kind === 'refuse') return { kind: 'refused', status: res.status, error: this.scrub(next.error) };
        this.log.debug(`  ↪ ${res.status} ${next.method} ${redactUrl(next.url, this.secrets)}`);
        ({ url, method } = next);
        if (!next.keepBody) body = undefined;
      }
    } catch (err) {
      if (opts.signal?.aborted) return { kind: 'cancelled' };
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', ...transportFailure(err) };
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private parse(
    data: unknown,
    contentType: string | undefined,
    ctx: FailureContext,
  ): { ok: true; value: unknown } | { ok: false; error: ProviderError } {
    const text = typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data);
    if (!text.trim()) return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      return { ok: false, error: this.scrub(unreadableBodyError(text, contentType, (e as Error).message, ctx)) };
    }
  }

  private buildUrl(path: string, params: Record<string, QueryValue> | undefined): string {
    const url = new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    // Paths are built from ids a server sent; whatever they hold, a request never leaves the origin.
    if (url.origin !== this.origin) {
      throw new ProviderError(
        'bad_response',
        `${this.providerName} sent an id that would send a request to another host (${url.host}); it was not sent.`,
      );
    }
    for (const [k, v] of Object.entries({ ...this.options.defaultParams, ...params })) {
      if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  private failureContext(method: string, url: string, what: string | undefined): FailureContext {
    const u = new URL(url);
    return {
      providerName: this.providerName,
      method,
      path: redactText(u.pathname, this.secrets),
      host: u.host,
      what,
      hasToken: !!this.token,
      timeoutMs: this.timeoutMs,
      retries: 0,
      forbiddenHint: this.options.forbiddenHint,
      authHint: this.options.authHint,
      secrets: this.secrets,
    };
  }

  /** `body`: whether a JSON body goes along, or the content type of another kind of body. */
  private describeHeaders(body: boolean | string, accept = 'application/json'): string {
    const headers: Record<string, string> = { Accept: accept };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body) headers['Content-Type'] = typeof body === 'string' ? body : 'application/json';
    return Object.entries(headers)
      .map(([k, v]) => `${k}: ${isSecretHeader(k) ? '***' : v}`)
      .join(', ');
  }

  /** Last line of defence: no message leaves with the token in it. */
  private scrub(e: ProviderError): ProviderError {
    const message = redactMessage(e.message, this.secrets);
    return message === e.message ? e : new ProviderError(e.code, message, e.details);
  }
}

/**
 * A token over plain http:// can be read by anyone on the way; only a server on this machine is
 * exempt (issue 11, finding 8). Without a token nothing secret travels, so http:// stays allowed.
 */
function refuseCleartextToken(baseUrl: string, providerName: string, hasToken: boolean): void {
  const url = new URL(baseUrl);
  if (!hasToken || url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  throw new ProviderError(
    'config',
    `The ${providerName} base URL uses http:// to ${url.host}, which would send the token unencrypted — change it to https://, or remove the token if that server needs none. (http:// is fine for a server on this machine.)`,
    { action: 'editConnection' },
  );
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function tryParse(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(v: unknown): string | undefined {
  return Array.isArray(v) ? String(v[0]) : v === undefined || v === null ? undefined : String(v);
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null && !isSecretHeader(k)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
