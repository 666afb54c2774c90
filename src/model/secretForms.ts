// The shapes a connection's token takes when a server, an agent or a tool writes it into session
// content: as it is, URL-encoded (a query string, a form body), JSON-escaped (a payload kept as
// text, also as Python writes it) and base64 / base64url at each of the three byte alignments (a `Basic` header, a JWT-ish
// blob, a data URL). Masking every one of them is what keeps an echoed token out of the page,
// the exports and what "/explain" sends to a model. Plain TypeScript, no Node or `vscode`.

export const MASK = '***';

/** Encoded forms shorter than this are not masked: a 4-character base64 run matches too much. */
const MIN_ENCODED = 8;

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The base64 characters that encode `bytes` wherever they sit in a longer encoded text: with
 * `shift` bytes before them, the characters that mix in neighbouring bits are cut off both ends.
 */
function base64Core(bytes: Uint8Array, shift: number): string {
  const padded = new Uint8Array(shift + bytes.length);
  padded.set(bytes, shift);
  const text = base64(padded).replace(/=+$/, '');
  return text.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
}

/** Every form of `secret` to mask, the longest first (so a form never masks half of a longer one). */
export function secretForms(secret: string | undefined): string[] {
  if (!secret) return [];
  const forms = new Set<string>([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = [
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    json,
    // Python's json.dumps writes anything beyond ASCII as \uXXXX.
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ];
  const bytes = encoder.encode(secret);
  for (const shift of [0, 1, 2]) {
    const b64 = base64Core(bytes, shift);
    encoded.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  for (const f of encoded) if (f.length >= MIN_ENCODED || f === secret) forms.add(f);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** The forms of several secrets (the connection's token, every stored token), longest first. */
export function formsOf(secrets: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) for (const f of secretForms(s)) all.add(f);
  return [...all].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of every form replaced by the mask. */
export function maskForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const f of forms) if (out.includes(f)) out = out.split(f).join(MASK);
  return out;
}

/** The shortest piece of a secret that counts as a leak (the tests look for these too). */
export const SECRET_PIECE = 8;

/**
 * Masks any piece of a secret of SECRET_PIECE characters or more — a secret some code cut in two
 * still does not show. Cost grows with the secret's length times the text's, so this is for
 * messages and prompts, not whole sessions.
 */
export function maskPieces(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < SECRET_PIECE) continue;
    for (let i = 0; i + SECRET_PIECE <= s.length; i++) {
      const piece = s.slice(i, i + SECRET_PIECE);
      if (!out.includes(piece)) continue;
      // Grow the piece as far as it still matches, so one mask covers the whole fragment.
      let end = i + SECRET_PIECE;
      while (end < s.length && out.includes(s.slice(i, end + 1))) end++;
      out = out.split(s.slice(i, end)).join(MASK);
    }
  }
  return out;
}
