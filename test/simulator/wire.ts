// Writing answers and reading requests on the raw Node socket: where the body faults
// (truncated, invalid, drifted JSON) are applied and where a closed client is noticed.
import type http from 'node:http';
import type { Fault } from './faults';
import type { SimAnswer } from './router';

/** The JSON text of unchanging bodies (58 MB for the bench's 100,000-event session: 0.7 s to make). */
const unchangingText = new WeakMap<object, string>();

function textOf(answer: SimAnswer): string {
  const body = answer.body;
  if (body === undefined) return '';
  if (!answer.unchanging || !body || typeof body !== 'object') return JSON.stringify(body);
  let text = unchangingText.get(body);
  if (text === undefined) unchangingText.set(body, (text = JSON.stringify(body)));
  return text;
}

export function writeAnswer(res: http.ServerResponse, answer: SimAnswer, fault: Fault | undefined): void {
  let body = answer.body;
  const ok = answer.status >= 200 && answer.status < 300;
  if (ok && fault?.kind === 'drift') body = answer.drift ? answer.drift(body) : genericDrift(body);
  let text = body === answer.body ? textOf(answer) : body === undefined ? '' : JSON.stringify(body);
  if (ok && fault?.kind === 'invalid_json') text = invalidJson(text);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...answer.headers };
  if (ok && fault?.kind === 'truncate') {
    // No Content-Length: the answer ends "normally", only the JSON is cut in half.
    res.writeHead(answer.status, headers);
    res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return;
  }
  res.writeHead(answer.status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * A streamed answer; a `truncate` fault ends it after its first chunks, a `breakStream` fault after
 * that many bytes (cutting a chunk, an event or a character wherever the count falls), both
 * without a proper end: the socket is destroyed, as when a connection drops. `stallStream` stops
 * writing after that many bytes and holds the connection open.
 */
export async function writeStream(res: http.ServerResponse, answer: SimAnswer, fault: Fault | undefined): Promise<void> {
  res.writeHead(answer.status, answer.headers);
  // Headers now, not with the first chunk: a client sees the answer start before the first event.
  res.flushHeaders();
  let chunks = 0;
  let bytes = 0;
  let broken = false;
  let stalled = false;
  const closed = () => broken || stalled || res.destroyed || res.writableEnded;
  await answer.stream!((chunk) => {
    if (closed()) return;
    let data = Buffer.from(chunk, 'utf8');
    if (fault?.kind === 'breakStream' && bytes + data.length >= fault.afterBytes) {
      data = data.subarray(0, fault.afterBytes - bytes);
      bytes += data.length;
      broken = true;
      // Written, then the socket goes once the bytes are out: the client gets exactly afterBytes.
      if (data.length) res.write(data, () => res.destroy());
      else res.destroy();
      return;
    }
    if (fault?.kind === 'stallStream' && bytes + data.length >= fault.afterBytes) {
      data = data.subarray(0, fault.afterBytes - bytes);
      bytes += data.length;
      if (data.length) res.write(data);
      // Silent from here on, the socket left open until the client gives up.
      stalled = true;
      return;
    }
    bytes += data.length;
    res.write(data);
    if (fault?.kind === 'truncate' && ++chunks >= 2) res.destroy();
  }, closed);
  if (stalled) {
    await new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('close', () => resolve())));
    return;
  }
  if (!closed()) res.end();
}

/** A complete body with a syntax error in it (a trailing comma), unlike a truncated one. */
function invalidJson(text: string): string {
  if (text.endsWith('}') || text.endsWith(']')) return `${text.slice(0, -1)},${text.slice(-1)}`;
  return `${text}}`;
}

/** Renames the first top-level field: a required field "drifted" away. */
function genericDrift(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(genericDrift);
  if (!body || typeof body !== 'object') return { value: body };
  const entries = Object.entries(body as Record<string, unknown>);
  if (!entries.length) return body;
  const [[k, v], ...rest] = entries;
  return Object.fromEntries([[`${k}_v2`, v], ...rest]);
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export function parseJson(raw: string): unknown {
  if (!raw.trim()) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Waits `ms`; resolves true early if the client goes away meanwhile. */
export function waitOrClose(ms: number, res: http.ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(true);
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    res.once('close', onClose);
  });
}
