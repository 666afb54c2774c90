// Values of a zod schema, built from the schema's own definition, a field in twenty replaced by
// anything at all (so about half do not fit): what the compiled checks (src/model/zodCheck.ts) are
// held to zod's verdict on.
import fc from 'fast-check';
import type { $ZodType } from 'zod/v4/core';
import { defOf } from '../../src/model/zodCheck';

/** Anything at all, now and then in place of what the schema asks for. */
export const wrong = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, undefined));

/** Values of `schema`, a field in twenty replaced by anything (so about half the events do not fit). */
export function arb(schema: $ZodType, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const fits = ((): fc.Arbitrary<unknown> => {
    switch (d.type) {
      case 'string':
        return fc.string({ maxLength: 6 });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'unknown':
        return fc.jsonValue({ maxDepth: 2 });
      case 'literal':
        return fc.constantFrom(...d.values!);
      case 'enum':
        return fc.constantFrom(...Object.values(d.entries!));
      case 'optional':
        return arb(d.innerType!, depth);
      case 'nullable':
        return fc.oneof(fc.constant(null), arb(d.innerType!, depth));
      case 'union':
        return fc.oneof(...d.options!.map((o) => arb(o, depth)));
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(arb(d.element!, depth + 1), { maxLength: 3 });
      case 'record':
        return depth > 3 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 4 }), arb(d.valueType!, depth + 1), { maxKeys: 3 });
      case 'object': {
        const shape = d.shape!;
        const required = Object.keys(shape).filter((k) => !['optional', 'unknown'].includes(defOf(shape[k]!).type));
        const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arb(s, depth + 1)]));
        return fc.record(fields, { requiredKeys: required });
      }
      default:
        throw new Error(`no arbitrary for ${d.type}`);
    }
  })();
  return fc.oneof({ weight: 19, arbitrary: fits }, { weight: 1, arbitrary: wrong });
}
