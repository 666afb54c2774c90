// Run by bench/vscode.js under Node 24 (its WebSocket is built in; the bench's own Node may be
// older): connects to the extension host's inspector at the URL given, collects garbage twice and
// prints the host's process.memoryUsage() as JSON. With a second argument, it also writes a heap
// snapshot there (to see what a closed panel still holds, in Chrome's Memory tab).
//   node hostHeap.js ws://127.0.0.1:9229/<id> [out.heapsnapshot]
'use strict';
const { createWriteStream } = require('fs');

const [url, snapshot] = process.argv.slice(2);
const ws = new WebSocket(url);
let next = 1;
const pending = new Map();
const out = snapshot ? createWriteStream(snapshot) : undefined;

ws.addEventListener('message', (m) => {
  const msg = JSON.parse(String(m.data));
  if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') out?.write(msg.params.chunk);
  const wait = pending.get(msg.id);
  if (!wait) return;
  pending.delete(msg.id);
  if (msg.error) wait.reject(new Error(msg.error.message));
  else wait.resolve(msg.result);
});

const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });

async function main() {
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)), { once: true });
  });
  await send('HeapProfiler.enable');
  await send('HeapProfiler.collectGarbage');
  await send('HeapProfiler.collectGarbage');
  const { result } = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
  if (out) {
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await new Promise((resolve) => out.end(resolve));
  }
  process.stdout.write(result.value);
  ws.close();
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
