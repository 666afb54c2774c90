// What several ext-host suites set up the same way, built in one place: the demo's bundled sample
// sessions as the Sessions tree lists them (with the session each stands for), and inspector
// panels of a suite's own on sessions it chooses, with a log of their own.
import * as assert from 'assert';
import type { Session } from '../../../src/model';
import { Logger } from '../../../src/log';
import { catalog } from '../../../src/providers/demo/catalog';
import { InspectorPanel } from '../../../src/views/inspector/panel';
import { staticSource } from '../../../src/views/inspector/sources';
import type { RawDocuments } from '../../../src/views/rawDocuments';
import { childByLabel, children, extension, isLoadMore, summaryOf, type Node, type TestingApi } from './helpers';

export interface DemoSample {
  node: Node;
  /** The session behind the row, as the demo catalog builds it (what the provider serves). */
  session(): Session;
}

/**
 * A demo agent's bundled samples, in the tree's order; chats other suites had with the agent are
 * listed in the tree too and left out here. Fails when there are fewer than `atLeast`.
 */
export async function demoSamples(api: TestingApi, agentName: string, atLeast = 1): Promise<DemoSample[]> {
  const demo = await childByLabel(api.tree, undefined, 'Demo Sessions');
  const agent = await childByLabel(api.tree, demo.element, agentName);
  const bundled = new Map(catalog().map((e) => [e.summary.id, e] as const));
  const rows = (await children(api.tree, agent.element)).filter((k) => !isLoadMore(k) && bundled.has(summaryOf(k).id));
  assert.ok(rows.length >= atLeast, `the ${agentName} demo agent has ${rows.length} bundled sessions, fewer than ${atLeast}`);
  return rows.map((node) => ({ node, session: () => bundled.get(summaryOf(node).id)!.load() }));
}

/** Inspector panels on sessions the suite chooses, logging to a log of their own; `dispose` lets all go. */
export class TestPanels {
  readonly log = new Logger('Agent Inspector (test)');
  private readonly open = new Set<InspectorPanel>();

  constructor(readonly raw: RawDocuments) {}

  create(key: string, session: Session): InspectorPanel {
    const panel = InspectorPanel.create(staticSource(key, session), {
      extensionUri: extension().extensionUri,
      log: this.log,
      raw: this.raw,
    });
    this.open.add(panel);
    panel.onDidDispose(() => this.open.delete(panel));
    return panel;
  }

  /** Closes the panels still open (each test's own, after it). */
  closePanels(): void {
    for (const p of [...this.open]) p.dispose();
  }

  dispose(): void {
    this.closePanels();
    this.log.dispose();
  }
}
