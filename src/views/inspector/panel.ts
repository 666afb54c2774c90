// One inspector panel per session: loads the session from its source, streams it to the page in
// protocol chunks, and answers the page's own requests (raw JSON, compare, explain, retry). The
// webview plumbing (ready handshake, dispatch, core requests, disposal) is webviewHost's.
import * as vscode from 'vscode';
import { requestDiff, upsertEvent, withTotals, type Session, type SessionEvent } from '../../model';
import { isCancelled } from '../../providers';
import { CHUNKS_IN_FLIGHT, EVENT_CHUNK_SIZE, parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../protocol/messages';
import type { RestoreKey } from '../../protocol/core';
import { forPage } from '../../protocol/header';
import type { Logger } from '../../log';
import { describeError } from '../../util/errors';
import type { RawDocuments } from '../rawDocuments';
import { createPanel, WebviewPanelHost, type PageHandlers } from '../webviewHost/panelHost';
import { INSPECTOR_PAGE } from './html';
import { headerOf } from './pageHeader';
import { keptSession, sessionParts, type HeldSession, type SessionPart, type SessionSource } from './sources';
import { collectGarbageSoon, COLLECT_AFTER_EVENTS } from '../../util/memory';
import { packChunk } from './packChunk';

/** The reader's choice of a compact or full session header, one for every panel (a user setting). */
const HEADER_SETTING = 'sessionHeader.expanded';

function headerExpanded(): boolean {
  return vscode.workspace.getConfiguration('agentInspector').get<boolean>(HEADER_SETTING, false) === true;
}

async function setHeaderExpanded(expanded: boolean): Promise<void> {
  if (headerExpanded() === expanded) return;
  await vscode.workspace.getConfiguration('agentInspector').update(HEADER_SETTING, expanded, vscode.ConfigurationTarget.Global);
}

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: Logger;
  raw: RawDocuments;
}

export class InspectorPanel extends WebviewPanelHost<WebviewMessage, HostMessage> {
  static readonly viewType = 'agentInspector.inspector';

  /** What is kept of the loaded session (a sliced file's: its header and byte ranges). */
  private held: HeldSession | undefined;
  private loading: AbortController | undefined;
  /** Settles when the load in progress is over: a request from the page made meanwhile waits for it. */
  private loadDone: Promise<void> = Promise.resolve();
  /** The page said `ready` once: a later `ready` is a reloaded page, which has lost what was sent. */
  private pageWasReady = false;

  protected readonly handlers: PageHandlers<WebviewMessage> = {
    retry: () => this.load(),
    showRaw: (m) => this.showRaw(m.eventId),
    compareRequests: (m) => this.compareRequests(m.eventId),
    explain: async (m) => {
      const session = await this.wholeOrSay();
      if (session) await vscode.commands.executeCommand('agentInspector.explainSession', session, m.eventId);
    },
    headerExpanded: (m) => setHeaderExpanded(m.expanded),
  };

  /** A new panel, or one VS Code brought back after a reload (`panel` from the serializer). */
  constructor(
    panel: vscode.WebviewPanel,
    private source: SessionSource,
    private readonly services: PanelServices,
  ) {
    super(
      panel,
      { extensionUri: services.extensionUri, log: services.log, page: INSPECTOR_PAGE, who: 'Inspector', parse: parseWebviewMessage },
      source.title,
    );
    // Reading starts now, while the page loads: what it sends waits for the page (coveredByReady).
    void this.load();
  }

  static create(source: SessionSource, services: PanelServices): InspectorPanel {
    return new InspectorPanel(createPanel(InspectorPanel.viewType, source.title, services.extensionUri), source, services);
  }

  get key(): string {
    return this.source.key;
  }

  /** The whole session when it is kept in memory (it can grow: a chat); undefined for a sliced file. */
  get current(): Session | undefined {
    return this.held?.kept;
  }

  /** The loaded session's header (id, title, provider, agent, runs, totals), whether or not its events are kept. */
  get info(): Session | undefined {
    return this.held?.info;
  }

  /** The whole session: kept, or read again (a sliced file: refused with a message if it changed). */
  async session(): Promise<Session | undefined> {
    await this.loadDone;
    return this.held?.whole();
  }

  /** The whole session, or undefined after telling the user why it cannot be read again. */
  private async wholeOrSay(): Promise<Session | undefined> {
    try {
      return await this.session();
    } catch (e) {
      this.services.log.warn(`Inspector: ${this.source.key} could not be read again: ${describeError(e)}`);
      void vscode.window.showWarningMessage(describeError(e));
      return undefined;
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Shows another source in this panel (used when a file is reopened with new content). */
  replaceSource(source: SessionSource): void {
    this.source = source;
    this.panel.title = source.title;
    this.restoreKeyChanged();
    void this.load();
  }

  /** The page (re)loaded: a first load in progress goes on (its messages were waiting); else send what we have, or load it. */
  protected async onPageReady(): Promise<void> {
    const again = this.pageWasReady;
    this.pageWasReady = true;
    if (this.loading && !again) return;
    const kept = this.held?.kept;
    if (kept) await this.send(sessionParts(kept), new AbortController().signal);
    else await this.load();
  }

  /**
   * A load in progress before the page's first `ready` posts into the queue (the page gets it in
   * order); otherwise the session's messages are sent again in full on `ready`, not queued.
   */
  protected override coveredByReady(message: HostMessage): boolean {
    return message.type.startsWith('session/') && (this.pageWasReady || !this.loading);
  }

  /** The header's compact or full form, before the page draws. */
  protected override bodyData(): Record<string, string> {
    return { 'header-expanded': String(headerExpanded()) };
  }

  protected override restoreKey(): RestoreKey | undefined {
    return this.source.restore;
  }

  /** Brings one event into view on the page (links from the Chat view). */
  async revealEvent(eventId: string): Promise<void> {
    await this.post({ type: 'reveal', eventId });
  }

  /** "Compare with previous request": VS Code's diff of two consecutive requests of one agent. */
  private async compareRequests(eventId: string): Promise<void> {
    const session = await this.wholeOrSay();
    if (!session) return;
    const d = requestDiff(session, eventId);
    if ('reason' in d) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Cannot compare: {0}', d.reason));
      return;
    }
    const left = this.services.raw.put(`request ${d.previousEventId}.md`, d.left);
    const right = this.services.raw.put(`request ${eventId}.md`, d.right);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('Previous request ↔ request {0}', eventId));
  }

  /**
   * Loads (or reloads) the session; the page shows progress and, on failure, a Retry. The page
   * gets the header and each slice as the source maps them, and the full header at the end.
   */
  load(): Promise<void> {
    const done = this.loadNow();
    this.loadDone = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async loadNow(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.held = undefined;
    this.timeline.mark('load');
    // Not awaited: before the page's first `ready` this post waits in the queue, and reading
    // waited with it (the file was read only once the page had booted). The queue keeps the order.
    void this.post({ type: 'session/loading', title: this.source.title });
    try {
      const source = this.source;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading session “{0}”', source.title) },
        () => this.send(source.open(controller.signal), controller.signal),
      );
      const held = this.held as HeldSession | undefined;
      if (controller.signal.aborted || !held) return;
      const info = held.info;
      this.services.log.info(`Inspector: loaded ${this.source.key} (${info.totals.events ?? 0} events in ${info.runs.length} runs)`);
    } catch (e) {
      if (controller.signal.aborted || isCancelled(e)) return;
      this.services.log.warn(`Inspector: loading ${this.source.key} failed: ${describeError(e)}`);
      await this.post({ type: 'session/error', message: describeError(e) });
    } finally {
      if (this.loading === controller) this.loading = undefined;
    }
  }

  /**
   * The parts to the page: the header first, then the events as they come (a few chunks in flight
   * at once: waiting for each delivery made every chunk pay a round trip through the workbench;
   * postMessage keeps their order), then the full header. Keeps what the source holds at the end.
   */
  private async send(parts: AsyncIterable<SessionPart> | Iterable<SessionPart>, signal: AbortSignal): Promise<void> {
    const inFlight: Thenable<boolean>[] = [];
    const label = this.source.connectionLabel;
    let begun: Session | undefined;
    for await (const part of parts) {
      if (signal.aborted || this.isDisposed) return;
      if (part.type === 'begin') {
        begun = part.frame;
        if (part.frame.title) this.panel.title = part.frame.title;
        this.timeline.mark('begin');
        inFlight.push(
          this.post({
            type: 'session/begin',
            header: headerOf(part.frame, label),
            totalEvents: part.totalEvents,
            ...(part.totalEstimated ? { totalEstimated: true } : {}),
          }),
        );
      } else if (part.type === 'events') {
        for (let i = 0; i < part.events.length; i += EVENT_CHUNK_SIZE) {
          const posted = this.postChunk(part.events.slice(i, i + EVENT_CHUNK_SIZE).map(forPage));
          if (!this.timelineDone) this.markFirstEvents(posted);
          inFlight.push(posted);
        }
      } else {
        this.held = part.held;
        this.panel.title = part.held.info.title || this.source.title;
        this.timeline.mark('last-events');
        for (const sent of inFlight.splice(0)) if (!(await sent)) return;
        this.timeline.mark('events-delivered');
        const info = part.held.info;
        // The header at begin was the whole one unless the source learnt its runs and totals since.
        const ended = await this.post(
          info === begun ? { type: 'session/end' } : { type: 'session/end', header: headerOf(info, label, part.held.eventCounts) },
        );
        if (ended) this.timeline.mark('end-delivered');
        this.logTimeline();
        return;
      }
      while (inFlight.length >= CHUNKS_IN_FLIGHT) if (!(await inFlight.shift()!)) return;
    }
  }

  private timelineDone = false;
  /** The last chunk's turn to be posted: chunks are packed side by side but posted in order. */
  private chunkTurn: Promise<unknown> = Promise.resolve();

  /** Packs a chunk (compressing it off the thread) and posts it after the chunks before it; resolves when it was delivered. */
  private postChunk(events: readonly SessionEvent[]): Promise<boolean> {
    const packed = packChunk(events);
    const turn = this.chunkTurn.then(() => packed);
    this.chunkTurn = turn;
    // Posted when its turn comes, not when the one before was delivered: several stay in flight.
    return turn.then((message) => (this.isDisposed ? false : this.post(message)));
  }

  /** The first events are posted: marked, and when they reach the page. */
  private markFirstEvents(posted: Thenable<boolean>): void {
    this.timelineDone = true;
    this.timeline.mark('first-events');
    void posted.then((delivered) => {
      if (delivered) this.timeline.mark('first-events-delivered');
    });
  }

  /** The panel's way through its first load, logged once it has ended (bench:vscode reads the line). */
  private logTimeline(): void {
    const line = this.timeline.take();
    if (line) this.services.log.info(`Inspector: timeline of ${this.source.key} ${line}`);
  }

  /**
   * A live session grew (a chat in progress): the events join the session kept here (an event
   * whose id is already there replaces it, as a growing answer does) and go to the page, which
   * appends them — also while it replays.
   */
  async append(events: readonly SessionEvent[]): Promise<void> {
    const held = this.held;
    if (!held || !events.length) return;
    const session = held.kept;
    // A sliced file keeps no events to add to: it is read again.
    if (!session) return void this.load();
    const runs = session.runs.map((r) => ({ ...r, events: [...r.events] }));
    for (const event of events) {
      let run = runs.find((r) => r.id === event.runId);
      if (!run) runs.push((run = { id: event.runId, events: [], totals: { tokens: {} } }));
      upsertEvent(run.events, event);
    }
    const grown = withTotals({ ...session, runs });
    this.held = { ...keptSession(grown) };
    if (!this.isPageReady) return;
    for (let i = 0; i < events.length; i += EVENT_CHUNK_SIZE) {
      const chunk = events.slice(i, i + EVENT_CHUNK_SIZE).map(forPage);
      if (!(await this.post({ type: 'session/append', events: chunk }))) return;
    }
  }

  private async showRaw(eventId: string | undefined): Promise<void> {
    await this.loadDone;
    const held = this.held;
    if (!held) return;
    const { title } = held.info;
    try {
      if (!eventId) return await this.services.raw.show(`${title} (session)`, await held.sessionRaw());
      const raw = await held.raw(eventId);
      if (raw === undefined) {
        void vscode.window.showWarningMessage(vscode.l10n.t('That event is no longer in the session.'));
        return;
      }
      await this.services.raw.show(`${title} — ${raw.kind ? `${raw.kind} ` : ''}${eventId}`, raw.value);
    } catch (e) {
      this.services.log.warn(`Inspector: raw JSON of ${eventId ?? 'the session'} in ${this.source.key} not shown: ${describeError(e)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Raw JSON cannot be shown: {0}', describeError(e)));
    }
  }

  protected override onWillDispose(): void {
    this.loading?.abort();
    // Let go of the session (and a file source's parsed payloads) at once, even if something
    // still holds this panel: a closed inspector keeps nothing of a 100,000-event session.
    const held = this.held?.info.totals.events ?? 0;
    this.held = undefined;
    const { key, title, connectionLabel } = this.source;
    this.source = {
      key,
      title,
      connectionLabel,
      open: () => {
        throw new Error('this inspector was closed');
      },
    };
    if (held >= COLLECT_AFTER_EVENTS) void collectGarbageSoon();
    super.onWillDispose();
  }
}
