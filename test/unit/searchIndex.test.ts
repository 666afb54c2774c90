// The page's search index (texts made per block when first searched or warmed, joined, found with
// indexOf) against the plain loop it replaced: any texts, any changes to them, any query, warmed
// or not, give the same events in the same order.
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
        fc.array(
          fc.oneof(
            fc.record({ push: word }),
            fc.record({ at: fc.nat(), set: word }),
            fc.record({ query: word }),
            fc.record({ warm: fc.boolean() }),
          ),
          {
            maxLength: 40,
          },
        ),
        (blockSize, initial, steps) => {
          const texts: string[] = [];
          const index = new SearchIndex((i) => texts[i]!, blockSize);
          const check = (q: string) => {
            if (!q) return;
            const want = texts.flatMap((t, i) => (t.includes(q) ? [i] : []));
            assert.deepStrictEqual([...index.find(q)], want, `query ${JSON.stringify(q)}`);
          };
          for (const t of initial) {
            texts.push(t);
            index.push();
          }
          for (const s of steps) {
            if ('push' in s) {
              texts.push(s.push);
              index.push();
            } else if ('set' in s) {
              if (!texts.length) continue;
              const i = s.at % texts.length;
              texts[i] = s.set;
              index.set(i);
            } else if ('warm' in s) {
              // All of it, or none (a deadline already passed): what is found stays the same.
              const done = index.warm(s.warm ? Infinity : -Infinity);
              if (s.warm) assert.equal(done, true);
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
    const texts: string[] = [];
    const index = new SearchIndex((i) => texts[i]!, 2);
    for (const t of ['one', 'two', 'three']) {
      texts.push(t);
      index.push();
    }
    assert.deepStrictEqual([...index.find('t')], [1, 2]);
    index.clear();
    texts.length = 0;
    assert.equal(index.size, 0);
    assert.deepStrictEqual([...index.find('t')], []);
    texts.push('tea');
    index.push();
    assert.deepStrictEqual([...index.find('t')], [0]);
  });

  it('makes no text until searched or warmed, then each block once', () => {
    const texts = Array.from({ length: 10 }, (_, i) => `event ${i}`);
    let made = 0;
    const index = new SearchIndex((i) => (made++, texts[i]!), 4);
    for (let i = 0; i < texts.length; i++) index.push();
    assert.equal(made, 0, 'taking events in makes no text');
    assert.equal(index.get(5), 'event 5');
    assert.equal(index.madeBlocks, 0, 'reading one text makes no block');
    made = 0;
    assert.deepStrictEqual([...index.find('event 9')], [9]);
    assert.equal(made, 10, 'the first search made every text once');
    assert.deepStrictEqual([...index.find('event')].length, 10);
    assert.equal(made, 10, 'and the next made none');
    assert.equal(index.warm(-Infinity), true, 'nothing left to warm');
  });
});
