// Draws the chat: a header naming the agent and session, the conversation (turns redrawn as their
// events stream in, at most once a frame), and the composer. The composer's text is the draft: it
// is saved in the page state and sent to the host (debounced), and a failed send puts its message
// back into it with the error and a Retry — nothing the user typed is lost.
import { mergeDraft, type ChatWebviewMessage } from '../../src/protocol/chat';
import { button, codicon, progressRing } from '../components';
import { clear, el } from '../dom';
import type { UiState } from '../uiState';
import type { ChatChange, ChatModel } from './chatModel';
import { chatState } from './sharedState';
import { TurnView } from './turnView';

const DRAFT_SAVE_MS = 300;

export class ChatView {
  private readonly header = el('header', { class: 'chat-header' });
  private readonly log = el('div', { class: 'chat-log', attrs: { role: 'log', 'aria-label': 'Conversation', 'aria-live': 'polite' } });
  private readonly notice = el('div', { class: 'chat-notice' });
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLElement;
  private readonly stopButton: HTMLElement;
  private readonly turnViews = new Map<string, TurnView>();
  private readonly dirty = new Set<string>();
  private frame: number | undefined;
  private draftTimer: number | undefined;
  /** A send was posted and the host has not started its turn yet: no second send meanwhile. */
  private sending = false;
  private forceScroll = false;

  constructor(
    root: HTMLElement,
    private readonly model: ChatModel,
    private readonly ui: UiState,
    private readonly post: (m: ChatWebviewMessage) => void,
  ) {
    this.input = el('textarea', {
      class: 'composer__input',
      attrs: { rows: '3', placeholder: 'Message the agent…', 'aria-label': 'Message' },
    });
    this.input.addEventListener('input', () => this.draftChanged());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    this.sendButton = button({
      label: 'Send',
      icon: 'send',
      appearance: 'primary',
      ariaLabel: 'Send the message (Enter)',
      onClick: () => this.send(),
    });
    this.sendButton.classList.add('composer__send');
    this.stopButton = button({
      label: 'Stop',
      icon: 'debug-stop',
      ariaLabel: 'Stop the reply',
      onClick: () => this.post({ type: 'chat/stop' }),
    });
    this.stopButton.classList.add('composer__stop');
    const composer = el('footer', { class: 'composer' }, [
      this.notice,
      el('div', { class: 'composer__row' }, [this.input, el('div', { class: 'composer__buttons' }, [this.sendButton, this.stopButton])]),
      el('p', { class: 'composer__hint', text: 'Enter sends · Shift+Enter starts a new line' }),
    ]);
    clear(root);
    root.append(this.header, this.log, composer);
    model.subscribe((c) => this.onChange(c));
    this.setState('waiting');
  }

  private onChange(c: ChatChange): void {
    switch (c.type) {
      case 'reset':
        this.turnViews.clear();
        clear(this.log);
        this.restoreDraft();
        this.drawHeader();
        this.drawAll();
        return;
      case 'target':
        this.drawHeader();
        // "Open in Inspector" appears on every finished turn once there is a session.
        for (const t of this.model.turns) this.dirty.add(t.id);
        this.schedule();
        return;
      case 'history':
        this.drawAll();
        return;
      case 'turn':
        this.sending = false;
        // A new turn is a message just sent: bring it into view even if the reader had scrolled up.
        if (!this.turnViews.has(c.turnId)) this.forceScroll = true;
        this.dirty.add(c.turnId);
        this.schedule();
        return;
      case 'failed':
        this.sending = false;
        this.input.value = mergeDraft(c.text, this.input.value);
        this.saveDraftNow();
        this.showFailure(c.error);
        this.updateComposer();
        return;
      case 'insert':
        this.input.value = this.input.value.trim() ? `${this.input.value.replace(/\s+$/, '')}\n\n${c.text}` : c.text;
        this.saveDraftNow();
        this.input.focus();
        return;
    }
  }

  private drawHeader(): void {
    const t = this.model.target;
    clear(this.header);
    if (!t) return;
    this.input.setAttribute('placeholder', `Message ${t.agentName}…`);
    this.input.setAttribute('aria-label', `Message to ${t.agentName}`);
    const open = button({
      label: 'Open in Inspector',
      icon: 'open-preview',
      ariaLabel: 'Open this session in the inspector',
      onClick: () => this.post({ type: 'chat/openInspector' }),
    });
    open.classList.add('chat-header__open');
    this.header.append(
      el('div', { class: 'chat-header__top' }, [
        el('h1', { class: 'chat-title' }, [codicon('comment-discussion'), el('span', { text: t.agentName })]),
        t.sessionId ? open : null,
      ]),
      el('p', { class: 'chat-header__facts' }, [
        el('span', { text: t.connectionLabel }),
        el('span', { text: t.streams ? 'streams its replies' : 'replies in one piece' }),
        t.sessionId
          ? el('span', { attrs: { title: t.sessionId } }, [
              t.sessionTitle ? `Session “${t.sessionTitle}”` : 'Session ',
              t.sessionTitle ? null : el('code', { text: t.sessionId }),
            ])
          : el('span', { text: 'New session' }),
      ]),
    );
  }

  /** Redraws the whole conversation (after init or when the earlier turns arrived). */
  private drawAll(): void {
    this.turnViews.clear();
    clear(this.log);
    const m = this.model;
    if (m.historyLoading) {
      this.log.append(
        el('div', { class: 'chat-history-state', attrs: { role: 'status' } }, [
          progressRing('Loading'),
          el('span', { text: 'Loading the earlier messages…' }),
        ]),
      );
    } else if (m.historyError) {
      this.log.append(
        el('div', { class: 'chat-history-state chat-history-state--error', attrs: { role: 'alert' } }, [
          codicon('error'),
          el('span', { text: `The earlier messages could not be loaded: ${m.historyError}` }),
          button({ label: 'Retry', icon: 'refresh', onClick: () => this.reloadHistory() }),
        ]),
      );
    }
    for (const t of m.turns) this.placeTurn(t.id);
    this.drawEmpty();
    this.updateComposer();
    this.scrollToEnd();
  }

  private reloadHistory(): void {
    this.model.historyLoading = true;
    this.model.historyError = undefined;
    this.drawAll();
    this.post({ type: 'chat/reloadHistory' });
  }

  private drawEmpty(): void {
    this.log.querySelector('.chat-empty')?.remove();
    const t = this.model.target;
    if (!t || this.model.turns.length || this.model.historyLoading) return;
    const children: Node[] = [
      el('p', { text: t.sessionId ? 'No messages in this session yet.' : `Start a conversation with ${t.agentName}.` }),
    ];
    if (t.canGreet) {
      const greet = button({
        label: 'Greet me',
        icon: 'smiley',
        ariaLabel: `Ask ${t.agentName} to start with a greeting`,
        onClick: () => this.send(''),
      });
      greet.classList.add('chat-greet');
      children.push(el('p', { class: 'chat-empty__hint', text: `${t.agentName} can start with a greeting.` }), greet);
    }
    this.log.append(el('div', { class: 'chat-empty' }, children));
  }

  private placeTurn(id: string): void {
    const turn = this.model.turn(id);
    const existing = this.turnViews.get(id);
    if (!turn) {
      existing?.element.remove();
      this.turnViews.delete(id);
      return;
    }
    if (existing) {
      existing.update(turn);
      return;
    }
    const drawnFor = this.model.target;
    if (!drawnFor) return; // the model holds no turn before chat/init
    const view = new TurnView(turn, {
      ui: this.ui,
      post: this.post,
      target: () => this.model.target ?? drawnFor,
      retry: (text) => this.send(text, { keepComposer: true }),
    });
    this.turnViews.set(id, view);
    // Turns keep the model's order (earlier turns can arrive after a new one was sent).
    const index = this.model.turns.indexOf(turn);
    const next = this.model.turns
      .slice(index + 1)
      .map((t) => this.turnViews.get(t.id))
      .find((v) => v);
    this.log.insertBefore(view.element, next?.element ?? null);
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      const stick = this.forceScroll || this.atEnd();
      this.forceScroll = false;
      for (const id of this.dirty) this.placeTurn(id);
      this.dirty.clear();
      this.drawEmpty();
      this.updateComposer();
      if (stick) this.scrollToEnd();
    });
  }

  /** Sends `text` (the composer's when omitted); an empty message asks for a greeting. */
  private send(text?: string, o: { keepComposer?: boolean } = {}): void {
    const t = this.model.target;
    if (!t || this.model.busy || this.sending) return;
    const message = text ?? this.input.value;
    if (!message.trim() && !(t.canGreet && text === '')) {
      this.input.focus();
      return;
    }
    this.sending = true;
    this.hideFailure();
    if (text === undefined || (!o.keepComposer && this.input.value === message)) {
      this.input.value = '';
      this.saveDraftNow();
    }
    this.post({ type: 'chat/send', text: message });
    this.updateComposer();
  }

  private showFailure(error: string): void {
    clear(this.notice);
    const retry = button({
      label: 'Retry',
      icon: 'refresh',
      appearance: 'primary',
      ariaLabel: 'Send the message again',
      onClick: () => this.send(),
    });
    const dismiss = button({ label: 'Dismiss', onClick: () => this.hideFailure() });
    this.notice.append(
      el('div', { class: 'chat-failure', attrs: { role: 'alert' } }, [
        el('p', { class: 'chat-failure__text' }, [codicon('error'), el('span', { text: `Not sent: ${error}` })]),
        el('p', { class: 'chat-failure__hint', text: 'Your message is back in the box below.' }),
        el('div', { class: 'chat-failure__actions' }, [retry, dismiss]),
      ]),
    );
  }

  private hideFailure(): void {
    clear(this.notice);
  }

  private updateComposer(): void {
    const busy = this.model.busy || this.sending;
    this.sendButton.toggleAttribute('disabled', busy || !this.model.target);
    this.stopButton.hidden = !this.model.busy;
    this.setState(!this.model.target ? 'waiting' : busy ? 'busy' : 'idle');
  }

  private setState(state: 'waiting' | 'idle' | 'busy'): void {
    document.body.dataset.state = state;
  }

  // ---- the draft ------------------------------------------------------------------------------

  /** The page's own saved draft wins over the host's when it is for the same agent (it is newer). */
  private restoreDraft(): void {
    const saved = chatState.get();
    const key = this.draftKey();
    const draft = saved.key === key && typeof saved.draft === 'string' ? saved.draft : this.model.initialDraft;
    this.input.value = draft;
    if (draft !== this.model.initialDraft) this.post({ type: 'chat/draft', text: draft });
    chatState.set({ key, draft });
  }

  private draftKey(): string {
    const t = this.model.target;
    return t ? `${t.connectionLabel}/${t.agentId}` : '';
  }

  private draftChanged(): void {
    chatState.set({ key: this.draftKey(), draft: this.input.value });
    if (this.draftTimer !== undefined) clearTimeout(this.draftTimer);
    this.draftTimer = window.setTimeout(() => {
      this.draftTimer = undefined;
      this.post({ type: 'chat/draft', text: this.input.value });
    }, DRAFT_SAVE_MS);
  }

  private saveDraftNow(): void {
    if (this.draftTimer !== undefined) clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    chatState.set({ key: this.draftKey(), draft: this.input.value });
    this.post({ type: 'chat/draft', text: this.input.value });
  }

  private atEnd(): boolean {
    return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 60;
  }

  private scrollToEnd(): void {
    window.scrollTo({ top: document.documentElement.scrollHeight });
  }
}
