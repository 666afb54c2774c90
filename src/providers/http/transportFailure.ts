// What went wrong below HTTP, as a Node error code and a message. Requests go through axios'
// fetch adapter (Node's undici underneath), which wraps the socket's error twice:
// AxiosError("fetch failed") → TypeError("fetch failed") → Error{ code: 'ECONNREFUSED' }. The
// innermost coded cause is the one a person can act on, so the chain is walked to it.

export interface TransportFailure {
  code?: string;
  message: string;
}

/** undici's names for a socket that closed under a request or a body, in Node's vocabulary. */
const DROPPED = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);

export function transportFailure(err: unknown): TransportFailure {
  let code: string | undefined;
  let message: string | undefined;
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code: c, message: m, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    // axios' own codes (ERR_NETWORK, ERR_BAD_RESPONSE) say less than a cause's socket code.
    if (typeof c === 'string' && !c.startsWith('ERR_BAD_') && c !== 'ERR_NETWORK') code = c;
    else if (typeof c === 'string' && code === undefined) code = c;
    if (typeof m === 'string' && m && m !== 'fetch failed') message = m;
    e = cause;
  }
  message ??= err instanceof Error ? err.message : String(err);
  // A body cut off mid-stream ("terminated", "aborted") is a dropped connection.
  if (code && DROPPED.has(code)) code = 'ECONNRESET';
  if (
    (code === undefined || code.startsWith('ERR_BAD_') || code === 'ERR_NETWORK') &&
    /aborted|terminated|premature|other side closed/i.test(message)
  )
    code = 'ECONNRESET';
  return { code, message };
}
