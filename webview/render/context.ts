// What every renderer may use: the store (read only), the remembered view state, the host, and
// a way to bring another event into view (pairing links).
import type { CorePageMessage } from '../../src/protocol/core';
import type { WebviewMessage } from '../../src/protocol/messages';
import type { SessionStore } from '../store/sessionStore';
import type { UiState } from '../uiState';

export interface RenderContext {
  readonly store: SessionStore;
  readonly ui: UiState;
  /** What every page handles (copy, open code and links, raw JSON, log). */
  post(message: CorePageMessage): void;
  /**
   * The inspector's own requests (Retry, Explain, Compare with previous request). Absent on the
   * chat page, whose protocol has none of them: the controls that post them are not drawn there.
   */
  ask?: (message: WebviewMessage) => void;
  /** Scrolls to the event at `index` and focuses it; false when it is not drawn (yet). */
  reveal(index: number): boolean;
}
