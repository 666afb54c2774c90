// The page has one saved state (VS Code's getState/setState) and two users of it: the inspector's
// UiState (which collapsibles are open, scroll position), reused here with the event renderers,
// and the chat's own (the draft). UiState saves its whole object; to keep it from overwriting the
// draft, its view of the state is narrowed to one key before it is constructed. Import this module
// before anything constructs a UiState.
import { host } from '../vscodeApi';

type Whole = Record<string, unknown>;

const readWhole = host.getState.bind(host);
const writeWhole = host.setState.bind(host);
let whole: Whole = asRecord(readWhole());

host.getState = () => whole.inspectorUi;
host.setState = (value: unknown) => {
  whole = { ...whole, inspectorUi: value };
  writeWhole(whole);
};

export const chatState = {
  get(): Record<string, unknown> {
    return asRecord(whole.chat);
  },
  set(value: Record<string, unknown>): void {
    whole = { ...whole, chat: value };
    writeWhole(whole);
  },
};

/**
 * The turns as drawn, for Reload Window: VS Code hands this state to the host's serializer, which
 * reopens the chat with them (a demo chat's session, for one, is not on any server to fetch again).
 */
export const turnsState = {
  set(turns: unknown[]): void {
    whole = { ...whole, chatTurns: turns };
    writeWhole(whole);
  },
};

function asRecord(v: unknown): Whole {
  return v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Whole) } : {};
}
