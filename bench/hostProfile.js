// Run by bench/vscode.js under Node 24 (its WebSocket is built in): records a CPU profile of the
// extension host through its inspector at the URL given, from "started" (printed once the
// profiler runs) until this process's stdin ends, and writes it to the file given (.cpuprofile:
// open it in Chrome DevTools' Performance panel or VS Code's profile viewer).
//   node hostProfile.js ws://127.0.0.1:9229/<id> out.cpuprofile
'use strict';
const fs = require('fs');
const { connect, run } = require('./hostCdp');

const [url, out] = process.argv.slice(2);

run(async () => {
  const host = await connect(url);
  await host.send('Profiler.enable');
  await host.send('Profiler.setSamplingInterval', { interval: 500 });
  await host.send('Profiler.start');
  process.stdout.write('started\n');
  await new Promise((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.resume();
  });
  const { profile } = await host.send('Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
  host.close();
});
