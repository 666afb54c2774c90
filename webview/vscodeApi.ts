// The one place that touches VS Code's webview API. Everything else posts typed protocol messages
// through `host`, so the tests' stand-in for acquireVsCodeApi and the real one are interchangeable.
import type { WebviewMessage } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called only once per page load. */
const api: VsCodeApi = acquireVsCodeApi();

export const host = {
  post(message: WebviewMessage): void {
    api.postMessage(message);
  },
  log(level: 'info' | 'warn' | 'error', message: string): void {
    api.postMessage({ type: 'log', level, message } satisfies WebviewMessage);
  },
  getState(): unknown {
    return api.getState();
  },
  setState(state: unknown): void {
    api.setState(state);
  },
};
