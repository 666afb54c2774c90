// What every renderer may use: the store (read only), the remembered view state, the host, and
// a way to bring another event into view (pairing links).
import type { WebviewMessage } from '../../src/protocol/messages';
import type { SessionStore } from '../store/sessionStore';
import type { UiState } from '../uiState';

export interface RenderContext {
  readonly store: SessionStore;
  readonly ui: UiState;
  post(message: WebviewMessage): void;
  /** Scrolls to the event at `index` and focuses it; false when it is not drawn (yet). */
  reveal(index: number): boolean;
}
