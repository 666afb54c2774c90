// The virtual list's height tree against the plain running sums it replaced: any heights, any
// updates, the same tops and the same row under any coordinate.
import * as assert from 'assert';
import fc from 'fast-check';
import { Fenwick } from '../../webview/virtual/fenwick';

const prefixes = (v: number[]) => v.reduce<number[]>((acc, h) => (acc.push(acc[acc.length - 1]! + h), acc), [0]);
/** The row under `y` the old way: the first k whose end passes y (binary search over the sums). */
const naiveCountUpTo = (v: number[], y: number) => {
  const p = prefixes(v);
  let k = 0;
  while (k < v.length && p[k + 1]! <= y) k++;
  return k;
};

describe('Fenwick tree of row heights', () => {
  it('gives the same tops and rows as running sums, through any sequence of height changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 0, maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 })), { maxLength: 50 }),
        fc.array(fc.integer({ min: -10, max: 60_000 }), { maxLength: 20 }),
        (initial, updates, ys) => {
          const values = [...initial];
          const t = new Fenwick();
          t.build(values.length, (i) => values[i]!);
          for (const [at, h] of updates) {
            if (!values.length) break;
            const i = at % values.length;
            values[i] = h;
            t.set(i, h);
          }
          const p = prefixes(values);
          for (let k = 0; k <= values.length; k++) assert.equal(t.prefix(k), p[k]);
          for (const y of ys) assert.equal(t.countUpTo(y), naiveCountUpTo(values, y), `y=${y}`);
          for (let i = 0; i < values.length; i++) assert.equal(t.valueOf(i), values[i]);
        },
      ),
    );
  });

  it('can be rebuilt smaller and larger, forgetting what it held', () => {
    const t = new Fenwick();
    t.build(1000, () => 10);
    assert.equal(t.prefix(1000), 10_000);
    t.build(3, (i) => i + 1);
    assert.equal(t.size, 3);
    assert.equal(t.prefix(3), 6);
    assert.equal(t.prefix(1000), 6);
    assert.equal(t.countUpTo(2.5), 1);
    t.build(5000, () => 2);
    assert.equal(t.prefix(5000), 10_000);
    assert.equal(t.countUpTo(9_999), 4999);
  });
});
