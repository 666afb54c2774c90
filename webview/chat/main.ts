// Entry of the chat webview: validates every message from the host against the chat protocol,
// feeds the model, and tells the host it is ready. Events are drawn by the inspector's own
// renderers (render/events, render/eventRow), so chat and inspector show them with one
// implementation. See chatView.ts for the page.
import '../zodConfig';
// Before anything constructs a UiState: see sharedState.ts.
import './sharedState';
import { parseChatHostMessage, type ChatWebviewMessage } from '../../src/protocol/chat';
import { registerToolkit } from '../components';
import { UiState } from '../uiState';
import { host } from '../vscodeApi';
import { ChatModel } from './chatModel';
import { ChatView } from './chatView';

registerToolkit();

/** The chat protocol includes the inspector's messages (the renderers post those). */
const post = (m: ChatWebviewMessage) => (host.post as (m: ChatWebviewMessage) => void)(m);
const log = (level: 'info' | 'warn' | 'error', message: string) => post({ type: 'log', level, message });

const model = new ChatModel();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new ChatView(root, model, ui, post);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseChatHostMessage(event.data);
  if (!parsed.ok) {
    const claimed = (event.data as { type?: unknown } | null | undefined)?.type;
    const type = typeof claimed === 'string' ? claimed.slice(0, 60) : typeof event.data;
    log('warn', `Chat ignored a message that does not fit the protocol (${type}): ${parsed.error}`);
    return;
  }
  const warning = model.apply(parsed.value);
  if (warning) log('warn', `Chat: ${warning}`);
});

window.addEventListener('error', (e) => log('error', `Chat page error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => log('error', `Chat page error: ${String(e.reason)}`));

post({ type: 'ready' });
