// Issue 11: a request never leaves the connection's origin — not through a redirect, not through
// an id a server sent that looks like a URL. Each case counts the requests reaching a second
// local server: zero.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHttpClient, pathOf } from '../../src/providers/http';
import { createProvider } from '../../src/providers';
import { rejects } from './helpers';
import { pieces, startRecorder, type Recorder } from './recorder';

const TOKEN = 'tok-Hq2w9ErT5yUi8oPa3sDf';

describe("requests stay on the connection's origin (issue 11)", () => {
  let elsewhere: Recorder;
  const servers: Recorder[] = [];
  const serve = async (respond: Parameters<typeof startRecorder>[0]) => {
    const s = await startRecorder(respond);
    servers.push(s);
    return s;
  };
  beforeEach(async () => {
    elsewhere = await startRecorder((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  });
  afterEach(async () => {
    await elsewhere.close();
    while (servers.length) await servers.pop()!.close();
  });

  it('a redirect to another origin is not followed: the other server gets no request, and the message says why', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const home = await serve((req, res) => res.writeHead(status, { location: `${elsewhere.url}${req.url}` }).end());
      const http = createHttpClient({
        baseUrl: home.url,
        token: TOKEN,
        providerName: 'Agno AgentOS',
        maxRetries: 2,
        retry: { baseDelayMs: 1 },
      });
      const e = await rejects(http.get('/agents'));
      assert.equal(e.code, 'config', `status ${status}`);
      assert.match(e.message, /redirected GET \/agents to another host \(http:\/\/127\.0\.0\.1:\d+\); it was not followed/);
      assert.deepEqual(pieces(TOKEN, e.message), []);
      assert.equal(home.requests.length, 1, 'a refused redirect is not retried');
    }
    assert.equal(elsewhere.requests.length, 0, 'the other origin was reached');
  });

  it('a streamed request redirected elsewhere is refused too', async () => {
    const home = await serve((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/agents/a/runs` }).end());
    const http = createHttpClient({ baseUrl: home.url, token: TOKEN, providerName: 'Agno AgentOS' });
    const e = await rejects(http.stream('POST', '/agents/a/runs', { body: { message: 'hi' }, onChunk() {} }));
    assert.equal(e.code, 'config');
    assert.match(e.message, /another host/);
    assert.equal(elsewhere.requests.length, 0);
  });

  it('a redirect within the origin is followed, with the token, and a 303 becomes a GET', async () => {
    const home = await serve((req, res) => {
      if (req.url === '/agents') return res.writeHead(307, { location: '/agents/' }).end();
      if (req.url === '/runs' && req.method === 'POST') return res.writeHead(303, { location: '/runs/1' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: req.url, method: req.method }));
    });
    const http = createHttpClient({ baseUrl: home.url, token: TOKEN, providerName: 'Agno AgentOS' });
    assert.deepEqual(await http.get('/agents'), { at: '/agents/', method: 'GET' });
    assert.deepEqual(await http.post('/runs', { a: 1 }), { at: '/runs/1', method: 'GET' });
    assert.ok(home.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  it('a redirect loop within the origin ends with a clear message', async () => {
    const home = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const e = await rejects(createHttpClient({ baseUrl: home.url, providerName: 'Piper', maxRetries: 0 }).get('/a'));
    assert.match(e.message, /more than 5 times/);
  });

  it('ids a server sent, whatever they contain, never address another host (property)', async () => {
    const home = await serve((req, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: `no ${req.url}` })),
    );
    const host = new URL(elsewhere.url).host;
    const hostile = fc.constantFrom(
      elsewhere.url,
      `//${host}`,
      `@${host}`,
      `\\\\${host}`,
      `..`,
      `../..`,
      `%2e%2e/%2e%2e`,
      `http:${host}`,
      `/${host}`,
      `?x=@${host}`,
      `#@${host}`,
      `\u0000${host}`,
    );
    const http = createHttpClient({ baseUrl: `${home.url}/api`, token: TOKEN, providerName: 'Foundry', maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.string(), fc.webUrl()), fc.oneof(hostile, fc.string()), async (a, b) => {
        await http.get(pathOf`/sessions/${a}/runs/${b}`).then(
          () => undefined,
          () => undefined,
        );
      }),
      { numRuns: 120 },
    );
    assert.equal(elsewhere.requests.length, 0, `the other origin was reached: ${JSON.stringify(elsewhere.requests)}`);
    assert.ok(home.requests.length >= 120);
  });

  it('a provider response naming another host (Agno sessions with URL ids) sends nothing there', async () => {
    const host = new URL(elsewhere.url).host;
    const ids = [elsewhere.url, `//${host}/x`, `@${host}`, '..', '../../..'];
    const home = await serve((req, res) => {
      const json = (v: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (req.url?.startsWith('/agents')) return json([{ id: elsewhere.url, name: 'Agent' }]);
      if (req.url?.startsWith('/teams') || req.url?.startsWith('/workflows')) return json([]);
      if (req.url?.startsWith('/sessions?'))
        return json({
          data: ids.map((id) => ({ session_id: id, session_name: id })),
          meta: { page: 1, limit: 20, total_count: ids.length, total_pages: 1 },
        });
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Session not found"}');
    });
    const provider = createProvider({ id: 'a', kind: 'agno', label: 'Home', baseUrl: home.url }, TOKEN, { maxRetries: 0 });
    const [agent] = await provider.listAgents();
    assert.ok(agent);
    const page = await provider.listSessions(agent.id, undefined, 20);
    for (const s of page.items)
      await provider.getSession(agent.id, s.id).then(
        () => undefined,
        () => undefined,
      );
    assert.ok(page.items.length > 0);
    assert.equal(elsewhere.requests.length, 0);
  });

  it('a token never goes over http:// to a host other than this machine; without a token, or on loopback, http:// is fine (finding 8)', () => {
    for (const baseUrl of [
      'http://api.example.com',
      'http://192.168.1.20:7777',
      'http://10.0.0.1',
      'http://[fe80::1]:7777',
      'http://127.0.0.1.nip.io',
    ]) {
      assert.throws(
        () => createHttpClient({ baseUrl, token: TOKEN, providerName: 'Agno AgentOS' }),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'config');
          assert.match(e.message, /uses http:\/\/ to .*, which would send the token unencrypted — change it to https:\/\//);
          assert.deepEqual(pieces(TOKEN, e.message), []);
          return true;
        },
        baseUrl,
      );
    }
    for (const baseUrl of [
      'http://localhost:7777',
      'http://127.0.0.1:1',
      'http://127.1.2.3',
      'http://[::1]:7777',
      'http://agentos.localhost',
      'https://api.example.com',
    ]) {
      assert.doesNotThrow(() => createHttpClient({ baseUrl, token: TOKEN, providerName: 'Agno AgentOS' }), baseUrl);
    }
    assert.doesNotThrow(() => createHttpClient({ baseUrl: 'http://192.168.1.20:7777', providerName: 'Agno AgentOS' }));
  });
});
