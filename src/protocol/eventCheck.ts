// The check of packed event chunks (packed.ts), the page's hot path: 100,000 events validated by
// zod took ~0.7 s of the page's 1.6 s intake (in the webview zod cannot compile its parsers, the
// CSP forbids eval, and its generic parser copies every object it checks). This is the same
// schema, SessionEventSchema, turned once into plain checking functions: every field zod checks
// is checked, with zod's rules (required and optional fields, types, literals, enums, arrays,
// records), but nothing is copied, and on success nothing is allocated. Two differences, both
// lenient: fields the schema does not know stay on the event (zod would strip them; the page
// shows what it is sent), and an event of a kind this page does not know is shown as an "other"
// event with all its fields instead of failing its whole chunk. The checks are compiled by
// model/zodCheck.ts, where a schema feature it does not know fails at start-up, so the check
// cannot drift from the schema unnoticed; and test/unit/protocol.eventCheck.test.ts holds it to
// zod's verdict on generated events.
import type { $ZodType } from 'zod/v4/core';
import { OtherEventSchema, SessionEventSchema, type SessionEvent } from '../model/schema';
import { compileObject, defOf, fail, isObject, received, type Check } from '../model/zodCheck';
import type { ParseResult } from './core';

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
