// Commands that open sessions: from the tree, by picking, or from a file on disk.
import * as vscode from 'vscode';
import { can } from '../providers/registry';
import * as fs from 'fs';
import { detectSessionFile } from '../providers/detect';
import { SLICED_FROM_BYTES } from '../providers/piper/fileSlices';
import { asFileError, piperFileInSlices } from '../providers/piper/largeFile';
import { arrivingFile, fileBytes, memoryBytes, slicedParts } from '../views/inspector/slicedSession';
import { looksLikeOtlpJson } from '../providers/otel/sniff';
import type { Session } from '../model';
import type { InspectorRestore } from '../protocol/messages';
import { otel } from '../views/otel/bundle';
import type { Services } from '../services';
import type { StoredConnection } from '../connections/store';
import type { TreeNode } from '../views/tree/nodes';
import { sessionParts, staticSource, wholeSource, type SessionPart, type SessionSource } from '../views/inspector/sources';
import { describeError } from '../util/errors';
import { toAbortSignal } from '../util/cancellation';
import { sessionKey } from '../util/sessionKey';
import { pickAgent, resolveConnection } from './pick';

interface SessionRef {
  connectionId: string;
  agentId: string;
  sessionId: string;
  title?: string;
}

export function registerSessionCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('agentInspector.openSessionItem', async (arg?: TreeNode | SessionRef) => {
      const ref = toRef(arg);
      if (!ref) return vscode.commands.executeCommand('agentInspector.openSession');
      const connection = s.store.get(ref.connectionId);
      if (!connection) {
        void vscode.window.showErrorMessage(vscode.l10n.t('That connection no longer exists.'));
        return;
      }
      s.inspector.open(providerSource(s, connection, ref));
    }),

    vscode.commands.registerCommand('agentInspector.openSession', async () => {
      const connection = await resolveConnection(s, undefined, () => true, vscode.l10n.t('Open a session from which connection?'));
      if (!connection) return;
      const agent = await pickAgent(s, connection);
      if (!agent) return;
      const sessionId = await pickSession(s, connection, agent.id);
      if (!sessionId) return;
      s.inspector.open(
        providerSource(s, connection, { connectionId: connection.id, agentId: agent.id, sessionId: sessionId.id, title: sessionId.title }),
      );
    }),

    vscode.commands.registerCommand('agentInspector.openSessionFile', async (uriArg?: vscode.Uri) => {
      const uri =
        uriArg instanceof vscode.Uri
          ? uriArg
          : (
              await vscode.window.showOpenDialog({
                canSelectMany: false,
                openLabel: vscode.l10n.t('Open Session'),
                title: vscode.l10n.t('Open Session File'),
                filters: { [vscode.l10n.t('Session JSON')]: ['json'], [vscode.l10n.t('All files')]: ['*'] },
              })
            )?.[0];
      if (!uri) return;
      const name = fileName(uri);
      if (await readInSlices(uri)) {
        // A large file: the panel opens at once and shows the first events while the rest are read.
        const source = fileSource(uri, { source: 'file', uri: uri.toString(), title: name });
        const existing = s.inspector.find(source.key);
        if (existing) {
          existing.reveal();
          existing.replaceSource(source);
        } else s.inspector.open(source);
        s.log.info(`Opening ${name} in slices`);
        return;
      }
      try {
        const { format, session, several } = await readSessionFile(uri, (text) => otlpSession(text, name));
        if (!session) return;
        s.log.info(`Opened ${name} as a ${format} session (${session.totals.events ?? 0} events)`);
        const key = `file:${uri.toString()}`;
        // After Reload Window the file is read again (one of several OTLP sessions by its id).
        const restore: InspectorRestore = {
          source: 'file',
          uri: uri.toString(),
          title: session.title,
          ...(several ? { sessionId: session.id } : {}),
        };
        const panel = s.inspector.open(staticSource(key, session, vscode.l10n.t('File: {0}', name), restore));
        // Opening the same file again shows its current content.
        if (panel.info && panel.current !== session)
          panel.replaceSource(staticSource(key, session, vscode.l10n.t('File: {0}', name), restore));
      } catch (e) {
        s.log.warn(`Could not open ${name}: ${describeError(e)}`);
        // The cause first: a toast cuts long messages, and the file's name is the least news.
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} — “{1}” was not opened as a session.', capitalise(describeError(e)), name));
      }
    }),

    vscode.commands.registerCommand('agentInspector.copySessionId', async (arg?: TreeNode) => {
      const id = arg && arg.type === 'session' ? arg.summary.id : s.inspector.active()?.info?.id;
      if (!id) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Select a session in the Sessions view or open one in the inspector first.'),
        );
        return;
      }
      await vscode.env.clipboard.writeText(id);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Session ID copied: {0}', id), 3000);
    }),
  ];
}

function toRef(arg: TreeNode | SessionRef | undefined): SessionRef | undefined {
  if (!arg) return undefined;
  if ('type' in arg)
    return arg.type === 'session'
      ? { connectionId: arg.connection.id, agentId: arg.agentId, sessionId: arg.summary.id, title: arg.summary.title }
      : undefined;
  return typeof arg.connectionId === 'string' && typeof arg.agentId === 'string' && typeof arg.sessionId === 'string' ? arg : undefined;
}

function providerSource(s: Services, connection: StoredConnection, ref: SessionRef): SessionSource {
  return wholeSource(
    {
      key: sessionKey(connection.id, ref.agentId, ref.sessionId),
      title: ref.title || ref.sessionId,
      connectionLabel: connection.label,
      restore: {
        source: 'session',
        connectionId: connection.id,
        agentId: ref.agentId,
        sessionId: ref.sessionId,
        title: ref.title,
        connectionLabel: connection.label,
      },
    },
    (signal) => loadFromProvider(s, connection, ref, signal),
    (signal) => openFromProvider(s, connection, ref, signal),
  );
}

/**
 * A provider session read in slices from its reply's bytes (Piper's events route): the first
 * events show before the last are mapped. Undefined: the provider has no sliced reading for it.
 */
async function openFromProvider(
  s: Services,
  connection: StoredConnection,
  ref: SessionRef,
  signal: AbortSignal,
): Promise<AsyncIterable<SessionPart> | undefined> {
  const sliced = await (await s.registry.get(connection)).openSession?.(ref.agentId, ref.sessionId, signal);
  // A reply's bytes are its only copy: raw JSON of an event reads its range there.
  const bytes = sliced?.bytes;
  if (!sliced || !bytes) return undefined;
  return (async function* () {
    for await (const part of slicedParts(sliced, memoryBytes(bytes), signal)) {
      if (part.type === 'end') await rememberTitle(s, connection, ref, part.held.info);
      yield part;
    }
  })();
}

async function loadFromProvider(s: Services, connection: StoredConnection, ref: SessionRef, signal: AbortSignal): Promise<Session> {
  const session = await (await s.registry.get(connection)).getSession(ref.agentId, ref.sessionId, signal);
  await rememberTitle(s, connection, ref, session);
  return session;
}

async function rememberTitle(s: Services, connection: StoredConnection, ref: SessionRef, session: Session): Promise<void> {
  // Where sessions are not listed (Piper: added by id), the tree knows no title until one is opened: keep it.
  if (!can(connection.kind, 'listSessions') && session.title && session.title !== ref.title) {
    await s.registry
      .memory(connection.id)
      .addSession(ref.agentId, { id: ref.sessionId, title: session.title, createdAt: session.createdAt });
    s.tree.refresh({ type: 'agent', connection, agent: { id: ref.agentId, name: ref.agentId } });
  }
}

/** Built-in connections (Local traces) are registered a moment after activation: a restored panel waits this long for one. */
const CONNECTION_WAIT_MS = 3000;

/**
 * The source an inspector had before Reload Window, from the key its page kept: the provider's
 * session fetched again, or the file read again. When the connection or the file is gone, loading
 * fails with a message that says so (the page shows it with Retry) instead of a blank panel.
 */
export function restoredSource(s: Services, r: InspectorRestore): SessionSource {
  if (r.source === 'file') return fileSource(vscode.Uri.parse(r.uri, true), r);
  const ref: SessionRef = { connectionId: r.connectionId, agentId: r.agentId, sessionId: r.sessionId, title: r.title };
  return wholeSource(
    {
      key: `${r.connectionId}/${r.agentId}/${r.sessionId}`,
      title: r.title || r.sessionId,
      connectionLabel: s.store.get(r.connectionId)?.label ?? r.connectionLabel,
      restore: r,
    },
    async (signal) => {
      const connection = s.store.get(r.connectionId) ?? (await connectionAppearing(s, r.connectionId, signal));
      if (!connection) {
        throw new Error(
          vscode.l10n.t(
            'The connection “{0}” this inspector showed no longer exists: add it again and press Retry, or open another session.',
            r.connectionLabel ?? r.connectionId,
          ),
        );
      }
      return loadFromProvider(s, connection, ref, signal);
    },
    async (signal) => {
      const connection = s.store.get(r.connectionId);
      return connection ? openFromProvider(s, connection, ref, signal) : undefined;
    },
  );
}

/** A session file on disk is read in slices from this size, unless it is OTLP (whose sessions are picked from the whole). */
async function readInSlices(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const stat = await fs.promises.stat(uri.fsPath).catch(() => undefined);
  if (!stat?.isFile() || stat.size < SLICED_FROM_BYTES) return false;
  const head = Buffer.alloc(4096);
  const handle = await fs.promises.open(uri.fsPath, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return !looksLikeOtlpJson(head.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * A session file (read again after Reload Window: one of several OTLP sessions by its id). A large
 * Piper file is read in slices and kept as byte ranges; any other is read whole. When the file is
 * gone, loading fails with a message that says so (the page shows it with Retry).
 */
function fileSource(uri: vscode.Uri, r: Extract<InspectorRestore, { source: 'file' }>): SessionSource {
  const name = fileName(uri);
  return {
    key: `file:${uri.toString()}`,
    title: r.title || name,
    connectionLabel: vscode.l10n.t('File: {0}', name),
    restore: r,
    async *open(signal) {
      try {
        if (await readInSlices(uri)) {
          const stat = await fs.promises.stat(uri.fsPath);
          // Read at offsets while its first slices are mapped; once loaded, only its layout is kept.
          const file = await arrivingFile(uri.fsPath, name, stat);
          try {
            const sliced = await piperFileInSlices(file);
            if (sliced) {
              try {
                yield* slicedParts(sliced, fileBytes(uri.fsPath, name, stat), signal);
              } catch (e) {
                throw asFileError(file.buf, e);
              }
              return;
            }
          } finally {
            await file.close();
          }
        }
        const read = await readSessionFile(uri, async (text) => {
          const sessions = otel().readOtlpJson(text).sessions;
          const session = r.sessionId ? sessions.find((x) => x.id === r.sessionId) : sessions[0];
          return session ? { format: 'otlp', session } : undefined;
        });
        if (!read.session)
          throw new Error(
            vscode.l10n.t('“{0}” no longer holds the session {1}: open the file again to pick one.', name, r.sessionId ?? ''),
          );
        yield* sessionParts(read.session);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (e instanceof vscode.FileSystemError || code === 'FileNotFound' || code === 'ENOENT') {
          throw new Error(
            vscode.l10n.t('The session file “{0}” is no longer there ({1}): open it again from where it is now.', name, describeError(e)),
            { cause: e },
          );
        }
        throw e;
      }
    },
  };
}

function connectionAppearing(s: Services, id: string, signal: AbortSignal): Promise<StoredConnection | undefined> {
  return new Promise((resolve) => {
    const done = (c: StoredConnection | undefined) => {
      clearTimeout(timer);
      sub.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve(c);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(undefined), CONNECTION_WAIT_MS);
    const sub = s.store.onDidChange(() => {
      const c = s.store.get(id);
      if (c) done(c);
    });
    signal.addEventListener('abort', onAbort);
  });
}

const fileName = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.toString();

/** A session file's session: OTLP JSON through `otlp` (which may ask which one), anything else detected. */
async function readSessionFile(
  uri: vscode.Uri,
  otlp: (text: string) => Promise<{ format: string; session: Session; several?: boolean } | undefined>,
): Promise<{ format: string; session?: Session; several?: boolean }> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const text = new TextDecoder('utf-8').decode(bytes);
  if (looksLikeOtlpJson(text)) return (await otlp(text)) ?? { format: 'otlp' };
  return detectSessionFile(text);
}

async function pickSession(
  s: Services,
  connection: StoredConnection,
  agentId: string,
): Promise<{ id: string; title?: string } | undefined> {
  const typeId = vscode.l10n.t('$(edit) Enter a session id…');
  try {
    const page = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading sessions…'), cancellable: true },
      async (_p, token) => (await s.registry.get(connection)).listSessions(agentId, undefined, 50, toAbortSignal(token)),
    );
    const items = [
      ...page.items.map((x) => ({ label: x.title || x.id, description: x.createdAt, detail: x.id, id: x.id })),
      { label: typeId, id: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder: vscode.l10n.t('Choose a session (newest first)'),
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    if (picked.id) return { id: picked.id, title: picked.label };
  } catch (e) {
    void vscode.window.showErrorMessage(describeError(e));
    return undefined;
  }
  const id = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Session id'),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the session id')),
  });
  return id ? { id: id.trim() } : undefined;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An OTLP JSON file: its sessions read by the OpenTelemetry bundle; the user picks one when there are several. */
async function otlpSession(text: string, name: string): Promise<{ format: string; session: Session; several?: boolean } | undefined> {
  const file = otel().readOtlpJson(text);
  if (file.sessions.length === 1) return { format: 'otlp', session: file.sessions[0]! };
  const pick = await vscode.window.showQuickPick(
    file.sessions.map((s) => ({
      label: s.title,
      description: s.agentName,
      detail: vscode.l10n.t('{0} runs · {1} events · {2}', s.runs.length, s.totals.events ?? 0, s.id),
      session: s,
    })),
    { title: vscode.l10n.t('{0} holds {1} sessions', name, file.sessions.length), placeHolder: vscode.l10n.t('Pick the session to open') },
  );
  return pick ? { format: 'otlp', session: pick.session, several: true } : undefined;
}
