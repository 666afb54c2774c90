// Entry of the inspector webview: validates every message from the host against the inspector's
// protocol (pageChannel.ts), feeds the store, and tells the host it is ready. See render/app.ts for drawing.
import { bootMark } from './bootMarks';
import './zodConfig';
import { parseHostMessage, type WebviewMessage } from '../src/protocol/messages';
import { inflatePacked, unpackEvents } from '../src/protocol/packed';
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
    // Compressed bytes are inflated before their turn (Inflating below); still compressed here, they could not be.
    if (parsed.value.encoding)
      return {
        ok: false,
        error: `events: compressed bytes that could not be inflated (${(data as Inflated).inflateError ?? 'not inflated'})`,
      };
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

/** A compressed chunk as it came, with why it could not be inflated. */
type Inflated = { inflateError?: string };

/**
 * A compressed chunk being inflated as soon as it arrives (side by side with the chunks before it)
 * and taken in its turn once its bytes are out: the queue waits for it, keeping the host's order.
 */
class Inflating {
  done = false;
  data: unknown;
  readonly ready: Promise<void>;

  constructor(message: { json: Uint8Array }) {
    this.ready = inflatePacked(message.json).then(
      (json) => {
        this.data = { type: 'session/eventsPacked', json };
        this.done = true;
      },
      (e: unknown) => {
        // Left compressed, with the reason: the channel says it does not fit, and why.
        this.data = { ...message, inflateError: e instanceof Error ? e.message : String(e) };
        this.done = true;
      },
    );
  }
}

const isCompressedChunk = (data: unknown): data is { type: 'session/eventsPacked'; json: Uint8Array; encoding: 'gzip' } => {
  const m = data as { type?: unknown; json?: unknown; encoding?: unknown } | null;
  return m?.type === 'session/eventsPacked' && m.encoding === 'gzip' && m.json instanceof Uint8Array;
};

window.addEventListener('message', (event: MessageEvent) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (typeof type === 'string') bootMark(`in:${type}`);
  queue.push(isCompressedChunk(event.data) ? new Inflating(event.data) : event.data);
  if (!draining) {
    draining = true;
    next.port2.postMessage(null);
  }
});

function drain(): void {
  const start = performance.now();
  let applied = 0;
  while (head < queue.length && (applied === 0 || performance.now() - start < SLICE_MS)) {
    let data = queue[head];
    if (data instanceof Inflating) {
      // Its turn, still inflating: wait for it (still draining: what arrives meanwhile queues behind it).
      if (!data.done) return void data.ready.then(() => next.port2.postMessage(null));
      data = data.data;
    }
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
