// Streamed answers (Agno's server-sent events, Foundry's markdown byte stream): the body is handed
// over chunk by chunk as it arrives instead of being parsed at the end. Never retried — a stream
// is always a POST here, and a repeat would send the user's message twice. The deadline works
// per silence, not per request: a long answer that keeps flowing is fine, a server that stops
// sending for longer than `idleTimeoutMs` is given up on.
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ProviderError, type ProviderLog } from '../types';
import type { ReadableStream } from 'node:stream/web';
import { transportFailure } from './transportFailure';
import { judgeRedirect } from './redirect';
import { formsOf } from '../../model/secretForms';
import { redactCut, streamMasker } from './redact';
import { cancelledError, errorFromStatus, networkError, streamStalledError, timeoutError, type FailureContext } from './errors';

export interface StreamRequestOptions {
  params?: Record<string, string | number | boolean | undefined | null>;
  /** A JSON body (sent as application/json). */
  body?: unknown;
  /** A form body (sent as application/x-www-form-urlencoded), for FastAPI `Form(...)` fields. */
  form?: URLSearchParams;
  /** The Accept header: `text/event-stream`, `application/octet-stream`… */
  accept?: string;
  signal?: AbortSignal;
  /** What the request is for, in messages: `a reply from agent "x"`. */
  what?: string;
  /** Longest silence (before the answer starts, and between two chunks) before giving up. */
  idleTimeoutMs?: number;
  /** Each piece of the body as it arrives. Throwing aborts the request and rejects with that error. */
  onChunk(chunk: Uint8Array): void;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  /** Bytes received in the body. */
  bytes: number;
}

/** What the streaming request needs from the client that owns the connection settings. */
export interface StreamContext {
  axios: AxiosInstance;
  log: ProviderLog;
  /** Deadline until the status line arrives. */
  timeoutMs: number;
  /** The connection's origin: a redirect elsewhere is refused (redirect.ts). */
  origin: string;
  redact(text: string): string;
  scrub(e: ProviderError): ProviderError;
  flatHeaders(headers: AxiosResponse['headers']): Record<string, string>;
}

/** Error bodies are read to explain the status; more than this is not worth keeping. */
const MAX_ERROR_BODY = 64 * 1024;

export async function streamRequest(
  c: StreamContext,
  method: string,
  url: string,
  logUrl: string,
  ctx: FailureContext,
  opts: StreamRequestOptions,
): Promise<StreamResponse> {
  if (opts.signal?.aborted) {
    c.log.info(`${method} ${logUrl} cancelled before sending`);
    throw cancelledError(ctx);
  }
  const idleMs = opts.idleTimeoutMs && opts.idleTimeoutMs > 0 ? opts.idleTimeoutMs : c.timeoutMs;
  const controller = new AbortController();
  let why: 'timeout' | 'stalled' | 'consumer' | undefined;
  let consumerError: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, reason: 'timeout' | 'stalled') => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      why = reason;
      controller.abort();
    }, ms);
  };
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const started = Date.now();
  let bytes = 0;
  let status: number | undefined;
  c.log.debug(`→ ${method} ${logUrl} (streamed)`);
  try {
    arm(c.timeoutMs, 'timeout');
    const res = await c.axios.request<ReadableStream<Uint8Array>>({
      method,
      url,
      data: opts.form ? opts.form.toString() : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      headers: {
        Accept: opts.accept ?? '*/*',
        ...(opts.form
          ? { 'Content-Type': 'application/x-www-form-urlencoded' }
          : opts.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : {}),
      },
      responseType: 'stream',
      signal: controller.signal,
    });
    status = res.status;
    // Never followed: a streamed request is a POST that must not be sent twice, nor anywhere else.
    const redirect = judgeRedirect(res.status, headerValue(res.headers.location), method, url, c.origin, 0, ctx);
    if (redirect.kind !== 'none') {
      void res.data?.cancel?.().catch(() => undefined);
      const failure =
        redirect.kind === 'refuse'
          ? redirect.error
          : new ProviderError(
              'config',
              `${ctx.providerName} answered ${method} ${ctx.path} with a redirect (${res.status}); a streamed request is not redirected — check the connection's base URL.`,
              { status: res.status, action: 'editConnection' },
            );
      c.log.error(`${method} ${logUrl} → ${res.status}: ${c.redact(failure.message)}`);
      throw c.scrub(failure);
    }
    if (res.status < 200 || res.status >= 300) {
      // Read only so far, so the end may hold the start of an echoed token: masked (redactCut).
      const text = redactCut(await readText(res.data, MAX_ERROR_BODY), ctx.secrets);
      const failure = errorFromStatus(res.status, tryParse(text), text, undefined, ctx);
      c.log.error(`${method} ${logUrl} → ${res.status} in ${Date.now() - started} ms: ${c.redact(failure.message)}`);
      throw c.scrub(failure);
    }
    c.log.debug(`${method} ${logUrl} → ${res.status}, streaming`);
    arm(idleMs, 'stalled');
    // The token is masked from the body before a provider reads it (redact.ts, streamMasker).
    const masker = streamMasker(formsOf(ctx.secrets));
    const hand = (piece: Uint8Array) => {
      if (!piece.length) return;
      try {
        opts.onChunk(piece);
      } catch (e) {
        why = 'consumer';
        consumerError = e;
        controller.abort();
        throw e;
      }
    };
    for await (const chunk of res.data) {
      const bytesOf = asBuffer(chunk);
      bytes += bytesOf.length;
      arm(idleMs, 'stalled');
      hand(masker.push(bytesOf));
    }
    hand(masker.end());
    c.log.info(`${method} ${logUrl} → ${res.status}, ${bytes} bytes streamed in ${Date.now() - started} ms`);
    return { status: res.status, headers: c.flatHeaders(res.headers), bytes };
  } catch (err) {
    if (why === 'consumer') {
      c.log.error(
        `${method} ${logUrl} stopped after ${bytes} bytes: the answer could not be read (${c.redact(String((consumerError as Error)?.message ?? consumerError))})`,
      );
      throw consumerError;
    }
    if (err instanceof ProviderError) throw err;
    const where = `${method} ${logUrl}${status ? ` → ${status}` : ''}`;
    if (opts.signal?.aborted) {
      c.log.info(`${where} cancelled after ${Date.now() - started} ms, ${bytes} bytes received`);
      throw cancelledError(ctx);
    }
    if (why === 'timeout') {
      c.log.error(`${where} timed out after ${Date.now() - started} ms`);
      throw timeoutError(ctx);
    }
    if (why === 'stalled') {
      c.log.error(`${where} stalled: nothing for ${idleMs} ms after ${bytes} bytes`);
      throw streamStalledError(ctx, idleMs);
    }
    const { code, message } = transportFailure(err);
    const failure = networkError(code, message, ctx);
    c.log.error(
      `${where} failed after ${Date.now() - started} ms, ${bytes} bytes received (${code ?? 'no code'}: ${c.redact(message).replace(/\s+/g, ' ')})`,
    );
    throw c.scrub(failure);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** fetch hands over Uint8Arrays; the consumers decode Buffers. No copy: a view on the same bytes. */
function asBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

async function readText(stream: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = asBuffer(chunk);
      if (size < max) parts.push(b.subarray(0, max - size));
      size += b.length;
    }
  } catch {
    // A broken error body still explains itself by its status.
  }
  return Buffer.concat(parts).toString('utf8');
}

function headerValue(v: unknown): string | undefined {
  return Array.isArray(v) ? String(v[0]) : v === undefined || v === null ? undefined : String(v);
}

function tryParse(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
