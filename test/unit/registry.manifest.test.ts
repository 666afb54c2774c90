// package.json cannot ask the provider registry at runtime, so this checks that what it says by
// hand is what the registry says: the `agentInspector.connections` setting's kind enum lists the
// kinds the user adds, and every Sessions-tree menu shows on exactly the rows whose provider can
// do what the command does (the `when` clauses match capability flags in the context values that
// src/views/tree/kinds.ts writes, never a list of kinds).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addableKinds, allDescriptors, type ProviderDescriptor } from '../../src/providers/registry';
import { agentContext, connectionContext, sessionContext } from '../../src/views/tree/kinds';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

type Row = { type: 'connection' | 'agent' | 'session'; kind: string; origin: string; contextValue: string };
const ORIGINS = ['builtin', 'state', 'settings'];

function rows(): Row[] {
  return allDescriptors().flatMap((d) =>
    ORIGINS.flatMap((origin): Row[] => [
      { type: 'connection', kind: d.kind, origin, contextValue: connectionContext({ kind: d.kind, origin }) },
      { type: 'agent', kind: d.kind, origin, contextValue: agentContext(d.kind) },
      { type: 'session', kind: d.kind, origin, contextValue: sessionContext(d.kind) },
    ]),
  );
}

/** Commands whose menu depends on the provider: on which rows they belong. */
const OFFERED: Record<string, (row: Row, d: ProviderDescriptor) => boolean> = {
  'agentInspector.setToken': (r, d) => r.type === 'connection' && !!d.setup,
  'agentInspector.removeConnection': (r, d) => r.type === 'connection' && !!d.setup,
  'agentInspector.addAgent': (r, d) => r.type === 'connection' && d.capabilities.addAgentById,
  'agentInspector.addSessionById': (r, d) => r.type === 'agent' && d.capabilities.addSessionById,
  'agentInspector.hideDemo': (r, d) => r.type === 'connection' && d.removeCommand === 'agentInspector.hideDemo',
  // The trace receiver's own commands, on its "Local traces" row.
  'agentInspector.startTraceReceiver': (r) => r.type === 'connection' && r.kind === 'otel',
  'agentInspector.stopTraceReceiver': (r) => r.type === 'connection' && r.kind === 'otel',
  'agentInspector.clearReceivedTraces': (r) => r.type === 'connection' && r.kind === 'otel',
};

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

function viewItemRegex(when: string): RegExp | undefined {
  const m = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(when);
  return m ? new RegExp(m[1]!) : undefined;
}

describe('package.json says what the provider registry says', () => {
  it('the connections setting lists exactly the kinds the user adds, in registry order', () => {
    const kind = manifest.contributes.configuration.properties['agentInspector.connections'].items.properties.kind;
    assert.deepStrictEqual(kind.enum, addableKinds());
    assert.ok(addableKinds().length >= 3, 'Piper, Agno and Foundry are added by the user');
  });

  const entries: MenuEntry[] = manifest.contributes.menus['view/item/context'].filter((e: MenuEntry) =>
    e.when?.includes('view == agentInspector.sessions'),
  );
  const byKind = new Map(allDescriptors().map((d) => [d.kind, d]));

  it('a provider-dependent menu shows on exactly the rows whose provider can do it', () => {
    for (const command of Object.keys(OFFERED))
      assert.ok(
        entries.some((e) => e.command === command),
        `${command} has a menu entry`,
      );
    for (const e of entries.filter((x) => OFFERED[x.command])) {
      const re = viewItemRegex(e.when!);
      assert.ok(re, `${e.command} (${e.group}) tests viewItem`);
      const shownOn = rows()
        .filter((r) => re.test(r.contextValue))
        .map((r) => `${r.type}.${r.kind}.${r.origin}`);
      const expected = rows()
        .filter((r) => OFFERED[e.command]!(r, byKind.get(r.kind)!))
        .map((r) => `${r.type}.${r.kind}.${r.origin}`);
      assert.deepStrictEqual(shownOn, expected, `${e.command} (${e.group}): ${e.when}`);
    }
  });

  it('every other menu of the tree is the same for every provider', () => {
    for (const e of entries.filter((x) => !OFFERED[x.command])) {
      const re = viewItemRegex(e.when!);
      if (!re) continue;
      for (const rowType of ['connection', 'agent', 'session'] as const) {
        const shown: boolean[] = rows()
          .filter((r) => r.type === rowType)
          .map((r) => re.test(r.contextValue));
        assert.strictEqual(new Set(shown).size, 1, `${e.command} (${e.group}) on ${rowType} rows depends on the kind: ${e.when}`);
      }
    }
  });

  it('the flags the menus test are ones the tree writes', () => {
    // A typo in a `when` clause (`+tokens`) would hide a menu everywhere: each flag must occur.
    const written = rows()
      .map((r) => r.contextValue)
      .join(' ');
    for (const e of entries) {
      for (const flag of e.when?.match(/\\\+\w+/g) ?? [])
        assert.ok(written.includes(flag.slice(1)), `${e.command}: ${flag} is written by no row`);
    }
  });
});
