// The page's search index (texts joined in blocks, found with indexOf) against the plain loop it
// replaced: any texts, any changes to them, any query give the same events in the same order.
import * as assert from 'assert';
import fc from 'fast-check';
import { SearchIndex } from '../../webview/store/searchIndex';

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é', '\n'), maxLength: 8 });

describe('search index', () => {
  it('finds what a loop of includes over every text finds, through pushes and changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(word, { maxLength: 60 }),
        fc.array(fc.oneof(fc.record({ push: word }), fc.record({ at: fc.nat(), set: word }), fc.record({ query: word })), {
          maxLength: 40,
        }),
        (blockSize, initial, steps) => {
          const index = new SearchIndex(blockSize);
          const texts: string[] = [];
          const check = (q: string) => {
            if (!q) return;
            const want = texts.flatMap((t, i) => (t.includes(q) ? [i] : []));
            assert.deepStrictEqual([...index.find(q)], want, `query ${JSON.stringify(q)}`);
          };
          for (const t of initial) {
            index.push(t);
            texts.push(t);
          }
          for (const s of steps) {
            if ('push' in s) {
              index.push(s.push);
              texts.push(s.push);
            } else if ('set' in s) {
              if (!texts.length) continue;
              const i = s.at % texts.length;
              index.set(i, s.set);
              texts[i] = s.set;
            } else check(s.query);
          }
          for (let i = 0; i < texts.length; i++) assert.equal(index.get(i), texts[i]);
          assert.equal(index.size, texts.length);
          for (const q of ['a', 'ab', 'b c', 'é', '\n']) check(q);
        },
      ),
    );
  });

  it('forgets everything on clear', () => {
    const index = new SearchIndex(2);
    for (const t of ['one', 'two', 'three']) index.push(t);
    assert.deepStrictEqual([...index.find('t')], [1, 2]);
    index.clear();
    assert.equal(index.size, 0);
    assert.deepStrictEqual([...index.find('t')], []);
    index.push('tea');
    assert.deepStrictEqual([...index.find('t')], [0]);
  });
});
