// The one webview panel host both pages (inspector, chat) are built on: the panel's options and
// strict-CSP HTML, the ready handshake (posts wait until the page listens), parse-then-dispatch
// with one error path, the core requests every page makes, the restore key the serializer reads
// after Reload Window, and disposal once (src/util/disposable.ts).
import * as vscode from 'vscode';
import type { CoreHostMessage, CorePageMessage, ParseResult, RestoreKey } from '../../protocol/core';
import type { Logger } from '../../log';
import { describeError } from '../../util/errors';
import { Disposable } from '../../util/disposable';
import { makeNonce, renderWebviewPage, type PageSpec } from './html';
import { answerPageRequest } from './pageRequests';
import { Timeline } from './timeline';

/** Options of every panel: scripts, find, kept alive while hidden, resources from dist/ and media/ only. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // Big sessions are costly to re-send, and a reply keeps streaming while its tab is hidden.
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function createPanel(viewType: string, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, panelOptions(extensionUri));
}

/** The core page requests the host answers itself; the rest go to the panel's handlers. */
type CoreAnswered = 'ready' | 'log' | 'copy' | 'openCode' | 'openLink' | 'resolvePaths' | 'openFile';

/** One handler per message the page may send that the host does not answer itself: a missing one is a type error. */
export type PageHandlers<In extends { type: string }> = {
  [K in Exclude<In['type'], CoreAnswered>]: (message: Extract<In, { type: K }>) => unknown;
};

export interface PanelHostOptions<In> {
  extensionUri: vscode.Uri;
  log: Logger;
  page: PageSpec;
  /** "Inspector" or "Chat": the log lines' prefix. */
  who: string;
  /** The page's protocol: the core messages plus its own. */
  parse: (data: unknown) => ParseResult<In>;
}

interface Queued<Out> {
  message: Out;
  settle(delivered: boolean): void;
}

export abstract class WebviewPanelHost<In extends { type: string }, Out extends { type: string }>
  extends Disposable
  implements vscode.Disposable
{
  private pageReady = false;
  /** When this panel was made and when its page got ready; the panel adds its own marks (bench:vscode reads the log line). */
  protected readonly timeline = new Timeline();
  private queued: Queued<Out>[] = [];
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly postedEmitter = this.register(new vscode.EventEmitter<Out>());
  /** Every message sent to the page; the extension-host tests read the answers to page requests here. */
  readonly onDidPost = this.postedEmitter.event;

  /** One handler per page message of this page's own (ready, log and the agent-content requests are answered here). */
  protected abstract readonly handlers: PageHandlers<In>;

  /** A created panel, or one VS Code restored after a reload (the serializer hands it over). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly hostOptions: PanelHostOptions<In>,
    title: string,
  ) {
    super();
    const root = hostOptions.extensionUri;
    // A restored panel comes back with what VS Code kept; set the options again all the same.
    panel.webview.options = { enableScripts: true, localResourceRoots: panelOptions(root).localResourceRoots };
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.svg');
    panel.title = title;
    panel.webview.html = this.html(title);
    this.timeline.mark('html');
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.handleMessage(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel);
  }

  /** True once the page said `ready`: it listens, and posts go straight to it. */
  protected get isPageReady(): boolean {
    return this.pageReady;
  }

  /**
   * The page loaded (first time, or again after a reload): send what a fresh page needs (the
   * inspector its session, the chat its turns). Posts made before `ready` are delivered after
   * this, except those `coveredByReady` says this rebuilds.
   */
  protected abstract onPageReady(): Promise<void> | void;

  /** Posts the `onPageReady` snapshot rebuilds: dropped instead of queued until the page is ready. */
  protected coveredByReady(_message: Out): boolean {
    return false;
  }

  /** `data-*` attributes of the page's <body> (preferences it needs before it draws). */
  protected bodyData(): Record<string, string> | undefined {
    return undefined;
  }

  /** What brings this panel back after Reload Window (sent to the page, which keeps it); undefined: nothing can. */
  protected restoreKey(): RestoreKey | undefined {
    return undefined;
  }

  /** The restore key changed (a chat got its session, an inspector another source): the page keeps the new one. */
  protected restoreKeyChanged(): void {
    if (this.pageReady) void this.sendRestoreKey();
  }

  /**
   * Sends one message to the page. Before the page is ready it waits in order (or is dropped when
   * the ready snapshot covers it); resolves to whether it was delivered.
   */
  protected post(message: Out): Thenable<boolean> {
    if (this.isDisposed) return Promise.resolve(false);
    this.postedEmitter.fire(message);
    if (!this.pageReady) {
      if (this.coveredByReady(message)) return Promise.resolve(false);
      return new Promise<boolean>((settle) => this.queued.push({ message, settle }));
    }
    return this.deliver(message);
  }

  private deliver(message: Out): Thenable<boolean> {
    return this.panel.webview.postMessage(message).then(undefined, () => false);
  }

  /** Answers one message from the page (public so extension-host tests can drive it). */
  async handleMessage(data: unknown): Promise<void> {
    const { who, log, parse } = this.hostOptions;
    const parsed = parse(data);
    if (!parsed.ok) {
      log.warn(`${who}: ignored a message that does not fit the protocol (${parsed.error})`);
      return;
    }
    const m = parsed.value;
    // Every page's protocol includes the core messages (src/protocol/core.ts).
    const core = m as unknown as CorePageMessage;
    try {
      switch (core.type) {
        case 'ready':
          return await this.ready();
        case 'log':
          log[core.level](`${who} page: ${core.message}`);
          return;
        case 'copy':
        case 'openCode':
        case 'openLink':
        case 'resolvePaths':
        case 'openFile':
          await answerPageRequest(core, { post: (answer) => this.post(answer as CoreHostMessage as unknown as Out), log, who });
          return;
        default: {
          const handler = (this.handlers as Record<string, (message: unknown) => unknown>)[m.type];
          await handler?.(m);
        }
      }
    } catch (e) {
      log.error(`${who}: ${m.type} failed: ${describeError(e)}`);
      void vscode.window.showErrorMessage(describeError(e));
    }
  }

  private async ready(): Promise<void> {
    this.timeline.mark('ready');
    this.pageReady = true;
    try {
      // Not awaited, nor is each waiting post below: postMessage keeps their order, and waiting
      // for each delivery made every message before the first events pay a round trip through
      // the workbench (the restore key, session/loading, session/begin: 218–505 ms from the
      // host's first chunk to the page at 10,000 events in bench:vscode).
      void this.sendRestoreKey();
      await this.onPageReady();
    } finally {
      // In the order posted, after the snapshot (a reveal or an insert applies to what it drew).
      for (const q of this.queued.splice(0)) void this.deliver(q.message).then(q.settle);
    }
  }

  private sendRestoreKey(): Thenable<boolean> | undefined {
    const key = this.restoreKey();
    return key ? this.deliver({ type: 'page/restore', key } satisfies CoreHostMessage as unknown as Out) : undefined;
  }

  private html(title: string): string {
    const { page, extensionUri } = this.hostOptions;
    const webview = this.panel.webview;
    const asUri = (segments: readonly string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
    return renderWebviewPage(
      {
        cspSource: webview.cspSource,
        nonce: makeNonce(),
        scriptUri: asUri(page.script),
        styleUris: page.styles.map(asUri),
        title,
        bodyData: this.bodyData(),
      },
      page,
    );
  }

  /** Subclasses that override this call super.onWillDispose() last. */
  protected override onWillDispose(): void {
    for (const q of this.queued.splice(0)) q.settle(false);
    this.disposedEmitter.fire();
  }
}
