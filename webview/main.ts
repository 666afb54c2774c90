// Entry of the inspector webview: validates every message from the host against the shared
// protocol, feeds the store, and tells the host it is ready. See render/app.ts for drawing.
import './zodConfig';
import { parseHostMessage } from '../src/protocol/messages';
import { registerToolkit } from './components';
import { InspectorApp } from './render/app';
import { SessionStore } from './store/sessionStore';
import { UiState } from './uiState';
import { host } from './vscodeApi';

registerToolkit();

const store = new SessionStore();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const app = new InspectorApp(root, store, ui, (m) => host.post(m));

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
  while (applied < queue.length && (applied === 0 || performance.now() - start < SLICE_MS)) apply(queue[applied++]);
  queue.splice(0, applied);
  if (queue.length) setTimeout(drain, 0);
  else draining = false;
}

function apply(data: unknown): void {
  const parsed = parseHostMessage(data);
  if (!parsed.ok) {
    const d = data as { type?: unknown } | null;
    const type = typeof d?.type === 'string' ? d.type.slice(0, 60) : typeof data;
    host.log('warn', `Inspector ignored a message that does not fit the protocol (${type}): ${parsed.error}`);
    return;
  }
  if (parsed.value.type === 'reveal') return void app.revealEvent(parsed.value.eventId);
  try {
    const warning = store.apply(parsed.value);
    if (warning) host.log('warn', `Inspector: ${warning}`);
  } catch (e) {
    host.log('error', `Inspector could not apply ${parsed.value.type}: ${String(e)}`);
  }
}

window.addEventListener('error', (e) => host.log('error', `Inspector page error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => host.log('error', `Inspector page error: ${String(e.reason)}`));

host.post({ type: 'ready' });
