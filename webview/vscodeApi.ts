// The one place that touches VS Code's webview API. Everything else posts typed protocol messages
// through `host`, so the tests' stand-in for acquireVsCodeApi and the real one are interchangeable.
import type { ChatWebviewMessage } from '../src/protocol/chat';
import { RESTORE_STATE_KEY, type CorePageMessage, type RestoreKey } from '../src/protocol/core';
import type { WebviewMessage } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called only once per page load. */
const api: VsCodeApi = acquireVsCodeApi();

// What the host needs to reopen the panel after Reload Window (its serializer reads it) is kept
// beside whatever the page saves, so saving the view state never drops it.
const initial = api.getState();
let saved: unknown = initial;
let restore: RestoreKey | undefined = readRestore(initial);

function write(): void {
  const base = saved && typeof saved === 'object' && !Array.isArray(saved) ? (saved as Record<string, unknown>) : {};
  api.setState(restore ? { ...base, [RESTORE_STATE_KEY]: restore } : base);
}

export const host = {
  /** Each page narrows this to its own protocol (main.ts: the inspector's, chat/main.ts: the chat's). */
  post(message: CorePageMessage | WebviewMessage | ChatWebviewMessage): void {
    api.postMessage(message);
  },
  log(level: 'info' | 'warn' | 'error', message: string): void {
    api.postMessage({ type: 'log', level, message } satisfies CorePageMessage);
  },
  getState(): unknown {
    return saved;
  },
  setState(state: unknown): void {
    saved = state;
    write();
  },
  /** The host's `page/restore`: kept in the saved state for the panel serializer. */
  keepRestoreKey(key: RestoreKey): void {
    restore = key;
    write();
  },
};

function readRestore(state: unknown): RestoreKey | undefined {
  const v = state && typeof state === 'object' ? (state as Record<string, unknown>)[RESTORE_STATE_KEY] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as RestoreKey) : undefined;
}
