// The search made a few blocks at a time against the search made at once: whatever the reader's
// position, the filters and the slices, it ends with the same matches, holds them in order all
// along, and the first match it finds is the first at or after the reader (else the first of all).
import * as assert from 'assert';
import fc from 'fast-check';
import { SearchIndex } from '../../webview/store/searchIndex';
import { MatchScan } from '../../webview/toolbar/matchScan';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 200 };
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 6 });

describe('search made in slices', () => {
  it('finds what one search finds, in order as it goes, the reader’s next match first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(word, { maxLength: 80 }),
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.nat(),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 2 }),
        (blockSize, texts, hidden, fromSeed, q) => {
          const index = new SearchIndex((i) => texts[i]!, blockSize);
          for (let i = 0; i < texts.length; i++) index.push();
          const candidates = Int32Array.from(texts.flatMap((_, i) => (hidden[i] ? [] : [i])));
          const want = [...candidates].filter((i) => texts[i]!.includes(q));
          const from = texts.length ? fromSeed % texts.length : 0;
          const scan = new MatchScan(index, candidates, q, from);
          let first: number | undefined;
          let steps = 0;
          while (!scan.done) {
            // A deadline already passed: one block a step, the slowest a slice can go.
            scan.step(-Infinity);
            const got = [...scan.matches];
            assert.ok(
              got.every((v, k) => k === 0 || v > got[k - 1]!),
              `in order: ${got.join(',')}`,
            );
            assert.ok(
              got.every((v) => want.includes(v)),
              'only matches',
            );
            // Once the scan says which match to show first, it never changes its mind.
            if (first === undefined) first = scan.next;
            else assert.strictEqual(scan.next, first);
            assert.ok(++steps <= texts.length + 1, 'ends');
          }
          assert.deepStrictEqual([...scan.matches], want);
          assert.strictEqual(first ?? scan.next, want.find((v) => v >= from) ?? want[0]);
          // The page's first slice: as long as it takes to know the match to show first.
          const quick = new MatchScan(index, candidates, q, from);
          quick.step(Infinity, true);
          assert.strictEqual(quick.next, want.find((v) => v >= from) ?? want[0]);
        },
      ),
      RUNS,
    );
  });
});
