// Shared helpers of the extension-host tests. These run inside VS Code's extension host with the
// real `vscode` API, in code-server (run-ext-tests.js) and in desktop VS Code (run-desktop.js).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Connection, Session } from '../../../src/model';
import type { ProviderDescriptor } from '../../../src/providers/registry';
import type { RawDocuments } from '../../../src/views/rawDocuments';

export const EXTENSION_ID = 'agent-inspector.agent-session-inspector';
/** Where ConnectionStore keeps a connection's token (src/connections/store.ts, SECRET_PREFIX). */
export const secretKey = (connectionId: string) => `agentInspector.token.${connectionId}`;
/** The token SecretStorage holds for a connection: stored as {origin, token} (src/connections/tokenBinding.ts). */
export async function storedToken(api: TestingApi, connectionId: string): Promise<{ token: string; origin?: string } | undefined> {
  const raw = await api.context.secrets.get(secretKey(connectionId));
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as { token?: unknown; origin?: unknown };
    if (typeof v.token === 'string') return { token: v.token, origin: typeof v.origin === 'string' ? v.origin : undefined };
  } catch {
    /* a plain token (written before tokens were bound to an origin) */
  }
  return { token: raw };
}
/** test/vscode/fixtures, found from the bundled suite in out/test/vscode/suite. */
export const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'vscode', 'fixtures');

/** What activate() returns when the extension runs in ExtensionMode.Test. */
export interface TestingApi {
  context: vscode.ExtensionContext;
  tree: vscode.TreeDataProvider<unknown>;
  logLines(): string[];
  connections(): Connection[];
  inspected(key: string): Session | undefined;
  inspector(key: string): { info: Session | undefined; handleMessage(data: unknown): Promise<void> } | undefined;
  /** The extension's registered read-only documents (src/views/rawDocuments.ts). */
  raw: RawDocuments;
  /** Adds a provider kind to the extension's own registry (the suite's bundle has a copy of its own). */
  registerProvider(descriptor: ProviderDescriptor): () => void;
  /** Events the busy chat's reply has streamed so far. */
  chatReplyEvents(): number;
}

export function extension(): vscode.Extension<{ testing?: TestingApi }> {
  const ext = vscode.extensions.getExtension<{ testing?: TestingApi }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function testingApi(): Promise<TestingApi> {
  const api = await extension().activate();
  assert.ok(api && api.testing, 'activate() returned no `testing` API although the extension runs in ExtensionMode.Test');
  return api.testing;
}

export interface Node {
  element: unknown;
  item: vscode.TreeItem;
  label: string;
}

export function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : l ? l.label : '';
}

/** Children of a tree element (root when omitted) with their resolved TreeItems. */
export async function children(tree: vscode.TreeDataProvider<unknown>, element?: unknown): Promise<Node[]> {
  const kids = (await tree.getChildren(element)) ?? [];
  const out: Node[] = [];
  for (const k of kids) {
    const item = await tree.getTreeItem(k);
    out.push({ element: k, item, label: labelOf(item) });
  }
  return out;
}

export async function childByLabel(tree: vscode.TreeDataProvider<unknown>, parent: unknown, label: string): Promise<Node> {
  const kids = await children(tree, parent);
  const hit = kids.find((k) => k.label === label);
  assert.ok(
    hit,
    `no tree item "${label}" under ${parent === undefined ? 'the root' : 'its parent'}; found: ${JSON.stringify(kids.map((k) => k.label))}`,
  );
  return hit;
}

export function isLoadMore(node: Node): boolean {
  return /^load more/i.test(node.label);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns something truthy; the tab list, for one, lags a command a little. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** How long a tree or inspector load through the simulator may take in these tests. */
export const LOAD_WAIT_MS = 15000;

/** Children of `parent`, polled until `ok` accepts them (the tree reloads asynchronously after commands). */
export async function childrenWhen(
  api: TestingApi,
  parent: () => Promise<unknown> | unknown,
  ok: (kids: Node[]) => boolean,
  what: string,
): Promise<Node[]> {
  let last: Node[] = [];
  try {
    return await waitFor(
      async () => {
        last = await children(api.tree, await parent());
        return ok(last) ? last : undefined;
      },
      LOAD_WAIT_MS,
      what,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last children: ${JSON.stringify(last.map((k) => k.label))}`, { cause: e });
  }
}

export function openTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

export function tabLabels(): string[] {
  return openTabs().map((t) => t.label);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => openTabs().length === 0, 5000, 'all editors to close');
}

/** Settles with the command's outcome, or 'pending' when it is still waiting (e.g. on a message a user would dismiss). */
export async function settleWithin<T>(
  p: Thenable<T>,
  ms: number,
): Promise<{ state: 'fulfilled'; value: T } | { state: 'rejected'; error: unknown } | { state: 'pending' }> {
  return Promise.race([
    Promise.resolve(p).then(
      (value) => ({ state: 'fulfilled' as const, value }),
      (error: unknown) => ({ state: 'rejected' as const, error }),
    ),
    sleep(ms).then(() => ({ state: 'pending' as const })),
  ]);
}

/** The session a tree node stands for: the SessionSummary (id, agentId, title…) its element carries. */
export function summaryOf(node: Node): { id: string; agentId: string; title: string; createdAt?: string } {
  const seen = new Set<unknown>();
  const find = (v: unknown, depth: number): Record<string, unknown> | undefined => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 3) return undefined;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.agentId === 'string' && typeof o.title === 'string') return o;
    for (const k of Object.keys(o)) {
      const hit = find(o[k], depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  const hit = find(node.element, 0);
  assert.ok(hit, `tree node "${node.label}" carries no SessionSummary (id, agentId, title)`);
  return hit as { id: string; agentId: string; title: string; createdAt?: string };
}
