// Everything that leaves the network layer as text (log lines, error messages) passes through
// here first, so that a token can never reach the Output panel, a tree item or the webview —
// even when a server echoes it back in a body or a user pasted it into a URL.

import { MASK, maskPieces, SECRET_PIECE } from '../../model/secretForms';

/** Query parameters whose values are credentials. Foundry's pageToken is a cursor, not a secret. */
const SECRET_PARAM = /^(access_?token|token|api_?key|apikey|key|secret|client_secret|password|sig|signature|auth|authorization|code)$/i;

export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    // Even a silly short key is masked: garbled log text is better than a leaked secret.
    if (s) out = out.split(s).join(MASK);
  }
  // Bearer values of any token, including one that is not ours (a proxy echoing a header).
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${MASK}`);
}

export { SECRET_PIECE };

/**
 * For short text that is shown or logged (messages, log lines): redacts, then masks any piece of
 * a secret of SECRET_PIECE characters or more that survived (maskPieces). This is for messages,
 * not bodies.
 */
export function redactMessage(text: string, secrets: readonly (string | undefined)[]): string {
  return maskPieces(redactText(text, secrets), secrets);
}

/**
 * For text that was cut off before it could be redacted (an error body read only up to a limit):
 * redacts it, then masks an ending that is the start of a secret, since the rest of the secret
 * was in the part not read.
 */
export function redactCut(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactText(text, secrets);
  for (const s of secrets) {
    if (!s) continue;
    for (let k = Math.min(s.length - 1, out.length); k >= 4; k--) {
      if (out.endsWith(s.slice(0, k))) {
        out = out.slice(0, out.length - k) + MASK;
        break;
      }
    }
  }
  return out;
}

/** A URL fit for a log line: no user:password, no secret query values, no token anywhere. */
export function redactUrl(url: string, secrets: readonly (string | undefined)[]): string {
  let text = url;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = u.username ? MASK : '';
      u.password = u.password ? MASK : '';
    }
    for (const name of [...u.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) u.searchParams.set(name, MASK);
    }
    text = u.toString();
  } catch {
    // Not a full URL: redact it as plain text below.
  }
  return redactText(text, secrets);
}

/** Header names that carry credentials; their values never appear anywhere. */
export function isSecretHeader(name: string): boolean {
  return /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/i.test(name);
}

/** Masks the forms of a secret in a body that arrives in pieces (see streamMasker). */
export interface StreamMasker {
  /** The piece to hand on: masked, and without an ending that may be the start of a form. */
  push(chunk: Uint8Array): Uint8Array;
  /** What was held back, now the body is complete (it was not a secret after all). */
  end(): Uint8Array;
}

const MASK_BYTES = Buffer.from(MASK);

/**
 * A streamed body (Agno's events, Foundry's answer text) with every form of the token masked
 * before any provider reads it, so no delivery built from it holds the token: a form split over
 * two pieces is found because a piece's ending that is the start of a form waits for the next
 * piece. Each piece costs its own length (times the forms), however long the body has grown —
 * a provider's growing answer is never re-read (issue 11, finding 4).
 */
export function streamMasker(forms: readonly string[]): StreamMasker {
  const patterns = forms.map((f) => Buffer.from(f, 'utf8')).filter((p) => p.length);
  let held: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      if (!patterns.length) return chunk;
      let data = held.length ? Buffer.concat([held, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (const p of patterns) data = replaceAll(data, p);
      const keep = heldEnding(data, patterns);
      held = Buffer.from(data.subarray(data.length - keep));
      return data.subarray(0, data.length - keep);
    },
    end() {
      const rest = held;
      held = Buffer.alloc(0);
      return rest;
    },
  };
}

function replaceAll(data: Buffer, p: Buffer): Buffer {
  let at = data.indexOf(p);
  if (at < 0) return data;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(data.subarray(from, at), MASK_BYTES);
    from = at + p.length;
    at = data.indexOf(p, from);
  }
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}

/** The length of the longest ending of `data` that is the start of a pattern (shorter than it). */
function heldEnding(data: Buffer, patterns: readonly Buffer[]): number {
  let longest = 0;
  for (const p of patterns) {
    const first = p[0];
    for (let k = Math.min(p.length - 1, data.length); k > longest; k--) {
      if (data[data.length - k] !== first) continue;
      if (data.subarray(data.length - k).equals(p.subarray(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}
