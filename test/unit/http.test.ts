// The shared network layer against the simulator on 127.0.0.1: retries (and when not to),
// Retry-After, timeouts, cancellation the server really sees, error messages, redaction.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHttpClient,
  parseRetryAfter,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  redactUrl,
  type HttpClient,
} from '../../src/providers/http';
import { endsInsideValue, networkError } from '../../src/providers/http/errors';
import { isCancelled } from '../../src/providers';
import { captureLog, hits, tokenPieces, useSimulator, type CapturedLog } from '../simulator/testing';
import { PIPER_KITCHEN_SINK_SESSION } from '../simulator/data/piper';
import { rejects } from './helpers';

const SESSION_PATH = `/v1/orgs/5f1c2a9e-0b7d-4c3e-9a41-6d2f8e7b1c00/responses/sessions/${PIPER_KITCHEN_SINK_SESSION}/events`;

describe('http client (against the simulator)', () => {
  const env = useSimulator();
  let piper: HttpClient;
  let agno: HttpClient;

  const make = (base: string, extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
    createHttpClient({
      baseUrl: base,
      token: env.sim.token,
      providerName: 'Piper',
      log: env.log,
      maxRetries: 3,
      timeoutMs: 5000,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });

  beforeEach(() => {
    piper = make(env.sim.baseUrls.piper);
    agno = make(env.sim.baseUrls.agno, { providerName: 'Agno AgentOS' });
  });

  it('sends the Bearer token, parses JSON and logs method, URL, status and time', async () => {
    const data = (await piper.get(SESSION_PATH)) as { runs: unknown[] };
    assert.equal(data.runs.length, 2);
    assert.equal(env.sim.requests[0]!.auth, 'ok');
    const outcome = env.log.lines.find((l) => l.level === 'info');
    assert.match(outcome!.message, new RegExp(`^GET http://127\\.0\\.0\\.1:${env.sim.port}/piper/v1/orgs/.+/events → 200 in \\d+ ms$`));
    // The header is logged, with its value masked.
    assert.ok(env.log.lines.some((l) => l.level === 'trace' && l.message.includes('Authorization: ***')));
  });

  it('retries a 429 after the Retry-After the server asked for, then succeeds', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'status', status: 429, retryAfter: 1 } });
    const started = Date.now();
    await piper.get(SESSION_PATH);
    const waited = Date.now() - started;
    assert.equal(hits(env.sim, '/events'), 2);
    assert.ok(waited >= 950, `waited only ${waited} ms despite Retry-After: 1`);
    assert.ok(
      env.log.lines.some((l) => l.level === 'warn' && /→ 429 .*Retry-After 1000 ms.*retry 1\/3 in 1000 ms/.test(l.message)),
      env.log.text(),
    );
    assert.ok(
      env.log.lines.some((l) => l.level === 'info' && /→ 200 .*\(retry 1\/3\)/.test(l.message)),
      env.log.text(),
    );
  });

  it('retries 500s with backoff, then succeeds', async () => {
    env.sim.setFault({ match: '/events', times: 2, fault: { kind: 'status', status: 500 } });
    const data = (await piper.get(SESSION_PATH)) as { runs: unknown[] };
    assert.equal(data.runs.length, 2);
    assert.equal(hits(env.sim, '/events'), 3);
  });

  it('retries a dropped connection, then succeeds', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'drop' } });
    await piper.get(SESSION_PATH);
    assert.equal(hits(env.sim, '/events'), 2);
    assert.ok(
      env.log.lines.some((l) => l.level === 'warn' && /ECONNRESET|socket hang up/.test(l.message)),
      env.log.text(),
    );
  });

  it('retries PUT and DELETE (idempotent) but never POST', async () => {
    env.sim.setFault({ match: '/responses', times: 1, fault: { kind: 'status', status: 503 } });
    const e = await rejects(piper.post('/v1/orgs/5f1c2a9e-0b7d-4c3e-9a41-6d2f8e7b1c00/responses/', { agent_id: 'x' }));
    assert.equal(e.code, 'server');
    assert.equal(hits(env.sim, '/responses'), 1);

    env.sim.clearRequests();
    env.sim.setFault({ match: '/responses', times: 1, fault: { kind: 'drop' } });
    const dropped = await rejects(piper.post('/v1/orgs/5f1c2a9e-0b7d-4c3e-9a41-6d2f8e7b1c00/responses/', { agent_id: 'x' }));
    assert.equal(dropped.code, 'network');
    assert.equal(hits(env.sim, '/responses'), 1);

    env.sim.clearRequests();
    env.sim.setFault({ match: '/sessions/x', times: 1, fault: { kind: 'status', status: 500 } });
    // The second attempt reaches the router, which has no DELETE route: 405, not retried.
    const del = await rejects(agno.delete('/sessions/x'));
    assert.equal(del.details?.status, 405);
    assert.equal(hits(env.sim, '/sessions/x'), 2);
  });

  it('gives up after maxRetries with a rate-limit message', async () => {
    env.sim.setFault({ match: '/events', fault: { kind: 'status', status: 429, retryAfter: 0 } });
    const e = await rejects(piper.get(SESSION_PATH));
    assert.equal(e.code, 'rate_limited');
    assert.equal(e.details?.action, 'retry');
    assert.match(e.message, /^Piper is limiting requests \(429\) after 3 retries\. It asks to wait 0 s\. Wait a moment, then retry\.$/);
    assert.equal(hits(env.sim, '/events'), 4);
  });

  it('does not sit through a Retry-After longer than the cap', async () => {
    env.sim.setFault({ match: '/events', fault: { kind: 'status', status: 503, retryAfter: 120 } });
    const started = Date.now();
    const e = await rejects(piper.get(SESSION_PATH));
    assert.ok(Date.now() - started < 1000);
    assert.equal(e.code, 'server');
    assert.equal(hits(env.sim, '/events'), 1);
    assert.match(e.message, /server error \(503\)/);
  });

  it('times out with a message naming the setting, and the server sees the socket close', async () => {
    const slow = make(env.sim.baseUrls.piper, { timeoutMs: 300 });
    env.sim.setFault({ match: '/events', fault: { kind: 'delay', ms: 5000 } });
    const e = await rejects(slow.get(SESSION_PATH));
    assert.equal(e.code, 'timeout');
    assert.equal(
      e.message,
      `Piper gave no answer within 0.3 s (GET ${`/piper${SESSION_PATH}`}) — the server may be slow; raise agentInspector.requestTimeoutSeconds or retry.`,
    );
    // Not retried: a slow server stays slow.
    assert.equal(hits(env.sim, '/events'), 1);
    const seen = await env.sim.waitForRequest((r) => r.path.endsWith('/events') && r.clientClosed, 2000);
    assert.ok(seen.clientClosed);
  });

  it('cancels a request in flight: rejects as cancelled and the server sees the connection close', async () => {
    env.sim.setFault({ match: '/events', fault: { kind: 'delay', ms: 10_000 } });
    const controller = new AbortController();
    const pending = piper.get(SESSION_PATH, { signal: controller.signal });
    await env.sim.waitForRequest((r) => r.path.endsWith('/events'));
    const abortedAt = Date.now();
    controller.abort();
    const e = await rejects(pending);
    assert.ok(isCancelled(e));
    assert.ok(Date.now() - abortedAt < 500, 'cancellation took too long');
    const seen = await env.sim.waitForRequest((r) => r.path.endsWith('/events') && r.clientClosed, 2000);
    assert.equal(seen.done, true);
    assert.equal(seen.status, undefined, 'the server never got to answer');
  });

  it('cancels while waiting to retry', async () => {
    env.sim.setFault({ match: '/events', fault: { kind: 'status', status: 500 } });
    const slowRetry = make(env.sim.baseUrls.piper, { retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    const controller = new AbortController();
    const pending = slowRetry.get(SESSION_PATH, { signal: controller.signal });
    await env.sim.waitForRequest((r) => r.path.endsWith('/events') && r.done);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const e = await rejects(pending);
    assert.equal(e.code, 'cancelled');
    assert.ok(Date.now() - started < 1000);
    assert.equal(hits(env.sim, '/events'), 1);
  });

  it('maps 401 to an auth error that offers Set Token…', async () => {
    const wrong = make(env.sim.baseUrls.piper, { token: 'pat_wrong_token_1234567890' });
    const e = await rejects(wrong.get(SESSION_PATH));
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.equal(e.details?.status, 401);
    assert.equal(e.message, 'Piper rejected the token (401) — run "Set Token…" to enter a new one. Server said: Invalid or expired token');
    // 401 is not retried.
    assert.equal(hits(env.sim, '/events'), 1);
  });

  it('maps 404 with the thing asked for and the provider detail (Foundry error shape)', async () => {
    const foundry = make(`${env.sim.baseUrls.foundry}/api`, { providerName: 'Foundry', defaultParams: { preview: 'true' } });
    const e = await rejects(foundry.get('/v2/aipAgents/agents/ri.aip-agents..agent.nope', { what: 'agent "ri.aip-agents..agent.nope"' }));
    assert.equal(e.code, 'not_found');
    assert.match(e.message, /^Foundry has no agent "ri\.aip-agents\.\.agent\.nope" \(404\)/);
    assert.match(e.message, /Server said: AgentNotFound \(NOT_FOUND\): agentRid=ri\.aip-agents\.\.agent\.nope/);
  });

  it('maps 422 to a validation error with FastAPI locations', async () => {
    const e = await rejects(agno.get('/sessions', { params: { limit: 0 } }));
    assert.equal(e.code, 'validation');
    assert.equal(
      e.message,
      'Agno AgentOS refused the request GET /agno/sessions (422): query.limit: Input should be greater than or equal to 1.',
    );
  });

  it('maps 400 with Foundry parameters to a validation error', async () => {
    const foundry = make(`${env.sim.baseUrls.foundry}/api`, { providerName: 'Foundry' });
    const e = await rejects(foundry.get('/v2/aipAgents/agents/allSessions'));
    assert.equal(e.code, 'validation');
    assert.match(e.message, /ApiFeaturePreviewUsageOnly \(INVALID_ARGUMENT\)/);
  });

  it('reports a truncated body clearly, without retrying', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'truncate' } });
    const e = await rejects(piper.get(SESSION_PATH));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /^Piper sent an incomplete answer for GET \/piper\/v1\/.+: the JSON stops after \d+ characters \(truncated\)/);
    assert.equal(hits(env.sim, '/events'), 1);
  });

  it('reports invalid JSON clearly', async () => {
    env.sim.setFault({ match: '/agents', times: 1, fault: { kind: 'invalid_json' } });
    const e = await rejects(agno.get('/agents'));
    assert.equal(e.code, 'bad_response');
    assert.match(
      e.message,
      /^Agno AgentOS sent an answer that is not valid JSON for GET \/agno\/agents \(.+\); it starts with "\[\{"id":"basic-agent"/,
    );
  });

  it('applies a fault from the X-Sim-Fault header too (for people using curl)', async () => {
    const res = await new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
      http
        .get(`${env.sim.baseUrls.agno}/agents`, { headers: { 'X-Sim-Fault': 'status=429;retryAfter=7' } }, (r) => {
          r.resume();
          resolve({ status: r.statusCode!, retryAfter: r.headers['retry-after'] as string });
        })
        .on('error', reject);
    });
    assert.deepEqual(res, { status: 429, retryAfter: '7' });
  });

  it('names the host when nothing listens there (ECONNREFUSED)', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = make(`http://127.0.0.1:${port}`, { maxRetries: 1 });
    const e = await rejects(c.get('/x'));
    assert.equal(e.code, 'network');
    assert.equal(
      e.message,
      `Nothing accepts connections at 127.0.0.1:${port} (ECONNREFUSED) (gave up after 1 retry) — is Piper running there? Check the connection's base URL.`,
    );
  });

  it('explains a TLS failure (https:// to a plain HTTP server)', async () => {
    const c = make(env.sim.baseUrls.piper.replace('http://', 'https://'), { maxRetries: 0 });
    const e = await rejects(c.get(SESSION_PATH));
    assert.equal(e.code, 'network');
    assert.match(
      e.message,
      new RegExp(
        `^The secure connection to 127\\.0\\.0\\.1:${env.sim.port} failed \\(ERR_SSL_WRONG_VERSION_NUMBER: wrong version number\\) — the certificate is not trusted or the host does not speak HTTPS`,
      ),
    );
  });

  it('never puts the token into a message or a log line, even when the server echoes it', async () => {
    env.sim.setFault({
      match: '/events',
      fault: { kind: 'status', status: 500, body: { detail: `token ${env.sim.token} is over quota`, echo: `Bearer ${env.sim.token}` } },
    });
    const e = await rejects(piper.get(`${SESSION_PATH}?api_key=${env.sim.token}`));
    assert.deepEqual(tokenPieces(env.sim.token, e.message), [], e.message);
    assert.match(e.message, /token \*\*\* is over quota/);
    assert.deepEqual(tokenPieces(env.sim.token, JSON.stringify(e.details ?? {})), []);
    assert.ok(
      env.log.lines.some((l) => l.message.includes('api_key=***')),
      env.log.text(),
    );
  });
});

describe('http helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(['2']), 2000);
    const now = Date.parse('2025-10-01T12:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Oct 2025 12:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Wed, 01 Oct 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('backs off exponentially with jitter, capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(
      backoffDelay(0, p, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(0, p, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(2, p, () => 1),
      400,
    );
    assert.equal(
      backoffDelay(10, p, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(10, p, () => 0),
      500,
    );
  });

  it('words DNS failures with the host name', () => {
    const e = networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.invalid', {
      providerName: 'Piper',
      method: 'GET',
      path: '/v1',
      host: 'api.example.invalid',
      hasToken: true,
      timeoutMs: 30000,
      retries: 0,
      secrets: [],
    });
    assert.equal(e.code, 'network');
    assert.equal(e.details?.action, 'editConnection');
    assert.equal(
      e.message,
      'Cannot find the host "api.example.invalid" (ENOTFOUND) — check the connection\'s base URL and your network or VPN.',
    );
  });

  it('tells a cut-off body from a malformed complete one', () => {
    assert.equal(endsInsideValue('{"a":"b'), true);
    assert.equal(endsInsideValue('[{"id":"x","members":[{"id"'), true);
    assert.equal(endsInsideValue('[1,2'), true);
    assert.equal(endsInsideValue('{"a":1,}'), false);
    assert.equal(endsInsideValue('{"s":"quote \\" and } brace"}'), false);
  });

  it('redacts credentials in URLs but keeps page tokens', () => {
    assert.equal(
      redactUrl('https://u:p@h.example/x?token=abc&pageToken=xyz&api_key=k', []),
      'https://***:***@h.example/x?token=***&pageToken=xyz&api_key=***',
    );
    assert.equal(redactUrl('https://h.example/sessions/SECRET123', ['SECRET123']), 'https://h.example/sessions/***');
  });
});

describe('http client: streamed answers (a local server that controls every byte)', () => {
  const TOKEN = 'pat_stream_secret_0123456789abcdef';
  let server: http.Server;
  let base: string;
  let log: CapturedLog;
  let requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string; closedEarly: boolean }>;
  /** How the next request is answered. */
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
  const client = (extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
    createHttpClient({
      baseUrl: base,
      token: TOKEN,
      providerName: 'Agno AgentOS',
      log,
      maxRetries: 3,
      timeoutMs: 2000,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = {
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          closedEarly: false,
        };
        requests.push(entry);
        res.on('close', () => {
          if (!res.writableFinished) entry.closedEarly = true;
        });
        void handler(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  beforeEach(() => {
    requests = [];
    log = captureLog();
  });
  afterEach(function () {
    assert.ok(!log.text().includes(TOKEN), `token leaked into the log:\n${log.text()}`);
    if (this.currentTest?.state === 'failed') console.log(log.text());
  });

  it('hands each chunk over as it arrives, sending the form, Accept and the Bearer token', async () => {
    const written: number[] = [];
    handler = async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      for (const part of ['event: A\n', 'data: 1\n\n', 'event: B\ndata: 2\n\n']) {
        written.push(Date.now());
        res.write(part);
        await sleep(80);
      }
      res.end();
    };
    const got: Array<{ text: string; at: number }> = [];
    const res = await client().stream('POST', '/agents/a/runs', {
      form: new URLSearchParams({ message: 'hé & co', stream: 'true' }),
      accept: 'text/event-stream',
      onChunk: (c) => got.push({ text: Buffer.from(c).toString(), at: Date.now() }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.bytes, Buffer.byteLength('event: A\ndata: 1\n\nevent: B\ndata: 2\n\n'));
    assert.equal(got.map((g) => g.text).join(''), 'event: A\ndata: 1\n\nevent: B\ndata: 2\n\n');
    assert.equal(got.length, 3, 'one chunk per write');
    // Each chunk arrived before the server wrote the next one: streamed, not buffered.
    for (let i = 0; i < 2; i++) assert.ok(got[i]!.at < written[i + 1]!, `chunk ${i} was handed over before chunk ${i + 1} was written`);
    const [req] = requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req!.headers.accept, 'text/event-stream');
    assert.equal(req!.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(req!.body)), { message: 'hé & co', stream: 'true' });
    assert.ok(
      log.lines.some((l) => /POST .*\/agents\/a\/runs → 200, \d+ bytes streamed in \d+ ms/.test(l.message)),
      log.text(),
    );
  });

  it('sends a JSON body as JSON', async () => {
    handler = (_req, res) => res.end('ok');
    await client().stream('POST', '/x', { body: { userInput: { text: 'hi' } }, onChunk: () => {} });
    assert.equal(requests[0]!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(requests[0]!.body), { userInput: { text: 'hi' } });
  });

  it('explains an error status from its body, and never retries the POST', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: `model backend down (key ${TOKEN})` }));
    };
    const e = await rejects(client().stream('POST', '/agents/a/runs', { onChunk: () => assert.fail('no chunk of an error body') }));
    assert.equal(e.code, 'server');
    assert.equal(e.details?.action, 'retry');
    assert.match(e.message, /server error \(500\) on POST \/agents\/a\/runs.*model backend down \(key \*\*\*\)/);
    assert.equal(requests.length, 1);
    handler = (_req, res) => {
      res.writeHead(422, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: [{ loc: ['body', 'message'], msg: 'Field required', type: 'missing' }] }));
    };
    const v = await rejects(client().stream('POST', '/agents/a/runs', { onChunk: () => {} }));
    assert.equal(v.code, 'validation');
    assert.match(v.message, /body\.message: Field required/);
  });

  it('gives up on a stream that goes silent for longer than the idle limit; the server sees the close', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('data: first\n\n');
      // …and nothing more.
    };
    const got: string[] = [];
    const started = Date.now();
    const e = await rejects(client().stream('POST', '/s', { idleTimeoutMs: 150, onChunk: (c) => got.push(Buffer.from(c).toString()) }));
    assert.equal(e.code, 'timeout');
    assert.equal(e.details?.action, 'retry');
    assert.match(e.message, /^Agno AgentOS stopped sending its answer: nothing arrived for 0\.2 s \(POST \/s\)/);
    assert.deepEqual(got, ['data: first\n\n']);
    assert.ok(Date.now() - started < 1500);
    await sleep(50);
    assert.equal(requests[0]!.closedEarly, true);
  });

  it('a slow start is bounded by the request timeout, not the idle limit', async () => {
    handler = async (_req, res) => {
      await sleep(400);
      res.end('late but fine');
    };
    const e = await rejects(client({ timeoutMs: 150 }).stream('POST', '/s', { idleTimeoutMs: 5000, onChunk: () => {} }));
    assert.equal(e.code, 'timeout');
    assert.match(e.message, /gave no answer within 0\.2 s/);
    const ok: string[] = [];
    await client({ timeoutMs: 2000 }).stream('POST', '/s', { idleTimeoutMs: 100, onChunk: (c) => ok.push(Buffer.from(c).toString()) });
    assert.deepEqual(ok, ['late but fine']);
  });

  it('Stop mid-stream: rejects as cancelled at once, and the server sees the connection close', async () => {
    handler = async (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 100 && !res.destroyed; i++) {
        res.write(`data: ${i}\n\n`);
        await sleep(20);
      }
      res.end();
    };
    const controller = new AbortController();
    let chunks = 0;
    const pending = client().stream('POST', '/s', {
      signal: controller.signal,
      onChunk: () => {
        if (++chunks === 3) controller.abort();
      },
    });
    const e = await rejects(pending);
    assert.ok(isCancelled(e));
    assert.equal(chunks, 3);
    await sleep(50);
    assert.equal(requests[0]!.closedEarly, true);
    assert.equal(requests.length, 1);
  });

  it('a connection dropped mid-body is a network error that says the answer was cut', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('data: partial\n\n', () => res.destroy());
    };
    const got: string[] = [];
    const e = await rejects(client().stream('POST', '/s', { onChunk: (c) => got.push(Buffer.from(c).toString()) }));
    assert.equal(e.code, 'network');
    assert.equal(e.details?.action, 'retry');
    assert.match(e.message, /was dropped before Agno AgentOS finished answering/);
    assert.deepEqual(got, ['data: partial\n\n']);
    assert.equal(requests.length, 1, 'not retried');
  });

  it('a consumer that throws stops the request and its error comes back unchanged', async () => {
    handler = async (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 50 && !res.destroyed; i++) {
        res.write(`chunk ${i}`);
        await sleep(10);
      }
      res.end();
    };
    const boom = new Error('mapping failed');
    await assert.rejects(
      client().stream('POST', '/s', {
        onChunk: () => {
          throw boom;
        },
      }),
      (e) => e === boom,
    );
    await sleep(50);
    assert.equal(requests[0]!.closedEarly, true);
  });
});
