// The compiled checks (src/model/zodCheck.ts) held to zod's own verdict on the provider schemas the
// large-file mapping checks with them: every value zod accepts passes, and zod gives it back equal
// to what came in (so handing on the value itself is what zod's copy would have been); every
// value zod refuses fails, and checkedParser then throws zod's own message.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { $ZodType } from 'zod/v4/core';
import * as z from '../../src/model/zod';
import { compile } from '../../src/model/zodCheck';
import { checkedParser, parseOrThrow } from '../../src/providers/mapping';
import { PiperRunEventSchema } from '../../src/providers/piper/schema';
import { arb, wrong } from './zodArbitrary';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 500 };
const asCore = (s: unknown) => s as $ZodType;

/** A Piper event as the schema describes it (fields mistyped now and then), with fields Piper may add later. */
const piperEvent = fc
  .tuple(arb(asCore(PiperRunEventSchema)), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
  .map(([e, extra]) => (typeof e === 'object' && e !== null && !Array.isArray(e) ? { ...extra, ...e } : e));

describe('compiled zod checks (zodCheck)', () => {
  it("accept a Piper event exactly when zod does, and zod's copy of it equals the event", () => {
    const check = compile(asCore(PiperRunEventSchema));
    fc.assert(
      fc.property(piperEvent, (e) => {
        const zod = PiperRunEventSchema.safeParse(e);
        const issue = check(e);
        assert.equal(issue === undefined, zod.success, issue ? `refused what zod accepts: ${issue.message}` : 'accepted what zod refuses');
        if (zod.success) assert.deepStrictEqual(zod.data, e);
      }),
      RUNS,
    );
  });

  it('checkedParser gives back the very event that fits, and throws what parseOrThrow throws for one that does not', () => {
    const parse = checkedParser(PiperRunEventSchema, 'Piper', 'a session');
    fc.assert(
      fc.property(fc.oneof(piperEvent, wrong), (e) => {
        let expected: unknown;
        try {
          parseOrThrow(PiperRunEventSchema, e, 'Piper', 'a session', ['runs', 1, 'events', 2]);
        } catch (err) {
          expected = err;
        }
        if (expected === undefined) assert.equal(parse(e, ['runs', 1, 'events', 2]), e);
        else
          assert.throws(
            () => parse(e, ['runs', 1, 'events', 2]),
            (err: Error) => err.message === (expected as Error).message,
          );
      }),
      RUNS,
    );
  });

  it('refuse, when compiled, a schema feature they do not know (a transform would make the value zod gives differ)', () => {
    assert.throws(
      () =>
        compile(
          asCore(
            z.pipe(
              z.string(),
              z.transform((s: string) => s.length),
            ),
          ),
        ),
      /not supported/,
    );
    assert.throws(() => compile(asCore(z.string().check(z.minLength(2)))), /refinements/);
    // zod strips (or refuses) the fields a plain object does not name: the value passed on would differ.
    assert.throws(() => checkedParser(z.object({ a: z.string() }), 'X', 'a thing'), /loose objects/);
    assert.throws(() => checkedParser(z.looseObject({ a: z.nullish(z.object({ b: z.string() })) }), 'X', 'a thing'), /loose objects/);
  });

  it('check nullable, union and loose-object fields as zod does', () => {
    const schema = z.looseObject({ a: z.nullish(z.union([z.string(), z.number()])), b: z.nullable(z.boolean()) });
    const check = compile(asCore(schema));
    for (const v of [{ b: null }, { a: 'x', b: true }, { a: 1, b: false, extra: [1] }, { a: null, b: null }, { a: undefined, b: true }])
      assert.equal(check(v), undefined, JSON.stringify(v));
    assert.equal(check({ a: true, b: null })?.path.join('.'), 'a');
    assert.equal(check({ a: 'x' })?.path.join('.'), 'b', 'a nullable field that is not optional must be there');
    assert.equal(check({ b: 'no' })?.message, 'expected boolean, received string');
    assert.equal(check([])?.message, 'expected object, received array');
  });
});
