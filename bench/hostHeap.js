// Run by bench/vscode.js under Node 24 (its WebSocket is built in; the bench's own Node may be
// older): connects to the extension host's inspector at the URL given, collects garbage twice and
// prints the host's process.memoryUsage() as JSON. With a second argument, it also writes a heap
// snapshot there (to see what a closed panel still holds, in Chrome's Memory tab).
//   node hostHeap.js ws://127.0.0.1:9229/<id> [out.heapsnapshot]
'use strict';
const { createWriteStream } = require('fs');
const { connect, run } = require('./hostCdp');

const [url, snapshot] = process.argv.slice(2);

run(async () => {
  const host = await connect(url);
  const out = snapshot ? createWriteStream(snapshot) : undefined;
  host.on('HeapProfiler.addHeapSnapshotChunk', (p) => out?.write(p.chunk));
  await host.send('HeapProfiler.enable');
  await host.send('HeapProfiler.collectGarbage');
  await host.send('HeapProfiler.collectGarbage');
  const { result } = await host.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
  if (out) {
    await host.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await new Promise((resolve) => out.end(resolve));
  }
  process.stdout.write(result.value);
  host.close();
});
