// A minimal client of the extension host's inspector (Chrome DevTools Protocol over WebSocket),
// for bench/hostHeap.js and bench/hostProfile.js. Runs under Node 24, whose WebSocket is built in.
'use strict';

/**
 * Connects to `url`; resolves with `send(method, params)` (the result, or a rejection with the
 * protocol's error), `on(method, listener)` for the protocol's events, and `close()`.
 */
async function connect(url) {
  const ws = new WebSocket(url);
  let next = 1;
  const pending = new Map();
  const listeners = new Map();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.method) for (const listener of listeners.get(msg.method) ?? []) listener(msg.params);
    const wait = pending.get(msg.id);
    if (!wait) return;
    pending.delete(msg.id);
    if (msg.error) wait.reject(new Error(msg.error.message));
    else wait.resolve(msg.result);
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)), { once: true });
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, listener) => listeners.set(method, [...(listeners.get(method) ?? []), listener]),
    close: () => ws.close(),
  };
}

/** Runs `main`, and on a failure says why on stderr and exits with 1. */
function run(main) {
  main().catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}

module.exports = { connect, run };
