// Entry of the chat webview: validates every message from the host against the chat protocol,
// feeds the model, and tells the host it is ready. Events are drawn by the inspector's own
// renderers (render/events, render/eventRow), so chat and inspector show them with one
// implementation. See chatView.ts for the page.
import '../zodConfig';
// Before anything constructs a UiState: see sharedState.ts.
import './sharedState';
import { parseChatHostMessage, type ChatWebviewMessage } from '../../src/protocol/chat';
import { registerToolkit } from '../components';
import { pageChannel } from '../pageChannel';
import { UiState } from '../uiState';
import { host } from '../vscodeApi';
import { ChatModel } from './chatModel';
import { ChatView } from './chatView';
import { turnsState } from './sharedState';

registerToolkit();

const post = (m: ChatWebviewMessage) => host.post(m);

const model = new ChatModel();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new ChatView(root, model, ui, post);

// The turns go into the saved state (for Reload Window) a moment after they change, the newest
// that fit in about 2 MB: a long chat comes back with its latest turns rather than none.
const KEEP_CHARS = 2_000_000;
let saveTimer: number | undefined;
model.subscribe(() => {
  if (saveTimer !== undefined) return;
  saveTimer = window.setTimeout(() => {
    saveTimer = undefined;
    const kept: unknown[] = [];
    let size = 0;
    for (let i = model.turns.length - 1; i >= 0; i--) {
      size += JSON.stringify(model.turns[i]).length;
      if (size > KEEP_CHARS && kept.length) break;
      kept.unshift(model.turns[i]);
    }
    turnsState.set(kept);
  }, 500);
});

const channel = pageChannel({ name: 'Chat', parse: parseChatHostMessage, apply: (m) => model.apply(m) });
window.addEventListener('message', (event: MessageEvent<unknown>) => channel.receive(event.data));
channel.start();
