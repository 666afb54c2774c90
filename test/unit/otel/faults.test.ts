// The receiver under faults: malformed and truncated protobuf, wrong content types and encodings,
// oversize bodies and a gzip bomb, a slow sender, a taken port, a stop in the middle of a request,
// a sink that fails. Each gets the right status with a google.rpc.Status saying why, the receiver
// keeps serving, and nothing acknowledged is lost (the sink saw it before the 200).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import { trace, context } from '@opentelemetry/api';
import { ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { decodeStatus, OtlpReceiver, PortInUseError, type Batch } from '../../../src/providers/otel/receiver';
import { otlpTypes } from '../../../src/providers/otel/protobuf';

interface Answer {
  status: number;
  body: Buffer;
  type?: string;
}

function post(port: number, path: string, body: Buffer | string, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method, agent: false, headers: { 'Content-Type': 'application/x-protobuf', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: res.headers['content-type'] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Real request bytes: spans recorded by the Node SDK and serialised by its own OTLP serializer. */
function realRequest(spanCount = 3): { protobuf: Buffer; json: Buffer } {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'faults' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('faults');
  const root = tracer.startSpan('invoke_agent Faulty', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Faulty' },
  });
  for (let i = 1; i < spanCount; i++)
    tracer
      .startSpan(
        `chat m${i}`,
        { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': i } },
        trace.setSpan(context.active(), root),
      )
      .end();
  root.end();
  const spans = memory.getFinishedSpans();
  return {
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
  };
}

describe('OTLP receiver under faults', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let stored: Batch[];
  let port: number;
  let sink: (b: Batch) => Promise<void>;

  beforeEach(async () => {
    stored = [];
    sink = async (b) => void stored.push(b);
    receiver = new OtlpReceiver({
      port: 0,
      maxBodyBytes: 64 * 1024,
      maxDecompressedBytes: 256 * 1024,
      requestTimeoutMs: 1_500,
      headersTimeoutMs: 1_000,
      sink: (b) => sink(b),
    });
    port = await receiver.start();
  });
  afterEach(() => receiver.stop(200));

  const status = (a: Answer) => decodeStatus(a.body);

  async function stillServes(): Promise<void> {
    const ok = await post(port, '/v1/traces', realRequest(2).protobuf);
    assert.equal(ok.status, 200, 'the receiver still serves after the fault');
  }

  it('answers a good request with an empty ExportTraceServiceResponse in the same encoding', async () => {
    const r = realRequest();
    const proto = await post(port, '/v1/traces', r.protobuf);
    assert.equal(proto.status, 200);
    assert.equal(proto.type, 'application/x-protobuf');
    const t = otlpTypes().traceResponse;
    assert.deepEqual(t.toObject(t.decode(proto.body)), {});
    const json = await post(port, '/v1/traces', r.json, { 'Content-Type': 'application/json' });
    assert.equal(json.status, 200);
    assert.deepEqual(JSON.parse(json.body.toString()), {});
    assert.equal(stored.flatMap((b) => b.spans).length, 6);
  });

  it("rejects malformed protobuf with 400 and the decoder's reason", async () => {
    const a = await post(port, '/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    assert.equal(a.status, 400);
    assert.match(status(a).message ?? '', /not a valid OTLP traces protobuf message/);
    assert.equal(status(a).code, 3, 'INVALID_ARGUMENT');
    assert.equal(stored.length, 0);
    await stillServes();
  });

  it('rejects a truncated body with 400', async () => {
    const body = realRequest().protobuf;
    const a = await post(port, '/v1/traces', body.subarray(0, Math.floor(body.length / 2)));
    assert.equal(a.status, 400);
    assert.match(status(a).message ?? '', /protobuf/);
    assert.equal(stored.length, 0);
  });

  it('rejects invalid JSON and JSON that is not an export request with 400 in JSON', async () => {
    const bad = await post(port, '/v1/traces', '{"resourceSpans": [', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(bad.type, 'application/json');
    assert.match(JSON.parse(bad.body.toString()).message, /not valid JSON/);
    const shape = await post(port, '/v1/traces', '{"resourceSpans": 7}', { 'Content-Type': 'application/json' });
    assert.equal(shape.status, 400);
    assert.match(JSON.parse(shape.body.toString()).message, /resourceSpans is not a list/);
  });

  it('answers a wrong content type or encoding with 415, a wrong route 404, a wrong method 405', async () => {
    const type = await post(port, '/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
    assert.equal(type.status, 415);
    assert.match(status(type).message ?? '', /Unsupported Content-Type "text\/plain"/);
    const enc = await post(port, '/v1/traces', realRequest().protobuf, { 'Content-Encoding': 'br' });
    assert.equal(enc.status, 415);
    assert.equal((await post(port, '/v1/metrics', realRequest().protobuf)).status, 404);
    const get = await post(port, '/v1/traces', '', {}, 'PUT');
    assert.equal(get.status, 405);
    assert.equal(stored.length, 0);
  });

  it('refuses a web page: a rebound host name (DNS rebinding) or an Origin header gets 403 and nothing is stored', async () => {
    // What a page at attacker.example sends once its name resolves to 127.0.0.1: its own Host.
    const rebound = await post(port, '/v1/traces', realRequest().json, {
      'Content-Type': 'application/json',
      Host: `attacker.example:${port}`,
    });
    assert.equal(rebound.status, 403);
    assert.match(String(JSON.parse(rebound.body.toString()).message), /attacker\.example/);
    const page = await post(port, '/v1/traces', realRequest().protobuf, { Origin: 'https://attacker.example' });
    assert.equal(page.status, 403);
    assert.equal(stored.length, 0);
    // This machine's senders, by either name, are taken.
    assert.equal((await post(port, '/v1/traces', realRequest().protobuf, { Host: `localhost:${port}` })).status, 200);
    assert.equal((await post(port, '/v1/traces', realRequest().protobuf)).status, 200);
    assert.equal(stored.length, 2);
  });

  it('gives 413 to a body over the size limit, declared or not', async () => {
    const big = Buffer.alloc(100 * 1024, 1);
    const a = await post(port, '/v1/traces', big);
    assert.equal(a.status, 413);
    assert.match(status(a).message ?? '', /at most 65536/);
    // Chunked, so no Content-Length to refuse on: counted as it arrives.
    const chunked = await new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/traces',
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(10 * 1024, 2));
      req.end();
    });
    assert.equal(chunked.status, 413);
    assert.equal(stored.length, 0);
    await stillServes();
  });

  it('gives 413 to a gzip bomb (small on the wire, huge unzipped) without unzipping it all', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0));
    assert.ok(bomb.length < 64 * 1024, `the bomb is ${bomb.length} bytes on the wire`);
    const before = process.memoryUsage().rss;
    const a = await post(port, '/v1/traces', bomb, { 'Content-Encoding': 'gzip' });
    assert.equal(a.status, 413);
    assert.match(status(a).message ?? '', /unzips to more than 262144 bytes/);
    assert.ok(process.memoryUsage().rss - before < 40 * 1024 * 1024, 'the 50 MB were never held');
    const notGzip = await post(port, '/v1/traces', Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' });
    assert.equal(notGzip.status, 400);
    assert.match(status(notGzip).message ?? '', /not valid gzip/);
    await stillServes();
  });

  it('answers partial success when some spans have no valid ids, and keeps the rest', async () => {
    const body = JSON.parse(realRequest(3).json.toString());
    const spans = body.resourceSpans[0].scopeSpans[0].spans;
    spans[1].spanId = '';
    spans[2].traceId = 'zz';
    const a = await post(port, '/v1/traces', JSON.stringify(body), { 'Content-Type': 'application/json' });
    assert.equal(a.status, 200);
    const answer = JSON.parse(a.body.toString());
    assert.equal(answer.partialSuccess.rejectedSpans, '2');
    assert.equal(
      answer.partialSuccess.errorMessage,
      `2 spans rejected: span "${spans[1].name}" has no valid spanId; span "${spans[2].name}" has no valid traceId`,
    );
    assert.equal(stored.flatMap((b) => b.spans).length, 1);
  });

  it('times out a slow sender (408) and keeps serving others meanwhile', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\n');
    socket.write(Buffer.alloc(10));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    await stillServes();
    await new Promise((r) => socket.once('close', r));
    assert.match(answer, /^HTTP\/1\.1 408/, `answered: ${JSON.stringify(answer.slice(0, 40))}`);
    assert.equal(stored.length, 1, 'only the good request was stored');
  });

  it('names a port that is taken', async () => {
    const other = new OtlpReceiver({ port, sink: async () => undefined });
    await assert.rejects(
      other.start(),
      (e: unknown) => e instanceof PortInUseError && e.port === port && /Port \d+ is already in use/.test(e.message),
    );
    await stillServes();
  });

  it('answers 503 when the batch cannot be stored, so the sender retries; nothing is acknowledged unstored', async () => {
    sink = async () => {
      throw new Error('disk full');
    };
    const a = await post(port, '/v1/traces', realRequest().protobuf);
    assert.equal(a.status, 503);
    assert.match(status(a).message ?? '', /Could not store the batch: disk full/);
  });

  it('stopped mid-request: a batch being stored is finished and acknowledged; the receiver then refuses connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inSink = new Promise<void>((r) => (entered = r));
    sink = async (b) => {
      entered();
      await gate;
      stored.push(b);
    };
    const pending = post(port, '/v1/traces', realRequest().protobuf);
    await inSink;
    const stopping = receiver.stop(5_000);
    setTimeout(release, 100);
    const a = await pending;
    await stopping;
    assert.equal(a.status, 200, 'acknowledged after it was stored');
    assert.equal(stored.flatMap((b) => b.spans).length, 3);
    await assert.rejects(post(port, '/v1/traces', realRequest().protobuf), /ECONNREFUSED/);
  });

  it('stopped while a body is still arriving: the sender gets no acknowledgement and nothing is stored', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\nabc');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    await receiver.stop(100);
    await new Promise((r) => (socket.destroyed ? r(undefined) : socket.once('close', r)));
    assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
    assert.equal(stored.length, 0);
  });
});
