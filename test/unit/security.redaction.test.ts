// Issue 11, finding 5: an error body that echoes the token and is cut to length inside it must
// not show the token's first characters. Redaction runs on the whole text, then it is cut; a
// message or log line never holds any 8-character piece of the token.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHttpClient, redactMessage } from '../../src/providers/http';
import { redactCut } from '../../src/providers/http/redact';
import { captureLog, tokenPieces } from '../simulator/testing';
import { rejects } from './helpers';
import { startRecorder, type Recorder } from './recorder';

const TOKEN = 'tok-Kp4rT8vW2yZb6nQc0mLs';

describe('no piece of a token in any message (issue 11, finding 5)', () => {
  let server: Recorder | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A client whose server answers `status` with `body` (text) to everything. */
  async function clientAnswering(status: number, body: string, contentType = 'application/json') {
    server = await startRecorder((_req, res) => res.writeHead(status, { 'content-type': contentType }).end(body));
    const log = captureLog();
    return { http: createHttpClient({ baseUrl: server.url, token: TOKEN, providerName: 'Piper', maxRetries: 0, log }), log };
  }

  for (const offset of [290, 295, 299]) {
    it(`a detail cut at 300 characters ${300 - offset} characters into the token shows none of it`, async () => {
      const { http, log } = await clientAnswering(401, JSON.stringify({ detail: `${'x'.repeat(offset)}${TOKEN} rest` }));
      const e = await rejects(http.get('/v1/x'));
      assert.equal(e.code, 'auth');
      assert.deepEqual(tokenPieces(TOKEN, e.message), [], e.message);
      assert.deepEqual(tokenPieces(TOKEN, log.text()), [], log.text());
    });
  }

  it('a plain-text error body cut inside the token shows none of it', async () => {
    const { http, log } = await clientAnswering(500, `${'y'.repeat(292)}${TOKEN}`, 'text/plain');
    const e = await rejects(http.get('/v1/x'));
    assert.deepEqual(tokenPieces(TOKEN, e.message + log.text()), []);
  });

  it('the start of a body that is not JSON is quoted without a piece of the token', async () => {
    const { http, log } = await clientAnswering(200, `${'z'.repeat(70)}${TOKEN}`, 'text/plain');
    const e = await rejects(http.get('/v1/x'));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /it starts with "z{70}\*\*\*/);
    assert.deepEqual(tokenPieces(TOKEN, e.message + log.text()), []);
  });

  it('a streamed error body read only up to its limit, ending inside the token, shows none of it', async () => {
    const { http, log } = await clientAnswering(500, JSON.stringify({ detail: `${'w'.repeat(64 * 1024 - 20)}${TOKEN}` }));
    const e = await rejects(http.stream('POST', '/v1/run', { body: {}, onChunk() {} }));
    assert.deepEqual(tokenPieces(TOKEN, e.message + log.text()), []);
  });

  it('a text cut off after any prefix of the token is masked (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.integer({ min: 4, max: TOKEN.length }), (before, k) => {
        const out = redactCut(before + TOKEN.slice(0, k), [TOKEN]);
        assert.deepEqual(
          tokenPieces(TOKEN, out, 4).filter((p) => !before.includes(p)),
          [],
        );
      }),
    );
  });

  it('any piece of 8 or more characters of the token is masked in a message, wherever it sits (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.nat(TOKEN.length - 8),
        fc.integer({ min: 8, max: TOKEN.length }),
        fc.string({ maxLength: 40 }),
        (a, from, len, b) => {
          const piece = TOKEN.slice(from, from + len);
          const out = redactMessage(`${a}${piece}${b}`, [TOKEN]);
          assert.deepEqual(
            tokenPieces(TOKEN, out).filter((p) => !(a + b).includes(p)),
            [],
            out,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
