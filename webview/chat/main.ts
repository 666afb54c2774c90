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

registerToolkit();

const post = (m: ChatWebviewMessage) => host.post(m);

const model = new ChatModel();
const ui = new UiState();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new ChatView(root, model, ui, post);

const channel = pageChannel({ name: 'Chat', parse: parseChatHostMessage, apply: (m) => model.apply(m) });
window.addEventListener('message', (event: MessageEvent<unknown>) => channel.receive(event.data));
channel.start();
