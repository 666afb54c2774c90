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

  it('grows by pushes and shrinks by truncation as a rebuilt tree would be, through any sequence', () => {
    type Op = { op: 'push'; v: number } | { op: 'truncate'; to: number } | { op: 'set'; at: number; v: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('push' as const), v: fc.integer({ min: 0, max: 400 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), to: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 400 }) }) },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 40 }), fc.array(op, { maxLength: 200 }), (initial, ops) => {
        const values = [...initial];
        const t = new Fenwick();
        t.build(values.length, (i) => values[i]!);
        for (const o of ops) {
          if (o.op === 'push') {
            values.push(o.v);
            t.push(o.v);
          } else if (o.op === 'truncate') {
            const to = o.to % (values.length + 1);
            values.length = to;
            t.truncate(to);
          } else if (values.length) {
            values[o.at % values.length] = o.v;
            t.set(o.at % values.length, o.v);
          }
          assert.equal(t.size, values.length);
        }
        const p = prefixes(values);
        for (let k = 0; k <= values.length; k++) assert.equal(t.prefix(k), p[k]);
        for (let y = -1; y <= p[values.length]! + 1; y += 7) assert.equal(t.countUpTo(y), naiveCountUpTo(values, y), `y=${y}`);
      }),
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
