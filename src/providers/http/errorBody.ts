// Turns the body of an error answer into one short line for a message. The three platforms use
// two conventions: FastAPI (`{ detail: "…" }`, and 422 `{ detail: [{ loc, msg, type }] }`) for
// Piper and Agno, and Foundry's `{ errorCode, errorName, errorInstanceId, parameters }`.
// Anything else falls back to a trimmed excerpt of the text.
//
// `redact` runs on the whole description before it is cut to length: cut first, and a body that
// echoes the token and is cut inside it would show the token's first characters (issue 11, finding 5).

const MAX_LEN = 300;

export function describeErrorBody(
  body: unknown,
  rawText: string | undefined,
  redact: (text: string) => string = (t) => t,
): string | undefined {
  const fromJson = describeJson(body);
  if (fromJson) return clip(redact(fromJson));
  const text = rawText?.trim();
  if (!text) return undefined;
  // An HTML error page (a proxy, a login wall) says nothing useful in its markup.
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `an HTML page titled "${clip(redact(title))}"` : 'an HTML page';
  }
  return clip(redact(text).replace(/\s+/g, ' '));
}

function describeJson(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;

  if ('detail' in o) return describeFastApiDetail(o.detail);

  if (typeof o.errorName === 'string' || typeof o.errorCode === 'string') {
    const name = typeof o.errorName === 'string' ? o.errorName : undefined;
    const code = typeof o.errorCode === 'string' ? o.errorCode : undefined;
    const head = name && code ? `${name} (${code})` : (name ?? code)!;
    const params = describeParameters(o.parameters);
    return params ? `${head}: ${params}` : head;
  }

  for (const key of ['message', 'error_description', 'error', 'title']) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
      return (v as { message: string }).message;
    }
  }
  return undefined;
}

function describeFastApiDetail(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((d) => {
      if (!d || typeof d !== 'object') return String(d);
      const item = d as { loc?: unknown; msg?: unknown };
      const loc = Array.isArray(item.loc) ? item.loc.join('.') : undefined;
      const msg = typeof item.msg === 'string' ? item.msg : JSON.stringify(d);
      return loc ? `${loc}: ${msg}` : msg;
    });
    return parts.join('; ') || undefined;
  }
  if (detail && typeof detail === 'object') return JSON.stringify(detail);
  return undefined;
}

function describeParameters(parameters: unknown): string | undefined {
  if (!parameters || typeof parameters !== 'object') return undefined;
  const entries = Object.entries(parameters as Record<string, unknown>);
  if (!entries.length) return undefined;
  return entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

function clip(s: string): string {
  return s.length > MAX_LEN ? `${s.slice(0, MAX_LEN)}…` : s;
}
