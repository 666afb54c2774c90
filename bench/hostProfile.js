// Run by bench/vscode.js under Node 24 (its WebSocket is built in): records a CPU profile of the
// extension host through its inspector at the URL given, from "started" (printed once the
// profiler runs) until this process's stdin ends, and writes it to the file given (.cpuprofile:
// open it in Chrome DevTools' Performance panel or VS Code's profile viewer).
//   node hostProfile.js ws://127.0.0.1:9229/<id> out.cpuprofile
'use strict';
const fs = require('fs');

const [url, out] = process.argv.slice(2);
const ws = new WebSocket(url);
let next = 1;
const pending = new Map();

ws.addEventListener('message', (m) => {
  const msg = JSON.parse(String(m.data));
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
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 500 });
  await send('Profiler.start');
  process.stdout.write('started\n');
  await new Promise((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.resume();
  });
  const { profile } = await send('Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
  ws.close();
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
