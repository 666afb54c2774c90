// Issue 11, finding 4 (the Foundry half): a streamed answer grows chunk by chunk, and each chunk
// is delivered as a snapshot of the whole answer so far. That snapshot must cost the same however
// long the answer has grown: here a 1 MB answer arrives in 50-byte pieces, and the work counted is
// what deep copies (structuredClone) were asked to copy — once ~10 GB, now nothing.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { createProvider } from '../../src/providers';
import { startRecorder, type Recorder } from './recorder';

const AGENT = 'ri.aip-agents..agent.big';

describe('Foundry streamed answers cost the same per chunk however long they grow (issue 11, finding 4)', () => {
  let server: Recorder;
  const answer = 'lorem ipsum dolor sit amet, consectetur adipiscing '.repeat(20_000).slice(0, 1_000_000);
  before(async () => {
    server = await startRecorder((req, res) => {
      if (req.method === 'POST' && req.url?.includes('/streamingContinue')) {
        res.socket?.setNoDelay(true);
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        let at = 0;
        const next = () => {
          // 50 bytes per write, a turn of the event loop between them, so the client sees many chunks.
          if (at >= answer.length) return res.end();
          res.write(answer.slice(at, at + 50));
          at += 50;
          setImmediate(next);
        };
        return next();
      }
      if (req.method === 'POST' && req.url?.endsWith('/sessions?preview=true'))
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rid: 'ri.aip-agents..session.s1' }));
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorName":"NotFound"}');
    });
  });
  after(() => server.close());

  it('a 1 MB answer in 50-byte pieces: snapshots share the text, nothing is deep-copied, each delivery is its own object', async function () {
    this.timeout(60_000);
    const original = globalThis.structuredClone;
    let copied = 0;
    globalThis.structuredClone = ((value: unknown, options?: StructuredSerializeOptions) => {
      copied += JSON.stringify(value)?.length ?? 0;
      return original(value, options);
    }) as typeof structuredClone;
    const deliveries: SessionEvent[] = [];
    let result;
    try {
      const provider = createProvider({ id: 'f', kind: 'foundry', label: 'Foundry', baseUrl: server.url }, 'tok-foundry-0123456789', {
        maxRetries: 0,
      });
      result = await provider.sendMessage!({ agentId: AGENT, message: 'write a lot' }, (e) => deliveries.push(e));
    } finally {
      globalThis.structuredClone = original;
    }
    const growth = deliveries.filter((e): e is Extract<SessionEvent, { kind: 'assistant_message' }> => e.kind === 'assistant_message');
    assert.ok(growth.length > 100, `${growth.length} deliveries: the stream did not arrive in pieces`);
    assert.equal(growth.at(-1)!.text, answer);
    assert.equal(
      new Set(growth).size,
      growth.length,
      'a delivery was handed out twice (a later chunk would change what the consumer kept)',
    );
    for (let i = 1; i < growth.length; i += Math.ceil(growth.length / 50))
      assert.ok(growth[i]!.text.length > growth[i - 1]!.text.length || growth[i]!.text === growth[i - 1]!.text);
    assert.ok(copied <= 4 * answer.length, `deep copies were asked to copy ${copied} characters for a ${answer.length}-character answer`);
    assert.equal((result.events.find((e) => e.kind === 'assistant_message') as { text: string }).text, answer);
  });
});
