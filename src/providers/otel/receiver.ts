// A local OTLP/HTTP receiver: POST /v1/traces and /v1/logs on 127.0.0.1 only, protobuf or JSON,
// gzip accepted, answered as the OTLP spec says (200 with an Export…ServiceResponse, partial
// success when spans were rejected; 4xx with a google.rpc.Status saying why). Bounded: a request
// size limit, a decompressed-size limit (a gzip bomb gets 413), header and request timeouts. A
// batch is acknowledged only after the sink has stored it, so what a sender was told arrived
// survives a crash. Plain Node: no `vscode`.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import * as protobuf from 'protobufjs/light';
import { OtlpShapeError, readLogs, readTraces, type Decoded, type FlatLog, type FlatSpan } from './otlp';
import { decodeLogsProtobuf, decodeTraceProtobuf, encodeExportResponse } from './protobuf';

export type Signal = 'traces' | 'logs';

export interface Batch {
  signal: Signal;
  spans: FlatSpan[];
  logs: FlatLog[];
}

export interface ReceiverOptions {
  port: number;
  /** Largest body as sent (compressed or not). */
  maxBodyBytes?: number;
  /** Largest body after gunzip. */
  maxDecompressedBytes?: number;
  /** Time for the whole request (headers and body) to arrive. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Stores a decoded batch; the sender is answered only after it resolves. */
  sink(batch: Batch): Promise<void>;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export const DEFAULT_LIMITS = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
};

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use on 127.0.0.1`);
  }
}

/** An answer other than 200: its status, and the reason the sender (and our log) sees. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// google.rpc.Status, the body OTLP/HTTP puts in every 4xx/5xx answer. Built from its three fields
// (code = 1, message = 2, details = 3) rather than a .proto file: it is not part of opentelemetry-proto.
const StatusType = new protobuf.Type('Status').add(new protobuf.Field('code', 1, 'int32')).add(new protobuf.Field('message', 2, 'string'));
const GRPC_CODE: Record<number, number> = { 400: 3, 403: 7, 404: 5, 405: 12, 408: 4, 413: 8, 415: 3, 500: 13, 503: 14 };

/** The names this machine's senders use for the receiver; a web page that rebinds its own name to 127.0.0.1 sends another. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Only this machine's programs may send. Binding to 127.0.0.1 keeps other machines out, but a web
 * page can still reach a local port: through DNS rebinding (its own host name, now resolving to
 * 127.0.0.1, in Host) or as a cross-origin request (an Origin header, which SDK exporters never
 * send). Either would put spans the page made up among the user's received traces.
 */
function refuseForeign(req: http.IncomingMessage): void {
  const host = req.headers.host;
  if (host !== undefined) {
    const name = host.toLowerCase().replace(/:\d+$/, '');
    if (!LOCAL_HOSTS.has(name)) throw new Refusal(403, `Host "${host}" is not this machine's receiver: send to 127.0.0.1 or localhost.`);
  }
  if (req.headers.origin !== undefined)
    throw new Refusal(403, `Requests from web pages (Origin "${req.headers.origin}") are not taken: send from a program on this machine.`);
}

export class OtlpReceiver {
  private server: http.Server | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = false;
  /** Spans and log records acknowledged since start. */
  received = { spans: 0, logs: 0, requests: 0, refused: 0, gzipped: 0 };

  constructor(private readonly o: ReceiverOptions) {}

  get port(): number | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a ? a.port : undefined;
  }

  /** Listens on 127.0.0.1:port; rejects with PortInUseError when the port is taken. */
  async start(): Promise<number> {
    const requestTimeout = this.o.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs;
    const server = http.createServer(
      {
        requestTimeout,
        headersTimeout: Math.min(requestTimeout, this.o.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs),
        // How often Node looks for requests past those timeouts (its default is 30 s).
        connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 3))),
      },
      (req, res) => this.handle(req, res),
    );
    server.keepAliveTimeout = 5_000;
    server.maxHeadersCount = 100;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new PortInUseError(this.o.port) : err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen({ port: this.o.port, host: '127.0.0.1', exclusive: true });
    });
    // Socket errors of a misbehaving sender stay with that sender.
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      if (timedOut) {
        this.received.refused++;
        this.o.log?.('warn', `OTLP: a sender took longer than ${requestTimeout} ms to send its request; answered 408.`);
      }
      if (socket.writable)
        socket.end(
          timedOut
            ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
            : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
      else socket.destroy();
    });
    this.server = server;
    this.accepting = true;
    return this.port!;
  }

  /**
   * Stops listening. Requests whose batch is being stored finish and are answered; others are cut
   * (their sender was told nothing, so it will send again).
   */
  async stop(graceMs = 2_000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.accepting = false;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    server.closeAllConnections();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const work = this.answer(req, res).catch(() => undefined);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?', 1)[0];
    const signal: Signal | undefined = path === '/v1/traces' ? 'traces' : path === '/v1/logs' ? 'logs' : undefined;
    const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
    try {
      if (!signal) throw new Refusal(404, `No such OTLP route: ${path}. This receiver takes POST /v1/traces and POST /v1/logs.`);
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new Refusal(405, `${req.method} is not supported: send POST ${path}.`);
      }
      if (!this.accepting) throw new Refusal(503, 'The receiver is stopping.');
      refuseForeign(req);
      const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
      if (type !== 'application/x-protobuf' && type !== 'application/json') {
        throw new Refusal(415, `Unsupported Content-Type "${type || '(none)'}": send application/x-protobuf or application/json.`);
      }
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip')
        throw new Refusal(415, `Unsupported Content-Encoding "${encoding}": send gzip or no encoding.`);
      const body = await this.readBody(req, encoding === 'gzip');
      if (encoding === 'gzip') this.received.gzipped++;
      const decoded = decode(signal, json, body);
      const batch: Batch = {
        signal,
        spans: signal === 'traces' ? (decoded as Decoded<FlatSpan>).items : [],
        logs: signal === 'logs' ? (decoded as Decoded<FlatLog>).items : [],
      };
      if (batch.spans.length || batch.logs.length) {
        try {
          await this.o.sink(batch);
        } catch (err) {
          // Not stored, so not acknowledged: 503 tells the exporter to retry.
          throw new Refusal(503, `Could not store the batch: ${(err as Error).message}`);
        }
      }
      this.received.requests++;
      this.received.spans += batch.spans.length;
      this.received.logs += batch.logs.length;
      const reason = decoded.rejected
        ? `${decoded.rejected} ${signal === 'traces' ? 'span' : 'log record'}${decoded.rejected === 1 ? '' : 's'} rejected: ${decoded.reasons.join('; ')}`
        : undefined;
      if (reason) this.o.log?.('warn', `OTLP ${signal}: ${reason}`);
      this.reply(
        res,
        200,
        json,
        json ? jsonResponse(signal, decoded.rejected, reason) : Buffer.from(encodeExportResponse(signal, decoded.rejected, reason)),
      );
    } catch (err) {
      const status = err instanceof Refusal ? err.status : 500;
      const message = err instanceof Refusal ? err.message : `Unexpected failure: ${(err as Error).message}`;
      this.received.refused++;
      this.o.log?.('warn', `OTLP ${req.method} ${path}: ${status} ${message}`);
      // Drain what the sender still sends, so it reads our answer instead of a reset.
      if (!req.complete) req.resume();
      this.reply(res, status, json, statusBody(json, status, message));
    }
  }

  private reply(res: http.ServerResponse, status: number, json: boolean, body: Buffer): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf', 'Content-Length': body.length });
    res.end(body);
  }

  /** The body, bounded before and after gunzip. */
  private async readBody(req: http.IncomingMessage, gzip: boolean): Promise<Buffer> {
    const max = this.o.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes;
    const maxOut = this.o.maxDecompressedBytes ?? DEFAULT_LIMITS.maxDecompressedBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max)
      throw new Refusal(
        413,
        `The body is ${declared} bytes; this receiver takes at most ${max}. Send smaller batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE).`,
      );
    const chunks: Buffer[] = [];
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          req.removeAllListeners('data');
          req.resume();
          reject(new Refusal(413, `The body is larger than ${max} bytes. Send smaller batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE).`));
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve());
      req.on('aborted', () => reject(new Refusal(400, 'The sender closed the connection before the body ended.')));
      req.on('close', () => {
        if (!req.complete) reject(new Refusal(400, 'The connection closed before the body ended.'));
      });
      req.on('error', (e) => reject(new Refusal(400, `The body could not be read: ${e.message}`)));
    });
    const raw = Buffer.concat(chunks, size);
    if (!gzip) {
      if (raw.length > maxOut) throw new Refusal(413, `The body is larger than ${maxOut} bytes.`);
      return raw;
    }
    return await new Promise<Buffer>((resolve, reject) =>
      zlib.gunzip(raw, { maxOutputLength: maxOut }, (err, out) => {
        if (!err) return resolve(out);
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
          reject(new Refusal(413, `The body unzips to more than ${maxOut} bytes.`));
        else reject(new Refusal(400, `The body is not valid gzip: ${err.message}`));
      }),
    );
  }
}

function decode(signal: Signal, json: boolean, body: Buffer): Decoded<FlatSpan> | Decoded<FlatLog> {
  if (json) {
    let value: unknown;
    try {
      value = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      throw new Refusal(400, `The body is not valid JSON: ${(e as Error).message}`);
    }
    try {
      return signal === 'traces' ? readTraces(value) : readLogs(value);
    } catch (e) {
      if (e instanceof OtlpShapeError) throw new Refusal(400, `Not an OTLP ${signal} request: ${e.message}`);
      throw e;
    }
  }
  try {
    return signal === 'traces' ? decodeTraceProtobuf(body) : decodeLogsProtobuf(body);
  } catch (e) {
    if (e instanceof OtlpShapeError) throw new Refusal(400, `Not an OTLP ${signal} request: ${e.message}`);
    throw new Refusal(400, `The body is not a valid OTLP ${signal} protobuf message: ${(e as Error).message}`);
  }
}

function jsonResponse(signal: Signal, rejected: number, reason: string | undefined): Buffer {
  if (!rejected) return Buffer.from('{}');
  return Buffer.from(
    JSON.stringify({
      partialSuccess: { [signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords']: String(rejected), errorMessage: reason ?? '' },
    }),
  );
}

function statusBody(json: boolean, status: number, message: string): Buffer {
  const code = GRPC_CODE[status] ?? 2;
  if (json) return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(StatusType.encode(StatusType.fromObject({ code, message })).finish());
}

/** Decodes a google.rpc.Status answer (for tests and for the log of our own exporter). */
export function decodeStatus(body: Uint8Array): { code?: number; message?: string } {
  return StatusType.toObject(StatusType.decode(body)) as { code?: number; message?: string };
}
