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
new InspectorApp(root, store, ui, (m) => host.post(m));

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    const type = typeof event.data?.type === 'string' ? event.data.type.slice(0, 60) : typeof event.data;
    host.log('warn', `Inspector ignored a message that does not fit the protocol (${type}): ${parsed.error}`);
    return;
  }
  const warning = store.apply(parsed.value);
  if (warning) host.log('warn', `Inspector: ${warning}`);
});

window.addEventListener('error', (e) => host.log('error', `Inspector page error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => host.log('error', `Inspector page error: ${String(e.reason)}`));

host.post({ type: 'ready' });
