// One inspector panel per session: loads the session from its source, streams it to the page in
// protocol chunks, and answers the page's own requests (raw JSON, compare, explain, retry). The
// webview plumbing (ready handshake, dispatch, core requests, disposal) is webviewHost's.
import * as vscode from 'vscode';
import { requestDiff, upsertEvent, withTotals, type Session, type SessionEvent } from '../../model';
import { isCancelled } from '../../providers';
import {
  CHUNKS_IN_FLIGHT,
  EVENT_CHUNK_SIZE,
  FIRST_CHUNK_SIZE,
  parseWebviewMessage,
  type HostMessage,
  type WebviewMessage,
} from '../../protocol/messages';
import type { RestoreKey } from '../../protocol/core';
import { eventChunks, forPage, toSessionHeader } from '../../protocol/header';
import { packEvents } from '../../protocol/packed';
import type { Logger } from '../../log';
import { describeError } from '../../util/errors';
import type { RawDocuments } from '../rawDocuments';
import { createPanel, WebviewPanelHost, type PageHandlers } from '../webviewHost/panelHost';
import { INSPECTOR_PAGE } from './html';
import type { SessionSource } from './sources';
import { collectGarbageSoon, COLLECT_AFTER_EVENTS } from '../../util/memory';

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

  private session: Session | undefined;
  private loading: AbortController | undefined;

  protected readonly handlers: PageHandlers<WebviewMessage> = {
    retry: () => this.load(),
    showRaw: (m) => this.showRaw(m.eventId),
    compareRequests: (m) => this.compareRequests(m.eventId),
    explain: (m) => vscode.commands.executeCommand('agentInspector.explainSession', this.session, m.eventId),
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
  }

  static create(source: SessionSource, services: PanelServices): InspectorPanel {
    return new InspectorPanel(createPanel(InspectorPanel.viewType, source.title, services.extensionUri), source, services);
  }

  get key(): string {
    return this.source.key;
  }

  get current(): Session | undefined {
    return this.session;
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

  /** The page (re)loaded: send what we have, or load it. */
  protected async onPageReady(): Promise<void> {
    if (this.session) await this.send(this.session);
    else await this.load();
  }

  /** The session's messages are sent again in full on `ready`: those posted earlier are not queued. */
  protected override coveredByReady(message: HostMessage): boolean {
    return message.type.startsWith('session/');
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
    if (!this.session) return;
    const d = requestDiff(this.session, eventId);
    if ('reason' in d) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Cannot compare: {0}', d.reason));
      return;
    }
    const left = this.services.raw.put(`request ${d.previousEventId}.md`, d.left);
    const right = this.services.raw.put(`request ${eventId}.md`, d.right);
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('Previous request ↔ request {0}', eventId));
  }

  /** Loads (or reloads) the session; the page shows progress and, on failure, a Retry. */
  async load(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    await this.post({ type: 'session/loading', title: this.source.title });
    try {
      const session = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading session “{0}”', this.source.title) },
        () => this.source.load(controller.signal),
      );
      if (controller.signal.aborted) return;
      this.session = session;
      this.panel.title = session.title || this.source.title;
      this.services.log.info(`Inspector: loaded ${this.source.key} (${session.totals.events ?? 0} events in ${session.runs.length} runs)`);
      await this.send(session);
    } catch (e) {
      if (controller.signal.aborted || isCancelled(e)) return;
      this.services.log.warn(`Inspector: loading ${this.source.key} failed: ${describeError(e)}`);
      await this.post({ type: 'session/error', message: describeError(e) });
    } finally {
      if (this.loading === controller) this.loading = undefined;
    }
  }

  /** Header first, then the events in chunks, so the first events paint before the last arrive. */
  private async send(session: Session): Promise<void> {
    if (!this.isPageReady) return;
    await this.post({
      type: 'session/begin',
      header: toSessionHeader(session, this.source.connectionLabel),
      totalEvents: session.totals.events ?? 0,
    });
    // A few chunks in flight at once: waiting for each delivery before posting the next made every
    // chunk pay a whole round trip through the workbench (200 of them for 100,000 events).
    // postMessage keeps their order.
    const inFlight: Thenable<boolean>[] = [];
    for (const events of eventChunks(session, EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE)) {
      inFlight.push(this.post(packEvents(events)));
      if (inFlight.length >= CHUNKS_IN_FLIGHT && !(await inFlight.shift()!)) return;
    }
    for (const sent of inFlight) if (!(await sent)) return;
    await this.post({ type: 'session/end' });
  }

  /**
   * A live session grew (a chat in progress): the events join the session kept here (an event
   * whose id is already there replaces it, as a growing answer does) and go to the page, which
   * appends them — also while it replays.
   */
  async append(events: readonly SessionEvent[]): Promise<void> {
    const session = this.session;
    if (!session || !events.length) return;
    const runs = session.runs.map((r) => ({ ...r, events: [...r.events] }));
    for (const event of events) {
      let run = runs.find((r) => r.id === event.runId);
      if (!run) runs.push((run = { id: event.runId, events: [], totals: { tokens: {} } }));
      upsertEvent(run.events, event);
    }
    this.session = withTotals({ ...session, runs });
    if (!this.isPageReady) return;
    for (let i = 0; i < events.length; i += EVENT_CHUNK_SIZE) {
      const chunk = events.slice(i, i + EVENT_CHUNK_SIZE).map(forPage);
      if (!(await this.post({ type: 'session/append', events: chunk }))) return;
    }
  }

  private async showRaw(eventId: string | undefined): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!eventId) return this.services.raw.show(`${session.title} (session)`, session);
    for (const run of session.runs) {
      const event = run.events.find((e) => e.id === eventId);
      if (event) return this.services.raw.show(`${session.title} — ${event.kind} ${event.id}`, event.raw ?? event);
    }
    void vscode.window.showWarningMessage(vscode.l10n.t('That event is no longer in the session.'));
  }

  protected override onWillDispose(): void {
    this.loading?.abort();
    // Let go of the session (and a file source's parsed payloads) at once, even if something
    // still holds this panel: a closed inspector keeps nothing of a 100,000-event session.
    const held = this.session?.totals.events ?? 0;
    this.session = undefined;
    const { key, title, connectionLabel } = this.source;
    this.source = { key, title, connectionLabel, load: () => Promise.reject(new Error('this inspector was closed')) };
    if (held >= COLLECT_AFTER_EVENTS) void collectGarbageSoon();
    super.onWillDispose();
  }
}
