// A tiny method + path-pattern router for the simulator, and the request/answer types its route
// handlers use. Handlers return data; the server writes it (so faults can bend any answer).

export interface SimRequest {
  method: string;
  /** Path inside the provider's namespace (e.g. `/sessions/abc/runs` for `/agno/sessions/abc/runs`). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (POST/PUT), undefined when empty or not JSON. */
  body: unknown;
  /** Text fields of a urlencoded or multipart form body. */
  form?: Record<string, string>;
  rawBody: string;
  /** Milliseconds since the epoch at arrival (real clock: chat answers carry a fresh time). */
  receivedAt: number;
}

export interface SimAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The "schema drifted" variant of this answer's body; a generic rename is used when absent. */
  drift?: (body: unknown) => unknown;
  /** The body never changes (a generated session served again): its JSON text is made once. */
  unchanging?: boolean;
  /**
   * A streamed answer (SSE, byte streams): written chunk by chunk after the status line. It
   * should stop when `closed()` turns true (the client went away). Body faults do not apply.
   */
  stream?: (write: (chunk: string) => void, closed: () => boolean) => Promise<void>;
}

export type Handler = (req: SimRequest, params: Record<string, string>) => SimAnswer | Promise<SimAnswer>;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), parts: split(pattern), handler });
    return this;
  }

  /** `GET /a/:b` for every route, in the order they were added (tests check coverage with it). */
  list(): string[] {
    return this.routes.map((r) => `${r.method} /${r.parts.join('/')}`);
  }

  /** The first matching route; `methodMismatch` when the path exists for another method. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | { methodMismatch: true } | undefined {
    const parts = split(path);
    let mismatch = false;
    for (const r of this.routes) {
      const params = matchParts(r.parts, parts);
      if (!params) continue;
      if (r.method === method.toUpperCase()) return { handler: r.handler, params };
      mismatch = true;
    }
    return mismatch ? { methodMismatch: true } : undefined;
  }
}

function split(path: string): string[] {
  // A trailing slash is significant on Piper's create route but not for matching here.
  return path.split('/').filter(Boolean);
}

function matchParts(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(parts[i]!);
      } catch {
        return undefined;
      }
    } else if (p !== parts[i]) return undefined;
  }
  return params;
}

export function json(body: unknown, status = 200, extra: Partial<SimAnswer> = {}): SimAnswer {
  return { status, body, ...extra };
}

export function streamed(contentType: string, stream: NonNullable<SimAnswer['stream']>): SimAnswer {
  return { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-cache' }, stream };
}

/** A pause inside a streamed answer; resolves early when the client has gone. */
export function pause(ms: number, closed: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => (closed() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(10, ms)));
    tick();
  });
}
