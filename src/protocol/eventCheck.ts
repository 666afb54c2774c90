// The check of packed event chunks (packed.ts), the page's hot path: 100,000 events validated by
// zod took ~0.7 s of the page's 1.6 s intake (in the webview zod cannot compile its parsers, the
// CSP forbids eval, and its generic parser copies every object it checks). This is the same
// schema, SessionEventSchema, turned once into plain checking functions: every field zod checks
// is checked, with zod's rules (required and optional fields, types, literals, enums, arrays,
// records), but nothing is copied, and on success nothing is allocated. Two differences, both
// lenient: fields the schema does not know stay on the event (zod would strip them; the page
// shows what it is sent), and an event of a kind this page does not know is shown as an "other"
// event with all its fields instead of failing its whole chunk. A schema feature this file does
// not know fails at start-up, so the check cannot drift from the schema unnoticed; and
// test/unit/protocol.eventCheck.test.ts holds it to zod's verdict on generated events.
import type { $ZodType } from 'zod/v4/core';
import { OtherEventSchema, SessionEventSchema, type SessionEvent } from '../model/schema';
import type { ParseResult } from './core';

/** What is wrong and where (the path is built on the way out, so success allocates nothing). */
interface Issue {
  path: Array<string | number>;
  message: string;
}
type Check = (value: unknown) => Issue | undefined;

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

function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const fail = (expected: string, v: unknown): Issue => ({ path: [], message: `expected ${expected}, received ${received(v)}` });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

function compile(schema: $ZodType): Check {
  const def = defOf(schema);
  if (def.checks?.length) throw new Error(`eventCheck: refinements (${def.type}) are not supported; add them here`);
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
      if (defOf(def.keyType!).type !== 'string') throw new Error('eventCheck: only records keyed by strings are supported');
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
      throw new Error(`eventCheck: zod type "${def.type}" is not supported; add it here`);
  }
}

function compileObject(def: Def, skip: ReadonlySet<string> = new Set()): Check {
  // A catchall (looseObject) would check the keys the shape does not name: none of the events' schemas has one.
  if (def.catchall && defOf(def.catchall).type !== 'unknown') throw new Error('eventCheck: object catchalls are not supported');
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

const unionDef = defOf(SessionEventSchema as unknown as $ZodType);
if (unionDef.type !== 'union' || unionDef.discriminator !== 'kind')
  throw new Error('eventCheck: SessionEventSchema is no longer a union on kind');
/** Each kind's check, by kind. */
const BY_KIND = new Map<unknown, Check>(
  unionDef.options!.map((o) => {
    const d = defOf(o);
    return [defOf(d.shape!.kind!).values![0], compileObject(d)] as const;
  }),
);
/**
 * An event of a kind not in the schema: the fields every event has, checked as for any; its type
 * and fields are made here, and a text that is not a string goes among the fields.
 */
const MADE_HERE = new Set(['kind', 'type', 'fields', 'text']);
const checkBase = compileObject(defOf(OtherEventSchema as unknown as $ZodType), MADE_HERE);
const BASE_KEYS = new Set(Object.keys(defOf(OtherEventSchema as unknown as $ZodType).shape!).filter((k) => !MADE_HERE.has(k)));

/** An event of an unknown kind, as the "other" event that shows its kind and every field it has. */
function asOther(v: Record<string, unknown>): SessionEvent {
  const out: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (key === 'kind') continue;
    if (BASE_KEYS.has(key) || (key === 'text' && typeof v.text === 'string')) out[key] = v[key];
    else fields[key] = v[key];
  }
  return { ...out, kind: 'other', type: String(v.kind), fields } as unknown as SessionEvent;
}

/**
 * `events`, checked: each one fits SessionEventSchema (extra fields kept), an unknown kind comes
 * back as an "other" event. The first event that does not fit fails them all, with where and why
 * (`events.12.text: expected string, received number`), as zod's parse of the message would.
 */
export function checkEvents(events: unknown): ParseResult<SessionEvent[]> {
  if (!Array.isArray(events)) return { ok: false, error: `events: ${fail('array', events).message}` };
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    if (!isObject(e)) return { ok: false, error: `events.${i}: ${fail('object', e).message}` };
    const check = BY_KIND.get(e.kind);
    const issue = check
      ? check(e)
      : typeof e.kind === 'string'
        ? checkBase(e)
        : { path: ['kind'], message: `expected string, received ${received(e.kind)}` };
    if (issue) {
      const id = typeof e.id === 'string' ? ` (event "${e.id.slice(0, 80)}")` : '';
      return { ok: false, error: `events.${[i, ...issue.path].join('.')}: ${issue.message}${id}` };
    }
    if (!check) events[i] = asOther(e);
  }
  return { ok: true, value: events as SessionEvent[] };
}
