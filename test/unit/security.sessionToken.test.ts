// A server, an agent or a tool that echoes the connection's token into the session itself: the
// token is taken out where the provider's answer reaches the host (providers/redacting.ts), in
// every shape it takes, so neither the page, nor an export, nor what "/explain" sends to a model
// holds it — and "/explain" masks every stored token again, for sessions that came from a file.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildExplainPrompt, exportSession, withTotals, type Session } from '../../src/model';
import { eventChunks, toSessionHeader } from '../../src/protocol/header';
import { packEvents } from '../../src/protocol/packed';
import { createProvider } from '../../src/providers';
import { streamMasker } from '../../src/providers/http/redact';
import { redactDeep, redactingProvider } from '../../src/providers/redacting';
import type { SessionProvider } from '../../src/providers/types';
import { formsOf, maskForms, secretForms } from '../../src/model/secretForms';
import { tokenPieces } from '../simulator/testing';
import { pathsOf, type Json, type Path } from './readerProperties';
import { startRecorder, type Recorder } from './recorder';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 100 };
const TOKEN = 'agno_sk-Kp4rT8vW2yZb6nQc0mLs/+=';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The shapes a token is echoed in: as it is, in a URL, in a Basic header, in base64url, in JSON text. */
const echoes: Array<[string, (token: string, before: string) => string]> = [
  ['as it is', (t, before) => `${before}${t}`],
  ['URL-encoded', (t, before) => `https://x.example/cb?${before}&token=${encodeURIComponent(t)}`],
  ['form-encoded', (t) => `token=${encodeURIComponent(t).replace(/%20/g, '+')}`],
  ['in a Basic header', (t, before) => `Authorization: Basic ${b64(`${before}:${t}`)}`],
  ['base64url after some bytes', (t, before) => b64url(`${before}${t}.sig`)],
  ['JSON text', (t, before) => JSON.stringify({ before, headers: { authorization: t } })],
];

/** Every string of a value, object keys included. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  return out;
}

/** Which forms of the token a text or a value still holds (none, we want). */
function leaks(token: string, what: unknown): string[] {
  const texts = typeof what === 'string' ? [what] : stringsOf(what);
  return secretForms(token).filter((f) => texts.some((t) => t.includes(f)));
}

/** Does a base64 text, decoded, still hold a piece of the token? */
function decodesToPiece(token: string, text: string): boolean {
  for (const enc of ['base64', 'base64url'] as const)
    for (const cut of [0, 1, 2, 3]) {
      const decoded = Buffer.from(text.slice(cut).replace(/[^A-Za-z0-9+/_-]/g, ''), enc).toString('latin1');
      if (tokenPieces(token, decoded, 6).length) return true;
    }
  return false;
}

function providerOf(session: Session): SessionProvider {
  return {
    connection: { id: 'c', kind: 'agno', label: 'Agno' },
    listAgents: async () => [{ id: session.agentId ?? 'a', name: session.agentName ?? 'Agent', raw: session.raw }],
    listSessions: async () => ({ items: [{ id: session.id, agentId: 'a', title: session.title }] }),
    getSession: async () => session,
  };
}

/** What the page of the inspector is sent for a session: its header and its packed event chunks. */
function pageGets(session: Session): string[] {
  const decoder = new TextDecoder();
  const texts = stringsOf(toSessionHeader(session, 'Agno'));
  for (const chunk of eventChunks(session, 7, 3)) {
    const m = packEvents(chunk) as { json: Uint8Array };
    texts.push(...stringsOf(JSON.parse(decoder.decode(m.json))));
  }
  return texts;
}

describe("the connection's own token never reaches the page, an export or a model prompt", () => {
  let server: Recorder | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('each shape of an echoed token is masked, and what is left decodes to no piece of it', () => {
    for (const [name, echo] of echoes)
      for (const before of ['', 'u', 'us', 'use', 'user', 'x'.repeat(17)]) {
        const text = echo(TOKEN, before);
        const masked = maskForms(text, formsOf([TOKEN]));
        assert.notEqual(masked, text, `${name} after "${before}" is found`);
        assert.deepEqual(leaks(TOKEN, masked), [], `${name} after "${before}": ${masked}`);
        if (name.includes('base64') || name.includes('Basic'))
          assert.ok(
            !decodesToPiece(TOKEN, masked.replace(/^Authorization: Basic /, '')),
            `${name} after "${before}" decodes to a piece: ${masked}`,
          );
      }
  });

  it('a session without the token comes through as the very same object (the common case costs one look)', async () => {
    const session = withTotals({ id: 's', provider: 'agno', title: 'Clean', metadata: { a: 1 }, runs: [{ id: 'r', events: [] }] });
    assert.equal(await redactingProvider(providerOf(session), TOKEN).getSession('a', 's'), session);
    assert.equal(redactDeep(session, formsOf([TOKEN])), session);
  });

  it('a streamed answer that spells the token out byte by byte shows none of it in any delivery', async () => {
    const answer = `Your key is ${TOKEN}, keep it safe. Encoded: ${b64(`me:${TOKEN}`)}.`;
    server = await startRecorder((req, res) => {
      if (req.method === 'POST' && req.url?.includes('/streamingContinue')) {
        res.socket?.setNoDelay(true);
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let at = 0;
        const next = () => (at >= answer.length ? res.end() : (res.write(answer[at++]), setTimeout(next, 1)));
        return next();
      }
      if (req.method === 'POST' && req.url?.endsWith('/sessions?preview=true'))
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rid: 'ri.aip-agents..session.s1' }));
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorName":"NotFound"}');
    });
    const provider = createProvider({ id: 'f', kind: 'foundry', label: 'Foundry', baseUrl: server.url }, TOKEN, { maxRetries: 0 });
    const seen: string[] = [];
    const result = await provider.sendMessage!({ agentId: 'ri.aip-agents..agent.a', message: 'my key?' }, (e) => {
      if (e.kind === 'assistant_message') seen.push(e.text);
    });
    assert.ok(seen.length > 20, `${seen.length} deliveries: the answer did not stream in pieces`);
    for (const text of seen) {
      assert.deepEqual(tokenPieces(TOKEN, text, 4), [], text);
      assert.deepEqual(leaks(TOKEN, text), [], text);
    }
    const final = result.events.find((e) => e.kind === 'assistant_message') as { text: string };
    assert.equal(final.text, 'Your key is ***, keep it safe. Encoded: bWU6***Q==.');
    assert.equal(seen.at(-1), final.text);
  });

  it('a body in random pieces loses every form of the token and nothing else (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...echoes.map(([, echo]) => echo(TOKEN, 'u')))), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        (parts, cuts) => {
          const body = Buffer.from(parts.join(''), 'utf8');
          const masker = streamMasker(formsOf([TOKEN]));
          const out: Buffer[] = [];
          for (let at = 0, i = 0; at < body.length; i++) {
            const size = cuts[i % cuts.length]!;
            out.push(Buffer.from(masker.push(body.subarray(at, at + size))));
            at += size;
            const sofar = Buffer.concat(out).toString('utf8');
            assert.deepEqual(leaks(TOKEN, sofar), [], sofar);
            assert.deepEqual(tokenPieces(TOKEN, sofar, 4), [], sofar);
          }
          out.push(Buffer.from(masker.end()));
          const text = Buffer.concat(out).toString('utf8');
          assert.deepEqual(leaks(TOKEN, text), [], text);
          if (!leaks(TOKEN, body.toString('utf8')).length)
            assert.equal(text, body.toString('utf8'), 'a body without the token is handed on as it came');
        },
      ),
      RUNS,
    );
  });

  // A random session, the token planted in any of its strings or keys — content, titles, ids,
  // raw payloads, metadata — in any of its shapes.
  const token = fc
    .string({ unit: fc.constantFrom(...'abcXYZ0189-_.~+/=:"\\ é€'.split('')), minLength: 8, maxLength: 48 })
    .filter((t) => t.trim() === t && t.length >= 8);
  const payload = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
  const event = fc.oneof(
    fc.record({ kind: fc.constant('user_message'), text: fc.string() }),
    fc.record({ kind: fc.constant('assistant_message'), text: fc.string(), raw: payload }),
    fc.record({ kind: fc.constant('tool_call'), name: fc.string({ minLength: 1 }), callId: fc.string(), arguments: payload }),
    fc.record({ kind: fc.constant('tool_result'), name: fc.string(), result: payload, isError: fc.boolean() }),
    fc.record({ kind: fc.constant('error'), message: fc.string(), code: fc.string() }),
    fc.record({ kind: fc.constant('other'), type: fc.string(), fields: fc.dictionary(fc.string(), payload) }),
  );
  const session = fc
    .record({
      title: fc.string(),
      agentName: fc.string(),
      metadata: fc.dictionary(fc.string(), payload),
      raw: payload,
      runs: fc.array(fc.record({ title: fc.string(), events: fc.array(event, { maxLength: 6 }) }), { minLength: 1, maxLength: 3 }),
    })
    .map(
      (s) =>
        ({
          id: 's1',
          provider: 'agno',
          agentId: 'a1',
          ...s,
          runs: s.runs.map((r, i) => ({
            id: `r${i}`,
            title: r.title,
            events: r.events.map((e, j) => ({ id: `e${i}.${j}`, runId: `r${i}`, ...e })),
          })),
        }) as unknown as Json,
    );
  const FREE = new Set(['metadata', 'raw', 'arguments', 'result', 'fields']);
  const valueAt = (root: Json, path: Path) => path.reduce<Json>((n, p) => (n as Record<string | number, Json>)[p as never]!, root);
  /** Where the token can be written: any string, and anything (a key too) inside a payload of the provider's. */
  const plantable = (root: Json) =>
    pathsOf(root).filter((p) => {
      const last = p[p.length - 1];
      if (last === 'kind' || last === 'provider') return false;
      return typeof valueAt(root, p) === 'string' || p.slice(0, -1).some((k) => typeof k === 'string' && FREE.has(k));
    });

  function plant(root: Json, path: Path, text: string, asKey: boolean): Json {
    const copy = structuredClone(root) as Json;
    const node = valueAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
    const key = path[path.length - 1]!;
    const inPayload = path.slice(0, -1).some((k) => typeof k === 'string' && FREE.has(k));
    if (asKey && inPayload && !Array.isArray(node)) {
      node[`${key}${text}`] = node[key]!;
      delete node[key];
    } else {
      const old = node[key as never] as Json;
      node[key as never] = (typeof old === 'string' ? `${old.slice(0, 3)}${text}${old.slice(3)}` : text) as never;
    }
    return copy;
  }

  it('wherever a random session holds the token, in whatever shape, no form of it is in what the page gets, the export or the prompt (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        token,
        session,
        fc.nat(),
        fc.nat({ max: echoes.length - 1 }),
        fc.string({ maxLength: 5 }),
        fc.boolean(),
        async (secret, base, at, shape, before, asKey) => {
          const paths = plantable(base);
          const planted = plant(base, paths[at % paths.length]!, echoes[shape]![1](secret, before), asKey);
          const original = withTotals(planted as unknown as Omit<Session, 'totals'>);
          const provider = redactingProvider(providerOf(original), secret);
          const got = await provider.getSession('a1', 's1');
          assert.deepEqual(leaks(secret, got), [], 'the session the host gets');
          assert.deepEqual(leaks(secret, pageGets(got)), [], 'what the page gets');
          assert.deepEqual(leaks(secret, JSON.parse(exportSession(got))), [], 'the export');
          assert.deepEqual(leaks(secret, await provider.listAgents()), [], 'the agents');
          assert.deepEqual(leaks(secret, await provider.listSessions('a1', undefined, 10)), [], 'the session list');
          const prompt = buildExplainPrompt(got, { budgetTokens: 1e6 });
          assert.deepEqual(leaks(secret, `${prompt.instructions}\n${prompt.session}`), [], 'the explain prompt');
          // A session file never went through a provider: "/explain" masks the stored tokens itself,
          // down to any 8-character piece.
          const direct = buildExplainPrompt(original, { budgetTokens: 1e6, secrets: [secret] });
          const text = `${direct.instructions}\n${direct.session}`;
          assert.deepEqual(leaks(secret, text), [], 'the explain prompt of the unredacted session');
          assert.deepEqual(tokenPieces(secret, text), [], 'a piece of the token in the explain prompt');
        },
      ),
      RUNS,
    );
  });
});
