// The trace receiver in VS Code: Start / Stop Trace Receiver and Clear Received Traces, the
// settings (port, start with the window, storage size and age), a status-bar item (listening, on
// which port, how many spans), the "Local traces" source in the Sessions tree updated as spans
// arrive, and inspectors open on a received session appending what arrives. The OpenTelemetry
// bundle is loaded only here, when the receiver starts or stored traces are first shown.
import * as vscode from 'vscode';
import type { Connection, Session, SessionEvent } from '../../model';
import type { OtlpReceiver, TraceStore } from '../../providers/otel';
import { otelDescriptor, TRACE_STORAGE_DIR } from '../../providers/otel/descriptor';
import type { Services } from '../../services';
import { describeError } from '../../util/errors';
import { otel } from './bundle';

const LOCAL_ID = 'otel-local';
const SETTINGS = 'agentInspector.traceReceiver';

export class TraceReceiverHost implements vscode.Disposable {
  private receiver: OtlpReceiver | undefined;
  private store: TraceStore | undefined;
  private opening: Promise<TraceStore> | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private pendingIds = new Set<string>();
  private port: number | undefined;

  constructor(private readonly s: Services) {
    this.status = vscode.window.createStatusBarItem('agentInspector.traceReceiver', vscode.StatusBarAlignment.Right, 50);
    this.status.name = vscode.l10n.t('Trace Receiver');
    this.status.command = 'agentInspector.showReceivedTraces';
    this.disposables.push(
      this.status,
      // Scripts and tests may pass a port (0: any free one); from the palette the setting's is used.
      vscode.commands.registerCommand('agentInspector.startTraceReceiver', (port?: unknown) => {
        if (port === undefined || port === null) return this.start();
        const n = typeof port === 'string' && port.trim() !== '' ? Number(port) : port;
        if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535) return this.start(n);
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'Start Trace Receiver: the port must be a whole number from 0 to 65535 (0 picks a free one); got {0}.',
            String(port).slice(0, 40),
          ),
        );
        return undefined;
      }),
      vscode.commands.registerCommand('agentInspector.stopTraceReceiver', () => this.stop(true)),
      // `{ confirm: false }` (scripts and tests) clears without asking.
      vscode.commands.registerCommand('agentInspector.clearReceivedTraces', (o?: { confirm?: boolean }) =>
        this.clear(o?.confirm !== false),
      ),
      vscode.commands.registerCommand('agentInspector.showReceivedTraces', () => this.show()),
    );
    // Received traces from an earlier window are shown once the Sessions view is: the extension
    // activates after start-up in every window (onStartupFinished, for "start with the window"),
    // and a window that never shows the view must not read a trace store of up to 200 MB.
    if (this.config().get<boolean>('startWithWindow', false)) setTimeout(() => void this.start(), 0);
    this.whenTreeShown(() => void this.showStoredIfAny());
  }

  private whenTreeShown(run: () => void): void {
    const view = this.s.treeView;
    if (view.visible) {
      setTimeout(run, 0);
      return;
    }
    const once = view.onDidChangeVisibility((e) => {
      if (!e.visible) return;
      once.dispose();
      run();
    });
    this.disposables.push(once);
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SETTINGS);
  }

  private storageDir(): string {
    return vscode.Uri.joinPath(this.s.context.globalStorageUri, TRACE_STORAGE_DIR).fsPath;
  }

  private connection(): Connection {
    return {
      id: LOCAL_ID,
      kind: otelDescriptor.kind,
      label: vscode.l10n.t('Local traces'),
      baseUrl: this.port ? `http://127.0.0.1:${this.port}` : undefined,
    };
  }

  private openStore(): Promise<TraceStore> {
    if (this.store) return Promise.resolve(this.store);
    this.opening ??= (async () => {
      const o = otel();
      const maxMb = clampNumber(this.config().get<number>('maxStorageMB', 200), 1, 10_000, 200);
      const days = clampNumber(this.config().get<number>('retentionDays', 7), 0, 3650, 7);
      const store = await o.TraceStore.open({
        dir: this.storageDir(),
        maxBytes: maxMb * 1024 * 1024,
        maxAgeDays: days,
        connectionId: LOCAL_ID,
      });
      if (store.skippedLines)
        this.s.log.warn(`Received traces: ${store.skippedLines} stored line(s) could not be read (a write cut short) and were dropped.`);
      this.disposables.push(store.onDidChange((ids) => this.changed(ids)));
      this.store = store;
      this.s.registry.setBuiltIn(LOCAL_ID, new o.LocalTracesProvider(this.connection(), store));
      return store;
    })();
    return this.opening;
  }

  private async showStoredIfAny(): Promise<void> {
    try {
      const file = vscode.Uri.joinPath(this.s.context.globalStorageUri, TRACE_STORAGE_DIR, 'received-telemetry.jsonl');
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.size > 0 && !this.store) {
        await this.openStore();
        this.s.store.setBuiltIn(LOCAL_ID, this.connection());
      }
    } catch {
      // No stored traces: nothing to show until the receiver starts.
    }
  }

  async start(port?: number): Promise<void> {
    if (this.receiver) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The trace receiver is already listening on 127.0.0.1:{0}.', this.port ?? '?'),
      );
      return;
    }
    const wanted = port ?? clampNumber(this.config().get<number>('port', 4318), 1, 65535, 4318);
    let store: TraceStore;
    try {
      store = await this.openStore();
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the received-traces storage: {0}', describeError(e)));
      return;
    }
    const o = otel();
    const receiver = new o.OtlpReceiver({
      port: wanted,
      maxBodyBytes: clampNumber(this.config().get<number>('maxRequestMB', 16), 1, 512, 16) * 1024 * 1024,
      maxDecompressedBytes: clampNumber(this.config().get<number>('maxRequestMB', 16), 1, 512, 16) * 4 * 1024 * 1024,
      sink: (b) => store.append(b.spans, b.logs),
      log: (level, message) => (level === 'warn' ? this.s.log.warn(message) : this.s.log.info(message)),
    });
    try {
      this.port = await receiver.start();
    } catch (e) {
      if (e instanceof o.PortInUseError) return this.portTaken(wanted);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the trace receiver: {0}', describeError(e)));
      return;
    }
    this.receiver = receiver;
    this.s.log.info(`Trace receiver listening on http://127.0.0.1:${this.port} (POST /v1/traces, /v1/logs)`);
    this.s.store.setBuiltIn(LOCAL_ID, undefined);
    this.s.registry.setBuiltIn(LOCAL_ID, new o.LocalTracesProvider(this.connection(), store));
    this.s.store.setBuiltIn(LOCAL_ID, this.connection());
    this.updateStatus();
    void vscode.commands.executeCommand('setContext', 'agentInspector.traceReceiverRunning', true);
  }

  /** Another collector (Foundry Toolkit, Aspire, an OpenTelemetry Collector) holds the port: offer the next free one. */
  private async portTaken(port: number): Promise<void> {
    const free = await findFreePort(port + 1);
    const use = free ? vscode.l10n.t('Use Port {0}', free) : undefined;
    const settings = vscode.l10n.t('Change Port Setting');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Port {0} is already in use on 127.0.0.1 — another OTLP collector (Foundry Toolkit, Aspire, an OpenTelemetry Collector) may be running there.',
        port,
      ),
      ...(use ? [use] : []),
      settings,
    );
    if (pick === use && free) {
      await this.config().update('port', free, vscode.ConfigurationTarget.Global);
      await this.start(free);
    } else if (pick === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS}.port`);
    }
  }

  async stop(say = false): Promise<void> {
    const r = this.receiver;
    if (!r) {
      if (say) void vscode.window.showInformationMessage(vscode.l10n.t('The trace receiver is not running.'));
      return;
    }
    this.receiver = undefined;
    await r.stop();
    this.s.log.info(`Trace receiver stopped (${r.received.spans} spans, ${r.received.logs} log records received).`);
    this.port = undefined;
    this.updateStatus();
    void vscode.commands.executeCommand('setContext', 'agentInspector.traceReceiverRunning', false);
  }

  private async clear(confirm = true): Promise<void> {
    const store = await this.openStore().catch(() => undefined);
    if (!store) return;
    if (confirm) {
      const yes = vscode.l10n.t('Clear');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete every received trace ({0} spans)?', store.spanCount),
        { modal: true },
        yes,
      );
      if (pick !== yes) return;
    }
    await store.clear();
    this.s.log.info('Received traces cleared.');
    this.s.tree.refresh();
    this.updateStatus();
  }

  private async show(): Promise<void> {
    await vscode.commands.executeCommand('agentInspector.sessions.focus');
    const connection = this.s.store.get(LOCAL_ID);
    if (connection) await this.s.treeView.reveal({ type: 'connection', connection } as never, { expand: true, focus: true, select: true });
  }

  private updateStatus(): void {
    if (!this.receiver) {
      this.status.hide();
      return;
    }
    const spans = this.receiver.received.spans;
    this.status.text = `$(radio-tower) OTLP :${this.port} · ${spans}`;
    this.status.tooltip = vscode.l10n.t(
      'Trace receiver listening on http://127.0.0.1:{0} — {1} spans received. Click to show the received sessions.',
      this.port ?? '?',
      spans,
    );
    this.status.show();
  }

  /** Spans arrived: the tree, the status bar and any inspector open on a changed session catch up (at most every 300 ms). */
  private changed(ids: string[]): void {
    for (const id of ids) this.pendingIds.add(id);
    this.updateStatus();
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const changed = [...this.pendingIds];
      this.pendingIds.clear();
      const connection = this.s.store.get(LOCAL_ID);
      if (connection) this.s.tree.refresh({ type: 'connection', connection });
      for (const id of changed) void this.appendLive(id);
    }, 300);
  }

  private async appendLive(sessionId: string): Promise<void> {
    const store = this.store;
    if (!store) return;
    const session = store.session(sessionId);
    if (!session) return;
    const panel = this.s.inspector.find(`${LOCAL_ID}/${session.agentId}/${sessionId}`);
    const shown = panel?.current;
    if (!panel || !shown) return;
    const events = newOrChanged(shown, session);
    if (events.length) await panel.append(events);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    void this.receiver?.stop(500);
    this.receiver = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

/** Events of `next` that `shown` lacks or holds in another version. */
export function newOrChanged(shown: Session, next: Session): SessionEvent[] {
  const known = new Map<string, string>();
  for (const r of shown.runs) for (const e of r.events) known.set(e.id, JSON.stringify(e));
  const out: SessionEvent[] = [];
  for (const r of next.runs) for (const e of r.events) if (known.get(e.id) !== JSON.stringify(e)) out.push(e);
  return out;
}

function clampNumber(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

async function findFreePort(from: number): Promise<number | undefined> {
  const net = await import('node:net');
  for (let p = from; p < from + 20 && p <= 65535; p++) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen({ port: p, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
    });
    if (ok) return p;
  }
  return undefined;
}
