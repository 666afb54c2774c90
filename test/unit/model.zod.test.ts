// src/model/zod.ts puts back what zod/mini leaves out: English messages and compiled object
// parsers. These check that its objects behave exactly like mini's own (same values, same issues,
// same class), whether the compiled path runs (Node) or the generic one (jitless, as in the webview).
import * as assert from 'assert';
import * as mini from 'zod/mini';
import * as z from '../../src/model/zod';

const shape = () => ({
  id: z.string(),
  count: z.optional(z.int().check(z.nonnegative())),
  nested: z.nullish(z.looseObject({ name: z.string() })),
});

const INPUTS: unknown[] = [
  { id: 'a' },
  { id: 'a', count: 3, nested: { name: 'n', extra: [1, 2] }, unknown: true },
  { id: 'a', nested: null },
  { id: 1, count: -1 },
  { id: 'a', nested: { name: 5 } },
  { count: 1.5 },
  'not an object',
  null,
];

function outcome(schema: mini.ZodMiniType, input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? { value: r.data } : { issues: r.error.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })) };
}

describe('zod as the model uses it (src/model/zod.ts)', () => {
  for (const jitless of [false, true]) {
    it(`objects parse like zod/mini's own${jitless ? ', with eval off (as in the webview)' : ''}`, () => {
      mini.config({ jitless });
      try {
        for (const [ours, theirs] of [
          [z.object(shape()), mini.object(shape())],
          [z.looseObject(shape()), mini.looseObject(shape())],
        ] as const) {
          for (const input of INPUTS) assert.deepStrictEqual(outcome(ours, input), outcome(theirs, input), JSON.stringify(input));
        }
      } finally {
        mini.config({ jitless: false });
      }
    });
  }

  it('keeps unknown fields on loose objects and drops them on plain ones', () => {
    const input = { id: 'a', added_later: { x: 1 } };
    assert.deepStrictEqual(z.looseObject(shape()).parse(input), input);
    assert.deepStrictEqual(z.object(shape()).parse(input), { id: 'a' });
  });

  it('words errors in English with the field path', () => {
    const r = z.looseObject(shape()).safeParse({ id: 'a', nested: { name: 5 } });
    assert.ok(!r.success);
    assert.deepStrictEqual(r.error.issues[0]?.path, ['nested', 'name']);
    assert.strictEqual(r.error.issues[0]?.message, 'Invalid input: expected string, received number');
  });

  it('is a ZodMiniObject with its shape, so mini functions that take objects accept it', () => {
    const o = z.object({ kind: z.literal('a') });
    assert.ok(o instanceof mini.ZodMiniObject);
    assert.strictEqual(o.shape.kind.def.values[0], 'a');
    const union = z.discriminatedUnion('kind', [o, z.object({ kind: z.literal('b'), n: z.number() })]);
    assert.deepStrictEqual(union.parse({ kind: 'b', n: 1 }), { kind: 'b', n: 1 });
    assert.deepStrictEqual(z.partial(z.object({ a: z.string() })).parse({}), {});
  });
});
