// Entry of the inspector webview: validates every message from the host against the inspector's
// protocol (pageChannel.ts), feeds the store, and tells the host it is ready. See render/app.ts for drawing.
import { bootMark } from './bootMarks';
import './zodConfig';
import { parseHostMessage, type WebviewMessage } from '../src/protocol/messages';
import { unpackEvents } from '../src/protocol/packed';
import { registerToolkit } from './components';
import { pageChannel } from './pageChannel';
import { InspectorApp } from './render/app';
import { SessionStore } from './store/sessionStore';
import { UiState } from './uiState';
import { host } from './vscodeApi';

bootMark('modules');
registerToolkit();
bootMark('toolkit');

const store = new SessionStore();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const app = new InspectorApp(root, store, ui, (m: WebviewMessage) => host.post(m));
bootMark('app');

const channel = pageChannel({
  name: 'Inspector',
  // Event chunks arrive as UTF-8 JSON bytes (protocol/packed.ts), their events checked against the
  // event schema by protocol/eventCheck.ts (zod's rules at a fraction of its cost on the page).
  parse: (data) => {
    const parsed = parseHostMessage(data);
    if (!parsed.ok || parsed.value.type !== 'session/eventsPacked') return parsed;
    const events = unpackEvents(parsed.value.json);
    bootMark('first-chunk-decoded');
    return events;
  },
  apply: (m) => {
    if (m.type === 'reveal') return void app.revealEvent(m.eventId);
    const warning = store.apply(m);
    bootMark(`applied:${m.type}`);
    return warning;
  },
});

// Messages are queued and applied a few milliseconds at a time: the host posts a large session
// as hundreds of chunks at once, and applying them all in one go would keep the first events
// from being painted until the last had arrived.
const queue: unknown[] = [];
let head = 0;
let draining = false;
const SLICE_MS = 8;
// The next slice as a task of its own, not a setTimeout: nested timeouts wait at least 4 ms each,
// which at 500 chunks (1,000,000 events) was two seconds of doing nothing.
const next = new MessageChannel();
next.port1.onmessage = () => drain();

window.addEventListener('message', (event: MessageEvent) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (typeof type === 'string') bootMark(`in:${type}`);
  queue.push(event.data);
  if (!draining) {
    draining = true;
    next.port2.postMessage(null);
  }
});

function drain(): void {
  const start = performance.now();
  let applied = 0;
  while (head < queue.length && (applied === 0 || performance.now() - start < SLICE_MS)) {
    const data = queue[head];
    // Let go of each chunk once taken in (the queue may hold hundreds of them).
    queue[head++] = undefined;
    applied++;
    channel.receive(data);
  }
  if (head < queue.length) return void next.port2.postMessage(null);
  queue.length = 0;
  head = 0;
  draining = false;
}

channel.start();
bootMark('ready-posted');
