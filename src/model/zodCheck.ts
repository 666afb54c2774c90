// zod schemas turned into plain checking functions: every rule zod applies (required and optional
// fields, null where nullable, types, literals, enums, unions, arrays, records) is checked, but
// nothing is copied and, on success, nothing is allocated. zod's parse copies every object it
// checks: at 100,000 events that copy was a tenth of a large file's mapping, and most of what the
// host's collector then had to clear. What a value that passes is, zod would give back equal
// (fields the schema does not name stay, as loose objects keep them; strict ones would be refused
// by zod, and are not used with this). A zod feature this file does not know throws when the check
// is compiled (at start-up), so a check cannot drift from its schema unnoticed. Used by the page's
// event check (protocol/eventCheck.ts) and by the providers' large-file mapping, which ask zod
// again for its own message when a value does not pass.
import type { $ZodType } from 'zod/v4/core';

/** What is wrong and where (the path is built on the way out, so success allocates nothing). */
export interface Issue {
  path: Array<string | number>;
  message: string;
}
export type Check = (value: unknown) => Issue | undefined;

/** What of a zod schema's definition the checks read (zod's own `def`, typed loosely: it varies by type). */
export interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  innerType?: $ZodType;
  element?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
  options?: $ZodType[];
  discriminator?: string;
}

export const defOf = (s: $ZodType) => s._zod.def as unknown as Def;

export function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export const fail = (expected: string, v: unknown): Issue => ({ path: [], message: `expected ${expected}, received ${received(v)}` });
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

export function compile(schema: $ZodType): Check {
  const def = defOf(schema);
  if (def.checks?.length) throw new Error(`zodCheck: refinements (${def.type}) are not supported; add them here`);
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? undefined : fail('string', v));
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail('number', v));
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : fail('boolean', v));
    case 'unknown':
      return () => undefined;
    case 'literal': {
      const values = def.values!;
      const expected = values.map((x) => JSON.stringify(x)).join(' or ');
      return (v) => (values.includes(v) ? undefined : fail(expected, v));
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries!));
      const expected = `one of ${[...values].map((x) => JSON.stringify(x)).join('|')}`;
      return (v) => (values.has(v) ? undefined : fail(expected, v));
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (v) => (v === null ? undefined : inner(v));
    }
    case 'union': {
      // Any option that fits; zod's own message is "Invalid input" with each option's issues, here the first option's.
      const options = def.options!.map(compile);
      return (v) => {
        let first: Issue | undefined;
        for (const option of options) {
          const issue = option(v);
          if (!issue) return undefined;
          first ??= issue;
        }
        return first;
      };
    }
    case 'array': {
      const element = compile(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return fail('array', v);
        for (let i = 0; i < v.length; i++) {
          const issue = element(v[i]);
          if (issue) return (issue.path.unshift(i), issue);
        }
        return undefined;
      };
    }
    case 'record': {
      if (defOf(def.keyType!).type !== 'string') throw new Error('zodCheck: only records keyed by strings are supported');
      const value = compile(def.valueType!);
      return (v) => {
        if (!isObject(v)) return fail('record', v);
        for (const key of Object.keys(v)) {
          const issue = value(v[key]);
          if (issue) return (issue.path.unshift(key), issue);
        }
        return undefined;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      throw new Error(`zodCheck: zod type "${def.type}" is not supported; add it here`);
  }
}

export function compileObject(def: Def, skip: ReadonlySet<string> = new Set()): Check {
  // A catchall of `unknown` (looseObject) lets any other key through, as the check does anyway; another would check them.
  if (def.catchall && defOf(def.catchall).type !== 'unknown') throw new Error('zodCheck: object catchalls are not supported');
  const fields = Object.entries(def.shape!)
    .filter(([key]) => !skip.has(key))
    .map(([key, s]) => ({ key, check: compile(s), type: defOf(s).type }));
  return (v) => {
    if (!isObject(v)) return fail('object', v);
    for (const f of fields) {
      const value = v[f.key];
      if (value === undefined) {
        // zod's rules: an optional field may be absent or undefined; a `z.unknown()` one must be
        // there (its value may be undefined); any other must hold a value.
        if (f.type === 'optional' || (f.type === 'unknown' && hasOwn(v, f.key))) continue;
        return { path: [f.key], message: `expected ${f.type === 'unknown' ? 'a value' : f.type}, received undefined` };
      }
      const issue = f.check(value);
      if (issue) return (issue.path.unshift(f.key), issue);
    }
    return undefined;
  };
}

/**
 * compile() for a schema whose every object is loose (a catchall of `unknown`): then a value that
 * passes is what zod's parse would give back, field for field. A strict or stripping object would
 * not be (zod drops or refuses fields the check lets through): refused here, when compiled.
 */
export function compileLoose(schema: $ZodType): Check {
  assertLoose(schema);
  return compile(schema);
}

function assertLoose(schema: $ZodType): void {
  const def = defOf(schema);
  if (def.type === 'object' && (!def.catchall || defOf(def.catchall).type !== 'unknown'))
    throw new Error('zodCheck: compileLoose needs loose objects (z.looseObject) throughout');
  const inner = [def.innerType, def.element, def.valueType, ...(def.options ?? []), ...Object.values(def.shape ?? {})];
  for (const s of inner) if (s) assertLoose(s);
}
