// What the chat page knows, apart from how it is drawn: who it talks to, the turns with their
// events (a delivery with a known id replaces the earlier one in place), and whether a reply is
// on its way. The view subscribes to changes.
import { upsertEvent } from '../../src/model/upsert';
import type { ChatHostMessage, ChatTargetInfo, ChatTurn } from '../../src/protocol/chat';

export type ChatChange =
  | { type: 'reset' }
  | { type: 'target' }
  | { type: 'history' }
  | { type: 'turn'; turnId: string }
  /** A send failed before anything arrived: the turn is gone, its text goes back to the composer. */
  | { type: 'failed'; text: string; error: string }
  | { type: 'insert'; text: string };

export class ChatModel {
  target: ChatTargetInfo | undefined;
  readonly turns: ChatTurn[] = [];
  initialDraft = '';
  historyLoading = false;
  historyError: string | undefined;
  private readonly listeners: Array<(c: ChatChange) => void> = [];

  subscribe(listener: (c: ChatChange) => void): void {
    this.listeners.push(listener);
  }

  get busy(): boolean {
    return this.turns.some((t) => t.status === 'pending' || t.status === 'streaming');
  }

  turn(id: string): ChatTurn | undefined {
    return this.turns.find((t) => t.id === id);
  }

  /** Applies one validated host message; returns a warning when it made no sense here. */
  apply(m: Exclude<ChatHostMessage, { type: 'page/restore' }>): string | undefined {
    switch (m.type) {
      case 'chat/init':
        this.target = m.target;
        this.turns.length = 0;
        this.turns.push(...m.turns);
        this.initialDraft = m.draft;
        this.historyLoading = m.loadingHistory;
        this.historyError = m.historyError;
        this.emit({ type: 'reset' });
        return undefined;
      case 'chat/history':
        // Every turn belongs to the target chat/init names (its provider, agent): none before it.
        if (!this.target) return 'chat/history before chat/init';
        this.historyLoading = false;
        this.historyError = m.error;
        this.turns.unshift(...m.turns);
        this.emit({ type: 'history' });
        return undefined;
      case 'chat/turnStart':
        if (!this.target) return 'chat/turnStart before chat/init';
        if (this.turn(m.turn.id)) return `turn ${m.turn.id} started twice`;
        this.turns.push(m.turn);
        this.emit({ type: 'turn', turnId: m.turn.id });
        return undefined;
      case 'chat/events': {
        const turn = this.turn(m.turnId);
        if (!turn) return `events for unknown turn ${m.turnId}`;
        for (const e of m.events) upsertEvent(turn.events, e);
        if (turn.status === 'pending') turn.status = 'streaming';
        this.emit({ type: 'turn', turnId: turn.id });
        return undefined;
      }
      case 'chat/turnResume': {
        const turn = this.turn(m.turnId);
        if (!turn) return `resume of unknown turn ${m.turnId}`;
        turn.status = 'streaming';
        turn.decisions = m.decisions;
        turn.error = undefined;
        this.emit({ type: 'turn', turnId: turn.id });
        return undefined;
      }
      case 'chat/turnEnd': {
        const turn = this.turn(m.turnId);
        if (!turn) return `end of unknown turn ${m.turnId}`;
        if (m.status === 'failed') {
          this.turns.splice(this.turns.indexOf(turn), 1);
          this.emit({ type: 'turn', turnId: turn.id });
          this.emit({ type: 'failed', text: m.restoreDraft ?? turn.userText ?? '', error: m.error ?? 'The message could not be sent.' });
          return undefined;
        }
        turn.status = m.status;
        turn.events = m.events;
        turn.elapsedMs = m.elapsedMs;
        turn.error = m.error;
        turn.decisions = m.decisions;
        this.emit({ type: 'turn', turnId: turn.id });
        return undefined;
      }
      case 'chat/session':
        if (!this.target) return 'chat/session before chat/init';
        this.target = { ...this.target, sessionId: m.sessionId, sessionTitle: m.title ?? this.target.sessionTitle };
        this.emit({ type: 'target' });
        return undefined;
      case 'chat/insert':
        this.emit({ type: 'insert', text: m.text });
        return undefined;
      case 'pathsResolved':
        // Read by the renderers' file-link code (content/fileLinks.ts), which listens itself.
        return undefined;
    }
  }

  private emit(c: ChatChange): void {
    for (const l of [...this.listeners]) l(c);
  }
}
