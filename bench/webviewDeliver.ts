// How bench/webview.ts gets a session into the page as the host sends it: session/begin, the
// events as `session/eventsPacked` chunks (UTF-8 JSON bytes, 200 events first and 2,000 a chunk
// after, transferred as VS Code transfers them), session/end. The bytes are made before the clock
// starts, so what is timed is the page taking them in. A million short events are made inside the
// page (passing 200 MB through Playwright would measure Playwright).
/// <reference lib="dom" />
import type { Session } from '../src/model';
import { eventChunks, toSessionHeader } from '../src/protocol/header';
import { EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE } from '../src/protocol/messages';
import type { WebviewPage } from '../test/webview/harness';

/** Posts a generated session as packed chunks; resolves once every message is posted. */
export async function deliverPacked(p: WebviewPage, session: Session): Promise<void> {
  const header = toSessionHeader(session, 'Demo');
  const chunks = [...eventChunks(session, EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE)].map((c) => JSON.stringify(c));
  const text = JSON.stringify({ header, total: session.totals.events ?? 0, chunks });
  await p.page.evaluate(`(() => {
    const { header, total, chunks } = JSON.parse(${JSON.stringify(text)});
    const enc = new TextEncoder();
    const packed = chunks.map((c) => enc.encode(c));
    window.postMessage({ type: 'session/begin', header, totalEvents: total }, '*');
    for (const json of packed) window.postMessage({ type: 'session/eventsPacked', json }, '*', [json.buffer]);
    window.postMessage({ type: 'session/end' }, '*');
  })()`);
}

/**
 * A million short events as bench/vscode.js writes its 1,000,000-event file: runs of 40, each a
 * user line, a tool call, its result and an answer in turn; "found the needle" once near the end.
 * Made and packed in the page, then posted like deliverPacked.
 */
export async function deliverShort(p: WebviewPage, n: number): Promise<void> {
  await p.page.evaluate(`(() => {
    const n = ${n};
    const perRun = 40;
    const start = Date.UTC(2026, 0, 5, 9, 0, 0);
    const runs = [];
    for (let r = 0; r * perRun < n; r++) runs.push({ id: 'run_' + r, eventCount: Math.min(perRun, n - r * perRun), totals: { tokens: {} } });
    const header = { id: 'short-' + n, provider: 'piper', title: 'A million short events', metadata: {}, runs, totals: { events: n, tokens: {} } };
    const enc = new TextEncoder();
    const packed = [];
    let chunk = [];
    let limit = ${FIRST_CHUNK_SIZE};
    for (let e = 0; e < n; e++) {
      const runId = 'run_' + Math.floor(e / perRun);
      const timeMs = start + e * 1000;
      const base = { id: 'ev_' + e, runId, timestamp: new Date(timeMs).toISOString(), timeMs };
      const text = e === n - 7 ? 'found the needle' : 'line ' + e;
      const m = (e % perRun) % 4;
      chunk.push(
        m === 0 ? { ...base, kind: 'user_message', text }
        : m === 1 ? { ...base, kind: 'tool_call', name: 'lookup', callId: 'c' + e, arguments: { q: e } }
        : m === 2 ? { ...base, kind: 'tool_result', callId: 'c' + (e - 1), result: text, latencyMs: 12 }
        : { ...base, kind: 'assistant_message', text, tokens: { input: 40, output: 8 } },
      );
      if (chunk.length >= limit) {
        packed.push(enc.encode(JSON.stringify(chunk)));
        chunk = [];
        limit = ${EVENT_CHUNK_SIZE};
      }
    }
    if (chunk.length) packed.push(enc.encode(JSON.stringify(chunk)));
    window.postMessage({ type: 'session/begin', header, totalEvents: n }, '*');
    for (const json of packed) window.postMessage({ type: 'session/eventsPacked', json }, '*', [json.buffer]);
    window.postMessage({ type: 'session/end' }, '*');
  })()`);
}
