// The class behind issue 11, for the code that reads what providers and agents sent: search text
// and session-file detection (every provider's reader, through its public entry point) get
// random JSON, the real fixtures with fields dropped, nulled or retyped, and hostile shapes (deep,
// wide, huge). They answer, or say clearly what is wrong — never a TypeError, never a stack overflow.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { SessionEvent } from '../../src/model';
import { detectSessionFile } from '../../src/providers/detect';
import { eventSearchText, MAX_SEARCH_CHARS } from '../../webview/store/searchText';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'))] as const);

function deep(depth: number): unknown {
  let v: unknown = 'Bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** Every path to a value in `v` (objects and arrays), breadth-first, at most `max`. */
function paths(v: unknown, max = 400): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const queue: Array<[unknown, Array<string | number>]> = [[v, []]];
  while (queue.length && out.length < max) {
    const [x, at] = queue.shift()!;
    if (at.length) out.push(at);
    if (x && typeof x === 'object') for (const [k, c] of Object.entries(x)) queue.push([c, [...at, Array.isArray(x) ? Number(k) : k]]);
  }
  return out;
}

function withChange(v: unknown, at: Array<string | number>, change: 'drop' | unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (change === 'drop') delete parent[last];
  else parent[last] = change;
  return copy;
}

/** A reader may refuse a file, but only with an Error that says what is wrong. */
function readsOrExplains(text: string): void {
  try {
    const { session } = detectSessionFile(text);
    assert.ok(Array.isArray(session.runs));
  } catch (e) {
    assert.ok(e instanceof Error, `threw ${String(e)}`);
    assert.ok(!(e instanceof TypeError) && !(e instanceof RangeError), `${e.name}: ${e.message}`);
    assert.ok(e.message.trim().length > 10, `an unhelpful message: "${e.message}"`);
  }
}

describe('readers of provider bytes and agent text (issue 11, the class)', () => {
  it('search text of any event is bounded and starts with what a person reads (property)', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constant(deep(20_000)),
      fc.constant(Array.from({ length: 100_000 }, (_, i) => i)),
      fc.constant('x'.repeat(5_000_000)),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), value, value, (name, args, result) => {
        for (const e of [
          { id: 'a', runId: 'r', kind: 'tool_call', name, callId: 'c', arguments: args },
          { id: 'b', runId: 'r', kind: 'tool_result', name, callId: 'c', result },
          { id: 'c', runId: 'r', kind: 'other', type: name, fields: { args } },
        ] as SessionEvent[]) {
          const text = eventSearchText(e);
          assert.ok(text.length <= MAX_SEARCH_CHARS + 1, `${text.length} characters`);
          assert.ok(text.startsWith(name.toLowerCase().slice(0, MAX_SEARCH_CHARS)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every fixture still reads after any one field is dropped, nulled, emptied or given the wrong type (property)', () => {
    for (const [name, doc] of fixtures) {
      const where = paths(doc);
      fc.assert(
        fc.property(
          fc.constantFrom(...where),
          fc.constantFrom('drop', null, '', 0, -1, [], {}, 'x'.repeat(100_000), true, 1e308),
          (at, change) => {
            readsOrExplains(JSON.stringify(withChange(doc, at, change)));
          },
        ),
        { numRuns: 150, examples: [] },
      );
      assert.ok(where.length > 0, name);
    }
  });

  it('random JSON, and JSON nested 50,000 deep or 200,000 wide, gets an answer or a clear message (property)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => readsOrExplains(text)),
      { numRuns: 300 },
    );
    // Built as text: JSON.stringify itself cannot write a value this deep.
    const deepText = (n: number) => `${'{"k":['.repeat(n)}"x"${']}'.repeat(n)}`;
    readsOrExplains(deepText(50_000));
    readsOrExplains(`{"session_id":"s","agent_id":"a","runs":${deepText(50_000)}}`);
    readsOrExplains(`{"exchanges":[{"userInput":${deepText(50_000)}}],"rid":"ri.x"}`);
    readsOrExplains(JSON.stringify({ events: Array.from({ length: 200_000 }, () => ({})) }));
    readsOrExplains('['.repeat(100_000));
  });
});
