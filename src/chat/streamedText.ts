// A reply streamed into VS Code's Chat view (the @agent participant), without `vscode`: each
// delivery holds the whole text so far, a chat response stream takes appends.
import type { SessionEvent } from '../model';

/** The two calls of vscode.ChatResponseStream this uses. */
export interface ChatStream {
  markdown(value: string): unknown;
  progress(value: string): unknown;
}

/**
 * Turns the provider's deliveries (each holds the whole text so far) into the appends a chat
 * response stream takes: the growth of an answer as markdown, a tool call or code run as progress.
 */
export class StreamedText {
  private readonly textById = new Map<string, string>();
  private readonly announced = new Set<string>();
  private lastId: string | undefined;

  constructor(private readonly stream: ChatStream) {}

  event(e: SessionEvent): void {
    switch (e.kind) {
      case 'assistant_message':
        this.grow(e.id, e.text);
        return;
      case 'tool_call':
        this.once(e.id, `Calling ${e.name}…`);
        return;
      case 'code_execution':
        this.once(e.id, `Running ${e.name ?? (e.language || 'code')}…`);
        return;
      case 'reasoning':
        this.once('reasoning', 'Thinking…');
        return;
      case 'error':
        this.once(e.id, `Error: ${e.message}`);
        return;
      default:
        return;
    }
  }

  /** The final events: answers that never streamed (or were re-read under other ids) are shown now. */
  finish(events: SessionEvent[]): void {
    const answers = events.filter((e): e is Extract<SessionEvent, { kind: 'assistant_message' }> => e.kind === 'assistant_message');
    const streamedText = [...this.textById.values()].join('');
    for (const a of answers) {
      if (this.textById.has(a.id)) this.grow(a.id, a.text);
      else if (!streamedText.includes(a.text.trim())) this.grow(a.id, a.text);
    }
    for (const e of events) if (e.kind === 'error') this.stream.markdown(`\n\n> **Error:** ${escapeMarkdown(e.message)}\n`);
  }

  private grow(id: string, text: string): void {
    const before = this.textById.get(id);
    if (before === undefined) {
      if (this.lastId !== undefined) this.stream.markdown('\n\n');
      this.stream.markdown(text);
    } else if (text.startsWith(before)) {
      if (text.length > before.length) this.stream.markdown(text.slice(before.length));
    } else {
      // Rewritten rather than grown: what was shown cannot be taken back; show the new version whole.
      this.stream.markdown(`\n\n${text}`);
    }
    this.textById.set(id, text);
    this.lastId = id;
  }

  private once(key: string, message: string): void {
    if (this.announced.has(key)) return;
    this.announced.add(key);
    this.stream.progress(message);
  }
}

/** Text shown as itself in Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
