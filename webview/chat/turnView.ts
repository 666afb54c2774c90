// One turn of the conversation: what the user sent, then the run that answered it — the agent's
// messages as bubbles and everything between them (reasoning, tool calls and results, code, errors,
// unknown events) in collapsible activity groups drawn by the inspector's own event rows — and a
// footer with the reply's tokens, cost and latency, its state, Retry and Open in Inspector.
import { computeTotals, tokenSum } from '../../src/model/totals';
import type { EventOfKind, SessionEvent } from '../../src/model/schema';
import type { ChatPendingDecision, ChatTargetInfo, ChatTurn, ChatWebviewMessage } from '../../src/protocol/chat';
import { badge, button, codicon, iconButton, progressRing } from '../components';
import { clear, el } from '../dom';
import { formatCost, formatCount, formatDuration, plural } from '../format';
import { collapsible } from '../render/collapsible';
import type { RenderContext } from '../render/context';
import { eventMeta } from '../render/eventMeta';
import { renderEventRow } from '../render/eventRow';
import { renderers } from '../render/events';
import type { StoredEvent } from '../store/sessionStore';
import type { UiState } from '../uiState';
import { pendingControls, type ControlDrafts } from './pendingControls';
import { storeFor } from './turnStore';

export interface TurnViewDeps {
  ui: UiState;
  post(m: ChatWebviewMessage): void;
  /** Who the chat talks to (a turn is drawn only once the page knows). */
  target(): ChatTargetInfo;
  /** Send this text again as a new turn (after a reply that stopped short). */
  retry(text: string): void;
}

export class TurnView {
  readonly element: HTMLElement;
  /** Rows of events that did not change since the last draw are kept, not rebuilt. */
  private rows = new Map<string, { event: SessionEvent; index: number; node: HTMLElement }>();
  /** What was typed into the answer forms of pending steps, per step. */
  private readonly drafts: ControlDrafts = new Map();
  /** Answers chosen for some pending steps of a run while others still wait (sent once all are answered). */
  private readonly chosen = new Map<string, ChatPendingDecision>();
  /** A continue was posted and the host has not resumed the turn yet: no second one meanwhile. */
  private continuing = false;

  constructor(
    private turn: ChatTurn,
    private readonly deps: TurnViewDeps,
  ) {
    this.element = el('section', { class: 'turn', attrs: { 'data-turn-id': turn.id } });
    this.render();
  }

  update(turn: ChatTurn): void {
    this.turn = turn;
    this.continuing = false;
    this.render();
  }

  private render(): void {
    const t = this.turn;
    const store = storeFor(t.id, this.deps.target(), t.events);
    const ctx: RenderContext = { store, ui: this.deps.ui, post: (m) => this.deps.post(m), reveal: (i) => this.reveal(i) };
    const live = t.status === 'pending' || t.status === 'streaming';
    const parts: Node[] = [];
    if (t.userText !== undefined) parts.push(this.userBubble(t.userText, undefined, ctx));

    let skipEcho = t.userText !== undefined;
    let group: StoredEvent[] = [];
    const flush = () => {
      if (group.length) parts.push(this.activity(group, ctx, live));
      group = [];
    };
    let answers = 0;
    for (const stored of store.events) {
      const e = stored.event;
      if (e.kind === 'user_message') {
        // The run usually repeats the message the user sent: it is already shown above.
        if (skipEcho) {
          skipEcho = false;
          continue;
        }
        flush();
        parts.push(this.userBubble(e.text, stored, ctx));
      } else if (e.kind === 'assistant_message') {
        flush();
        answers++;
        parts.push(this.answerBubble(e, stored, ctx, live));
      } else if (e.kind === 'pending_input') {
        // A step waiting for the person reading this: never folded away in an activity group.
        flush();
        parts.push(this.pendingBlock(e, stored, ctx, live));
      } else group.push(stored);
    }
    flush();
    if (live) parts.push(this.waiting(t, answers > 0));
    else if (!answers && t.status === 'complete' && !t.events.some((e) => e.kind === 'error' || e.kind === 'pending_input')) {
      parts.push(el('p', { class: 'empty-note turn__note', text: 'The agent answered without any text.' }));
    }
    if (!live) parts.push(this.footer(t));

    clear(this.element);
    this.element.dataset.status = t.status;
    this.element.setAttribute('aria-busy', String(live));
    this.element.append(...parts);
  }

  private userBubble(text: string, stored: StoredEvent | undefined, ctx: RenderContext): HTMLElement {
    const event: EventOfKind<'user_message'> =
      stored?.event.kind === 'user_message'
        ? stored.event
        : { kind: 'user_message', id: `${this.turn.id}:sent`, runId: this.turn.id, text };
    const body = text.trim()
      ? renderers.user_message(event, stored ?? { index: -1, event, depth: 0 }, ctx).body
      : [el('p', { class: 'empty-note', text: 'Asked the agent to greet you.' })];
    return el(
      'div',
      { class: 'chat-bubble chat-bubble--user', attrs: { 'data-kind': 'user_message', ...(stored ? { 'data-event-id': event.id } : {}) } },
      [
        el('div', { class: 'chat-bubble__head' }, [
          codicon('account'),
          el('span', { class: 'chat-bubble__who', text: 'You' }),
          stored ? eventMeta(stored.event) : null,
        ]),
        el('div', { class: 'chat-bubble__body' }, body),
      ],
    );
  }

  private answerBubble(e: EventOfKind<'assistant_message'>, stored: StoredEvent, ctx: RenderContext, live: boolean): HTMLElement {
    const view = renderers.assistant_message(e, stored, ctx);
    const raw = iconButton({
      icon: 'json',
      ariaLabel: 'Raw JSON of this answer',
      onClick: () => ctx.post({ type: 'showRaw', eventId: e.id }),
    });
    const bubble = el(
      'div',
      { class: 'chat-bubble chat-bubble--agent', attrs: { 'data-kind': 'assistant_message', 'data-event-id': e.id } },
      [
        el('div', { class: 'chat-bubble__head' }, [
          codicon('hubot'),
          el('span', { class: 'chat-bubble__who', text: this.deps.target().agentName }),
          live
            ? el('span', { class: 'chat-bubble__live', attrs: { title: 'The answer is still arriving' } }, [
                codicon('loading', 'codicon-modifier-spin'),
                'streaming',
              ])
            : null,
          ...(view.chips ?? []),
          el('span', { class: 'event__side' }, [eventMeta(e), raw]),
        ]),
        el('div', { class: 'chat-bubble__body' }, view.body),
      ],
    );
    if (e.interrupted) bubble.classList.add('is-interrupted');
    if (live) bubble.classList.add('is-live');
    return bubble;
  }

  /** The steps between two answers, folded under a one-line summary. */
  private activity(group: StoredEvent[], ctx: RenderContext, live: boolean): HTMLElement {
    const first = group[0]!.event;
    const list = () => {
      const ol = el('ol', { class: 'events chat-events' });
      for (const part of splitProviderEvents(group)) {
        ol.append(Array.isArray(part) ? this.providerEvents(part, ctx) : this.row(part, ctx));
      }
      return [ol];
    };
    const box = collapsible(ctx, {
      key: `${this.turn.id}:activity:${first.id}`,
      label: activityLabel(group.map((s) => s.event)),
      // Steps of the agent's own are worth seeing as they happen; a group of nothing but the
      // provider's bookkeeping is not.
      expandedByDefault: group.some((s) => s.event.kind !== 'other'),
      className: 'chat-activity',
      build: list,
    });
    if (live) box.classList.add('is-live');
    if (group.some((s) => s.event.kind === 'error' || (s.event.kind === 'tool_result' && s.event.isError))) box.classList.add('has-error');
    return box;
  }

  /**
   * Events the mapping has no kind for (Agno's RunStarted, ModelRequestStarted… arrive several per
   * reply): kept and drawn in full like in the inspector, but folded in one line, so a streamed
   * reply reads as the agent's steps rather than the provider's bookkeeping.
   */
  private providerEvents(run: StoredEvent[], ctx: RenderContext): HTMLElement {
    const box = collapsible(ctx, {
      key: `${this.turn.id}:provider-events:${run[0]!.event.id}`,
      label: providerEventsLabel(run.map((s) => s.event)),
      expandedByDefault: false,
      className: 'chat-provider-events',
      build: () => [
        el(
          'ol',
          { class: 'events chat-events' },
          run.map((stored) => this.row(stored, ctx)),
        ),
      ],
    });
    return el('li', { class: 'chat-provider-events__item' }, [box]);
  }

  private row(stored: StoredEvent, ctx: RenderContext): HTMLElement {
    const cached = this.rows.get(stored.event.id);
    if (cached && cached.event === stored.event && cached.index === stored.index) return cached.node;
    const node = renderEventRow(stored, ctx);
    this.rows.set(stored.event.id, { event: stored.event, index: stored.index, node });
    return node;
  }

  /** A pending step's card and, while the run waits, what the person can answer. */
  private pendingBlock(e: EventOfKind<'pending_input'>, stored: StoredEvent, ctx: RenderContext, live: boolean): HTMLElement {
    const block = el('div', { class: 'chat-pending', attrs: { 'data-kind': 'pending_input', 'data-event-id': e.id } }, [
      el('ol', { class: 'events chat-events' }, [this.row(stored, ctx)]),
    ]);
    if (e.resolution) return block;
    block.classList.add('is-waiting');
    const t = this.turn;
    const sent = t.decisions?.find((d) => d.callId === e.callId);
    const chosen = this.chosen.get(`${e.runId}|${e.callId}`);
    if (live) {
      if (sent)
        block.append(
          el('p', {
            class: 'pending-controls__state',
            attrs: { role: 'status' },
            text: `Continuing with your answer (${describe(sent)})…`,
          }),
        );
      return block;
    }
    if (!this.deps.target().canContinue) {
      block.append(
        el('p', { class: 'empty-note', text: 'This run waits for a person; this connection cannot continue it from the editor.' }),
      );
      return block;
    }
    if (sent || chosen) {
      const d = (sent ?? chosen)!;
      const state = el('div', { class: 'pending-controls pending-controls--answered' }, [
        el('p', { class: 'pending-controls__state', text: `Your answer: ${describe(d)}` }),
      ]);
      const actions = el('div', { class: 'pending-controls__actions' });
      if (sent && t.error) {
        state.append(
          el('p', { class: 'pending-controls__error', attrs: { role: 'alert' } }, [codicon('warning'), el('span', { text: t.error })]),
        );
        actions.append(
          button({
            label: 'Retry',
            icon: 'refresh',
            appearance: 'primary',
            ariaLabel: 'Send the same answer again',
            onClick: () => this.sendDecisions(e.runId, t.decisions ?? []),
          }),
        );
      } else if (!sent) {
        state.append(el('p', { class: 'empty-note', text: 'Sent once every waiting step of this run has an answer.' }));
      }
      if (!this.continuing) {
        actions.append(
          button({ label: 'Change answer', icon: 'edit', ariaLabel: `Answer ${e.name} differently`, onClick: () => this.changeAnswer(e) }),
        );
      }
      state.append(actions);
      block.append(state);
      return block;
    }
    const controls = pendingControls(e, this.drafts, (d) => this.choose(e, d));
    if (this.continuing) controls.classList.add('is-disabled');
    block.append(controls);
    return block;
  }

  /** One step answered; once every waiting step of its run is, the run continues. */
  private choose(e: EventOfKind<'pending_input'>, d: ChatPendingDecision): void {
    if (this.continuing) return;
    this.chosen.set(`${e.runId}|${e.callId}`, d);
    const waiting = this.turn.events.filter(
      (x): x is EventOfKind<'pending_input'> => x.kind === 'pending_input' && x.runId === e.runId && !x.resolution && !!x.callId,
    );
    const all = waiting.map((x) => this.chosen.get(`${x.runId}|${x.callId}`));
    if (all.every((x): x is ChatPendingDecision => !!x)) this.sendDecisions(e.runId, all);
    else this.render();
  }

  private sendDecisions(runId: string, decisions: ChatPendingDecision[]): void {
    if (this.continuing || !decisions.length) return;
    this.continuing = true;
    for (const d of decisions) this.chosen.delete(`${runId}|${d.callId}`);
    this.deps.post({ type: 'chat/continue', turnId: this.turn.id, runId, decisions });
    this.render();
  }

  private changeAnswer(e: EventOfKind<'pending_input'>): void {
    this.chosen.delete(`${e.runId}|${e.callId}`);
    if (this.turn.decisions) {
      // The answers sent before stay as choices for the other steps; this one is asked again.
      for (const d of this.turn.decisions) if (d.callId !== e.callId) this.chosen.set(`${e.runId}|${d.callId}`, d);
      this.turn.decisions = undefined;
      this.turn.error = undefined;
    }
    this.render();
  }

  private waiting(t: ChatTurn, answering: boolean): HTMLElement {
    const target = this.deps.target();
    const name = target.agentName;
    const text =
      t.status === 'pending'
        ? !target.streams
          ? `Waiting for ${name}… The reply arrives in one piece, with every step it took.`
          : `Waiting for ${name}…`
        : answering
          ? `${name} is answering…`
          : `${name} is working…`;
    return el('div', { class: 'turn__waiting', attrs: { role: 'status' } }, [progressRing('Waiting'), el('span', { text })]);
  }

  private footer(t: ChatTurn): HTMLElement {
    const totals = computeTotals(t.events);
    const tokens = tokenSum(totals.tokens);
    const facts = el('span', { class: 'turn__facts' }, [
      el('span', {
        class: 'turn__fact',
        attrs: { 'data-fact': 'tokens', title: 'Tokens of this reply' },
        text: tokens === undefined ? 'tokens —' : `${formatCount(tokens)} tokens`,
      }),
      el('span', {
        class: 'turn__fact',
        attrs: { 'data-fact': 'cost', title: 'Cost of this reply' },
        text: `cost ${formatCost(totals.costUsd)}`,
      }),
      el('span', {
        class: 'turn__fact',
        attrs: {
          'data-fact': 'latency',
          title: t.elapsedMs !== undefined ? 'From sending to the end of the reply' : 'Latency the provider reported',
        },
        text: `latency ${formatDuration(t.elapsedMs ?? totals.latencyMs)}`,
      }),
    ]);
    const items: Node[] = [];
    if (t.status === 'incomplete')
      items.push(badge('incomplete', { tone: 'warning', title: 'The reply stopped before the agent finished it' }));
    if (t.status === 'cancelled') items.push(badge('stopped', { tone: 'warning', title: 'You stopped this reply' }));
    if (t.events.some((e) => e.kind === 'pending_input' && !e.resolution))
      items.push(badge('waiting for you', { tone: 'warning', title: 'The run is paused until someone answers its pending step' }));
    items.push(facts);
    const actions = el('span', { class: 'turn__actions' });
    if ((t.status === 'incomplete' || t.status === 'cancelled') && t.userText !== undefined) {
      const text = t.userText;
      actions.append(
        button({ label: 'Retry', icon: 'refresh', ariaLabel: 'Send this message again', onClick: () => this.deps.retry(text) }),
      );
    }
    if (this.deps.target().sessionId) {
      actions.append(
        button({
          label: 'Open in Inspector',
          icon: 'open-preview',
          ariaLabel: 'Open this session in the inspector',
          onClick: () => this.deps.post({ type: 'chat/openInspector' }),
        }),
      );
    }
    items.push(actions);
    const footer = el('div', { class: 'turn__footer' }, items);
    if (t.error && t.status !== 'complete') {
      return el('div', { class: 'turn__end' }, [
        el('p', { class: 'turn__error', attrs: { role: 'status' } }, [codicon('warning'), el('span', { text: t.error })]),
        footer,
      ]);
    }
    return footer;
  }

  private reveal(index: number): boolean {
    const row = this.element.querySelector<HTMLElement>(`li.event[data-index="${index}"]`);
    if (!row || row.offsetParent === null) return false;
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLElement>('.event__card')?.focus({ preventScroll: true });
    return true;
  }
}

/** "approved", "rejected: not today", "recipient = ops@example.com" — an answer in a few words. */
export function describe(d: ChatPendingDecision): string {
  if (d.outcome === 'approved') return 'approved';
  if (d.outcome === 'rejected') return d.note ? `rejected — ${d.note}` : 'rejected';
  if (d.result !== undefined) return `result ${d.result.length > 60 ? `${d.result.slice(0, 60)}…` : d.result}`;
  const values = Object.entries(d.values ?? {}).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return values.length ? values.join(', ') : 'answered';
}

/** The group's events in order, each run of consecutive `other` events gathered into one array. */
export function splitProviderEvents<T extends { event: SessionEvent }>(group: T[]): Array<T | T[]> {
  const out: Array<T | T[]> = [];
  for (const item of group) {
    const last = out.at(-1);
    if (item.event.kind !== 'other') out.push(item);
    else if (Array.isArray(last)) last.push(item);
    else out.push([item]);
  }
  return out;
}

/** "3 provider events: RunStarted · ModelRequestStarted" */
export function providerEventsLabel(events: SessionEvent[]): string {
  const types: string[] = [];
  for (const e of events) if (e.kind === 'other' && !types.includes(e.type)) types.push(e.type);
  return `${plural(events.length, 'provider event')}: ${types.slice(0, 4).join(' · ')}${types.length > 4 ? ' …' : ''}`;
}

/** "3 steps: reasoning · search_docs · python code (+2 provider events)" */
export function activityLabel(events: SessionEvent[]): string {
  const others = events.filter((e) => e.kind === 'other');
  if (others.length === events.length) return providerEventsLabel(events);
  const steps = events.filter((e) => e.kind !== 'other');
  const names: string[] = [];
  for (const e of steps) {
    const name =
      e.kind === 'tool_call'
        ? e.name
        : e.kind === 'code_execution'
          ? (e.name ?? `${e.language || 'code'} code`)
          : e.kind === 'model_call'
            ? `${e.model ?? 'model'} call`
            : e.kind === 'reasoning'
              ? 'reasoning'
              : e.kind === 'error'
                ? 'error'
                : e.kind === 'system_message'
                  ? 'system message'
                  : e.kind === 'tool_result' && e.isError
                    ? 'tool error'
                    : undefined;
    if (name && !names.includes(name)) names.push(name);
  }
  const shown = names.slice(0, 5).join(' · ') + (names.length > 5 ? ' …' : '');
  const extra = others.length ? ` (+${plural(others.length, 'provider event')})` : '';
  return `${plural(steps.length, 'step')}${shown ? `: ${shown}` : ''}${extra}`;
}
