// Received telemetry on disk: append-only and flushed before the receiver acknowledges, read back
// after a reload (a line cut short by a crash is skipped, the rest kept), bounded by size and age,
// emptied by Clear. Batches come from the real Node SDK through the receiver.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OtlpReceiver } from '../../../src/providers/otel/receiver';
import { STORE_FILE, TraceStore } from '../../../src/providers/otel/store';
import { NodeSender } from './nodeSender';

describe('received telemetry store', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-store-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function receive(store: TraceStore, turns: Array<{ conv?: string; q: string }>): Promise<string[]> {
    const receiver = new OtlpReceiver({ port: 0, sink: (b) => store.append(b.spans, b.logs) });
    const port = await receiver.start();
    const sender = new NodeSender(`http://127.0.0.1:${port}/v1/traces`, 'protobuf');
    const ids = turns.map(
      (t) => sender.turn({ naming: 'current', conversationId: t.conv, question: t.q, answer: 'ok', city: 'Paris' }).traceId,
    );
    await sender.shutdown();
    await receiver.stop();
    return ids;
  }

  it('keeps what was acknowledged across a reload, and tells which sessions changed', async () => {
    const store = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 });
    const changed: string[][] = [];
    store.onDidChange((ids) => changed.push(ids));
    await receive(store, [{ conv: 'c1', q: 'first' }, { conv: 'c1', q: 'second' }, { q: 'alone' }]);
    assert.equal(store.spanCount, 12);
    assert.deepEqual(new Set(changed.flat()).has('c1'), true);
    const before = store.sessions().map((s) => JSON.stringify(s));
    const again = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 });
    assert.deepEqual(
      again.sessions().map((s) => JSON.stringify(s)),
      before,
      'the same sessions after a reload',
    );
    assert.equal(again.summaries().find((s) => s.id === 'c1')?.title, 'first');
    assert.equal(again.agents()[0]?.name, 'Weather Agent');
  });

  it('skips a last line cut short by a crash and keeps the rest', async () => {
    const store = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 });
    await receive(store, [{ conv: 'c1', q: 'kept' }]);
    fs.appendFileSync(path.join(dir, STORE_FILE), '{"v":1,"at":17640000,"spans":[{"traceId":"ab');
    const again = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 });
    assert.equal(again.skippedLines, 1);
    assert.equal(again.spanCount, 4);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, STORE_FILE), 'utf8'), /"traceId":"ab$/, 'the torn line is gone from the file');
  });

  it('drops the oldest batches beyond the size limit, and batches older than the age limit', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const store = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7, now: () => now });
    await receive(store, [{ conv: 'old', q: 'old' }]);
    now += 8 * 86_400_000;
    await receive(store, [{ conv: 'new', q: 'new' }]);
    const aged = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7, now: () => now });
    assert.deepEqual(
      aged.sessions().map((s) => s.id),
      ['new'],
    );
    const size = fs.statSync(path.join(dir, STORE_FILE)).size;
    const small = await TraceStore.open({ dir, maxBytes: size, maxAgeDays: 0, now: () => now });
    await receive(small, [{ conv: 'newest', q: 'newest' }]);
    assert.ok(fs.statSync(path.join(dir, STORE_FILE)).size <= size, 'the file stays within the limit');
    assert.ok(
      small.sessions().some((s) => s.id === 'newest'),
      'the newest batch is kept',
    );
    assert.ok(!small.sessions().some((s) => s.id === 'new'), 'the oldest went first');
  });

  it('Clear empties the file and memory', async () => {
    const store = await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 });
    await receive(store, [{ conv: 'c1', q: 'x' }]);
    await store.clear();
    assert.equal(store.spanCount, 0);
    assert.deepEqual(store.sessions(), []);
    assert.equal(fs.existsSync(path.join(dir, STORE_FILE)), false);
    assert.deepEqual((await TraceStore.open({ dir, maxBytes: 10_000_000, maxAgeDays: 7 })).sessions(), []);
  });
});
