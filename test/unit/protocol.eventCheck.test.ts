// The page's check of packed event chunks (src/protocol/eventCheck.ts) against zod's verdict on the
// same schema: events generated from SessionEventSchema itself, each field now and then replaced
// by any JSON value (or a NaN, an Infinity), must be accepted exactly when zod accepts them; an
// event of an unknown kind comes back as an "other" event that zod accepts; extra fields stay; and
// hostile chunks are refused with where and why.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { $ZodType } from 'zod/v4/core';
import { EVENT_KINDS, OtherEventSchema, SessionEventSchema } from '../../src/model/schema';
import { checkEvents } from '../../src/protocol/eventCheck';
import { defOf } from '../../src/model/zodCheck';
import { arb } from './zodArbitrary';
import { unpackEvents } from '../../src/protocol/packed';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 300 };

const eventArb = fc.oneof(...defOf(SessionEventSchema as unknown as $ZodType).options!.map((o) => arb(o)));
/** An event with a field the schema does not have, maybe. */
const withExtra = fc
  .tuple(eventArb, fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }))
  .map(([e, extra]) =>
    extra !== undefined && typeof e === 'object' && e !== null && !Array.isArray(e) ? { ...e, providerOnly: extra } : e,
  );

describe('page check of packed event chunks (eventCheck)', () => {
  it('accepts an event exactly when zod accepts it, keeping it as sent', () => {
    fc.assert(
      fc.property(withExtra, (e) => {
        const isKnownKind = typeof e === 'object' && e !== null && EVENT_KINDS.includes((e as { kind: never }).kind);
        fc.pre(isKnownKind || typeof e !== 'object' || e === null || typeof (e as { kind?: unknown }).kind !== 'string');
        const before = structuredClone(e);
        const r = checkEvents([e]);
        const zod = SessionEventSchema.safeParse(e);
        assert.equal(r.ok, zod.success, r.ok ? 'accepted what zod refuses' : `refused what zod accepts: ${r.error}`);
        assert.deepEqual(structuredClone(e), before, 'the event is not changed');
        if (r.ok) assert.equal(r.value[0], e, 'the very event, extra fields and all');
      }),
      RUNS,
    );
  });

  it('shows an event of an unknown kind as an "other" event with every field, when its common fields fit', () => {
    const kind = fc.string({ maxLength: 8 }).filter((k) => !EVENT_KINDS.includes(k as never));
    fc.assert(
      fc.property(eventArb, kind, (e, k) => {
        fc.pre(typeof e === 'object' && e !== null && !Array.isArray(e));
        const sent = { ...(e as object), kind: k } as Record<string, unknown>;
        const r = checkEvents([sent]);
        const base = OtherEventSchema.safeParse({
          ...sent,
          kind: 'other',
          type: k,
          fields: {},
          text: typeof sent.text === 'string' ? sent.text : undefined,
        });
        assert.equal(r.ok, base.success, r.ok ? 'accepted bad common fields' : r.error);
        if (!r.ok) return;
        const other = r.value[0] as Record<string, unknown>;
        assert.equal(OtherEventSchema.safeParse(other).success, true, 'an other event zod accepts');
        assert.equal(other.type, k);
        // Nothing sent is lost: every key is on the event or among its fields.
        for (const key of Object.keys(sent).filter((x) => x !== 'kind' && sent[x] !== undefined))
          assert.ok(key in other || key in (other.fields as object), `lost ${key}`);
      }),
      RUNS,
    );
  });

  it('refuses hostile chunks with where and why', () => {
    const bad = (events: unknown) => {
      const r = checkEvents(events);
      assert.equal(r.ok, false, JSON.stringify(events).slice(0, 80));
      return (r as { error: string }).error;
    };
    assert.equal(bad({ events: [] }), 'events: expected array, received object');
    assert.equal(bad([null]), 'events.0: expected object, received null');
    assert.equal(bad([{ id: 'a', runId: 'r', kind: 7 }]), 'events.0.kind: expected string, received number (event "a")');
    assert.equal(
      bad([
        { id: 'ok', runId: 'r', kind: 'user_message', text: 'hi' },
        { id: 'b', runId: 'r', kind: 'user_message', text: 5 },
      ]),
      'events.1.text: expected string, received number (event "b")',
    );
    assert.equal(
      bad([{ id: 'c', runId: 'r', kind: 'tool_call', arguments: {} }]),
      'events.0.name: expected string, received undefined (event "c")',
    );
    assert.match(
      bad([{ id: 'd', runId: 'r', kind: 'model_call', output: [{ role: 'assistant', toolCalls: [{ name: 1 }] }] }]),
      /^events\.0\.output\.0\.toolCalls\.0\.name: expected string, received number/,
    );
    assert.match(
      bad([{ id: 'e', runId: 'r', kind: 'pending_input', ask: 'root', name: 'x', arguments: 1 }]),
      /^events\.0\.ask: expected one of/,
    );
    assert.match(bad([{ id: 'x'.repeat(10_000), runId: 'r', kind: 'error' }]), /^events\.0\.message: .* \(event "x{80}"\)$/);
    // Nesting 100,000 deep where the schema takes anything is not walked (no stack to overflow).
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = unpackEvents(new TextEncoder().encode(`[{"id":"f","runId":"r","kind":"tool_call","name":"n","arguments":${deep}}]`));
    assert.ok(r.ok || /not UTF-8 JSON/.test(r.error), 'either taken as given or refused as JSON, never a crash');
    // A key named __proto__ stays a plain field: it changes no prototype.
    const proto = unpackEvents(new TextEncoder().encode('[{"id":"g","runId":"r","kind":"odd","__proto__":{"polluted":1}}]'));
    assert.ok(proto.ok);
    assert.equal(({} as { polluted?: number }).polluted, undefined);
  });
});
