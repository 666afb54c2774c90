// The unique-id rule (src/providers/uniqueIds.ts) against the rule written the plain way, with a
// Set: the same ids for any list, with repeats, ids that already look suffixed (`a~2`), the empty
// id, and lists long enough to grow the table several times.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UniqueIds } from '../../src/providers/uniqueIds';

function plain(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let out = id;
    for (let n = 2; used.has(out); n++) out = `${id}~${n}`;
    used.add(out);
    return out;
  });
}

/** Every id has the same hash: only comparing the ids themselves can tell them apart. */
class Colliding extends UniqueIds {
  protected override hashOf(): number {
    return 7;
  }
}

const id = fc.oneof(
  fc.constantFrom('', 'a', 'a~2', 'a~3', 'b', 'a~2~2'),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

describe('unique ids', () => {
  const cases: Array<[string, () => UniqueIds]> = [
    ['gives the ids the plain rule gives, for any list (property)', () => new UniqueIds()],
    ['tells ids apart by the ids themselves: with every hash the same, still the plain rule (property)', () => new Colliding()],
  ];
  for (const [title, make] of cases)
    it(title, () => {
      fc.assert(
        fc.property(fc.array(id, { maxLength: 60 }), (ids) => {
          const u = make();
          assert.deepEqual(
            ids.map((i) => u.free(i)),
            plain(ids),
          );
        }),
        { numRuns: 300 },
      );
    });

  it('stays exact past many growths of its table: 20,000 ids, a third of them repeats', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `e${i % 997}` : `e${i}`));
    const u = new UniqueIds();
    const got = ids.map((i) => u.free(i));
    assert.deepEqual(got, plain(ids));
    assert.equal(new Set(got).size, got.length, 'every id once');
  });
});
