// Unsent text per agent and session, kept in workspaceState so closing the panel (or VS Code)
// loses nothing. Only the text the user typed: never a token, never agent content.

/** Where drafts are kept: VS Code's workspaceState (a Memento) in the extension, a map in tests. */
export interface DraftState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'agentInspector.chatDrafts';
/** Drafts nobody came back to are dropped oldest first beyond this many. */
const MAX_DRAFTS = 200;

type Stored = Record<string, { text: string; savedAt: number }>;

export class ChatDrafts {
  constructor(private readonly state: DraftState) {}

  get(key: string): string {
    const v = this.read()[key];
    return typeof v?.text === 'string' ? v.text : '';
  }

  async set(key: string, text: string): Promise<void> {
    const all = this.read();
    if (text) all[key] = { text, savedAt: Date.now() };
    else delete all[key];
    const keys = Object.keys(all);
    if (keys.length > MAX_DRAFTS) {
      keys
        .sort((a, b) => all[a]!.savedAt - all[b]!.savedAt)
        .slice(0, keys.length - MAX_DRAFTS)
        .forEach((k) => delete all[k]);
    }
    await this.state.update(KEY, all);
  }

  /** A new chat got its session id: its draft moves with it. */
  async move(from: string, to: string): Promise<void> {
    if (from === to) return;
    const text = this.get(from);
    if (!text) return;
    await this.set(from, '');
    if (!this.get(to)) await this.set(to, text);
  }

  private read(): Stored {
    const v = this.state.get<Stored>(KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? { ...v } : {};
  }
}
