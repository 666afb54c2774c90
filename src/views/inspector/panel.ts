// One inspector panel per session: owns the webview, loads the session from its source, streams
// it to the page in protocol chunks, and answers the page's requests (raw JSON, copy, open code).
import * as vscode from 'vscode';
import { requestDiff, upsertEvent, withTotals, type Session, type SessionEvent } from '../../model';
import { isCancelled } from '../../providers';
import { CHUNKS_IN_FLIGHT, EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE, parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../protocol/messages';
import { eventChunks, forPage, toSessionHeader } from '../../protocol/header';
import type { Logger } from '../../log';
import { describeError } from '../../util/errors';
import type { RawDocuments } from '../rawDocuments';
import { makeNonce, renderInspectorHtml } from './html';
import { answerPageRequest } from './pageRequests';
import type { SessionSource } from './sources';
import { Disposable } from '../../util/disposable';

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

export class InspectorPanel extends Disposable implements vscode.Disposable {
  static readonly viewType = 'agentInspector.inspector';

  private session: Session | undefined;
  private loading: AbortController | undefined;
  private pageReady = false;
  private readonly disposed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private readonly posted = this.register(new vscode.EventEmitter<HostMessage>());
  /** Every message sent to the page; the extension-host tests read the answers to page requests here. */
  readonly onDidPost = this.posted.event;

  constructor(readonly panel: vscode.WebviewPanel, private source: SessionSource, private readonly services: PanelServices) {
    super();
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html();
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.handleMessage(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel);
  }

  static create(source: SessionSource, services: PanelServices): InspectorPanel {
    const root = services.extensionUri;
    const panel = vscode.window.createWebviewPanel(InspectorPanel.viewType, source.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      // Big sessions are costly to re-send: keep the page alive while its tab is hidden.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    });
    return new InspectorPanel(panel, source, services);
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
    void this.load();
  }

  private html(): string {
    const webview = this.panel.webview;
    const asUri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.services.extensionUri, ...segments)).toString();
    return renderInspectorHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUris: [asUri('dist', 'codicons', 'codicon.css'), asUri('media', 'inspector.css')],
      title: this.source.title,
      bodyData: { 'header-expanded': String(headerExpanded()) },
    });
  }

  /** Answers one message from the page (public so extension-host tests can drive it). */
  async handleMessage(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.services.log.warn(`Inspector: ignored a message that does not fit the protocol (${parsed.error})`);
      return;
    }
    const m: WebviewMessage = parsed.value;
    try {
      switch (m.type) {
        case 'ready':
          this.pageReady = true;
          // The page may reload (e.g. after the webview was restored): send what we have.
          if (this.session) await this.send(this.session);
          else await this.load();
          return;
        case 'retry':
          await this.load();
          return;
        case 'showRaw':
          await this.showRaw(m.eventId);
          return;
        case 'compareRequests':
          await this.compareRequests(m.eventId);
          return;
        case 'explain':
          await vscode.commands.executeCommand('agentInspector.explainSession', this.session, m.eventId);
          return;
        case 'log':
          this.services.log[m.level](`Inspector page: ${m.message}`);
          return;
        case 'headerExpanded':
          await setHeaderExpanded(m.expanded);
          return;
        default:
          await answerPageRequest(m, { post: (msg) => this.post(msg), log: this.services.log, who: 'Inspector' });
      }
    } catch (e) {
      this.services.log.error(`Inspector: ${m.type} failed: ${describeError(e)}`);
      void vscode.window.showErrorMessage(describeError(e));
    }
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
    if (!this.pageReady) return;
    await this.post({ type: 'session/begin', header: toSessionHeader(session, this.source.connectionLabel), totalEvents: session.totals.events ?? 0 });
    // A few chunks in flight at once: waiting for each delivery before posting the next made every
    // chunk pay a whole round trip through the workbench (200 of them for 100,000 events).
    // postMessage keeps their order.
    const inFlight: Thenable<boolean>[] = [];
    for (const events of eventChunks(session, EVENT_CHUNK_SIZE, FIRST_CHUNK_SIZE)) {
      inFlight.push(this.post({ type: 'session/events', events }));
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
    if (!this.pageReady) return;
    for (let i = 0; i < events.length; i += EVENT_CHUNK_SIZE) {
      const chunk = events.slice(i, i + EVENT_CHUNK_SIZE).map(forPage);
      if (!(await this.post({ type: 'session/append', events: chunk }))) return;
    }
  }

  private post(message: HostMessage): Thenable<boolean> {
    this.posted.fire(message);
    return this.panel.webview.postMessage(message).then(undefined, () => false);
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
    this.disposed.fire();
    // Let go of the session (and a file source's parsed payloads) at once, even if something
    // still holds this panel: a closed inspector keeps nothing of a 100,000-event session.
    this.session = undefined;
    const { key, title, connectionLabel } = this.source;
    this.source = { key, title, connectionLabel, load: () => Promise.reject(new Error('this inspector was closed')) };
  }
}

