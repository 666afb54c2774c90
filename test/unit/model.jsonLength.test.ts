// jsonLength(x) is JSON.stringify(x).length (0 where it gives undefined) for any JSON-ish value, or
// -1 where it leaves the value to JSON.stringify; the breakdown's result sizes rest on it.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonLength } from '../../src/model/jsonLength';

const expected = (v: unknown): number => JSON.stringify(v)?.length ?? 0;

// Strings of any UTF-16 units (lone surrogates, control characters, quotes, backslashes), and
// strings made of the characters that are escaped, more often than chance gives them.
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\t',
      '\b',
      '\f',
      '\r',
      '\u0000',
      '\u001f',
      '\u007f',
      '\ud800',
      '\udc00',
      '\ud83d\ude00',
      'é',
      'a',
      '\u2028',
    ),
  }),
);
const scalar = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.boolean(),
  fc.constant(null),
  // Left out of objects, null in arrays, as JSON.stringify does.
  fc.constantFrom(undefined, () => 1, Symbol('s')),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object'), tie('sparse')),
  array: fc.array(tie('any'), { maxLength: 6 }),
  object: fc.dictionary(text, tie('any'), { maxKeys: 6 }),
  // Holes are written as null.
  sparse: fc.sparseArray(tie('any'), { maxLength: 6 }),
})).any;

describe('jsonLength', () => {
  it('is JSON.stringify(value).length for any JSON-ish value', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.equal(jsonLength(v), expected(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives what JSON.stringify gives for edge cases', () => {
    const cases: unknown[] = [
      '',
      '\ud800',
      'a\udc00b',
      '\ud83d\ude00',
      '\udc00\ud800',
      '\ud800\ud800\udc00',
      '"\\\u0000\u001f\u007f',
      [undefined, () => 1, Symbol('x')],
      { a: undefined, b: () => 1, c: Symbol('y') },
      { a: undefined, b: 1 },
      { a: 1, b: undefined },
      [],
      {},
      [[[]], {}],
      Object.create(null),
      { '\n': '\ud800', é: [1.5, -0, 1e21] },
      new Array(3),
      undefined,
      null,
      Symbol('z'),
    ];
    for (const c of cases) assert.equal(jsonLength(c), expected(c), JSON.stringify(c) ?? String(c));
  });

  it('leaves to JSON.stringify what it treats in a way of its own', () => {
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [
      new Date(0),
      { toJSON: () => 'x' },
      [1, { toJSON: () => 2 }],
      new Point(),
      new Map(),
      new String('s'),
      10n,
      { big: 1n },
      cyclic,
    ]) {
      assert.equal(jsonLength(v), -1);
    }
  });
});
