// Entry of the inspector webview: validates every message from the host against the inspector's
// protocol (pageChannel.ts), feeds the store, and tells the host it is ready. See render/app.ts for drawing.
import './zodConfig';
import { parseHostMessage, type WebviewMessage } from '../src/protocol/messages';
import { unpackEvents } from '../src/protocol/packed';
import { registerToolkit } from './components';
import { pageChannel } from './pageChannel';
import { InspectorApp } from './render/app';
import { SessionStore } from './store/sessionStore';
import { UiState } from './uiState';
import { host } from './vscodeApi';

registerToolkit();

const store = new SessionStore();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const app = new InspectorApp(root, store, ui, (m: WebviewMessage) => host.post(m));

const channel = pageChannel({
  name: 'Inspector',
  // Event chunks arrive as UTF-8 JSON bytes (protocol/packed.ts); their events are validated as any.
  parse: (data) => {
    const parsed = parseHostMessage(data);
    return parsed.ok && parsed.value.type === 'session/eventsPacked' ? unpackEvents(parsed.value.json) : parsed;
  },
  apply: (m) => (m.type === 'reveal' ? void app.revealEvent(m.eventId) : store.apply(m)),
});

// Messages are queued and applied a few milliseconds at a time: the host posts a large session
// as hundreds of chunks at once, and applying them all in one go would keep the first events
// from being painted until the last had arrived.
const queue: unknown[] = [];
let draining = false;
const SLICE_MS = 8;

window.addEventListener('message', (event: MessageEvent) => {
  queue.push(event.data);
  if (!draining) {
    draining = true;
    setTimeout(drain, 0);
  }
});

function drain(): void {
  const start = performance.now();
  let applied = 0;
  while (applied < queue.length && (applied === 0 || performance.now() - start < SLICE_MS)) channel.receive(queue[applied++]);
  queue.splice(0, applied);
  if (queue.length) setTimeout(drain, 0);
  else draining = false;
}

channel.start();
