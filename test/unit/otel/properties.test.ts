// Property tests over the published OTLP shapes: whatever a sender puts in the fields (missing,
// null, empty, wrong-typed, oversized), reading never throws except to refuse a request that is
// not an export request at all, and mapping never throws and never drops a span.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OtlpShapeError, readTraces } from '../../../src/providers/otel/otlp';
import { sessionsFromSpans } from '../../../src/providers/otel/map';

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.double(),
);

const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.record({ stringValue: fc.oneof(fc.string(), fc.string({ minLength: 5000, maxLength: 6000 })) }),
    fc.record({ intValue: fc.oneof(fc.integer(), fc.constant('9007199254740993'), fc.constant('x')) }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string(), value: tie('value') }), { maxLength: 3 }) }) }),
    junk,
  ),
}));

const KEYS = [
  'gen_ai.operation.name',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.usage.input_tokens',
  'gen_ai.conversation.id',
  'openinference.span.kind',
  'llm.input_messages.0.message.content',
  'gen_ai.tool.call.arguments',
  'input.value',
  'gen_ai.agent.name',
  'other.key',
];
const OPS = ['invoke_agent', 'chat', 'execute_tool', 'AGENT', 'LLM', 'TOOL', 'CHAIN', 'weird'];

const attribute = fc.record({
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string()),
  value: fc.oneof(
    anyValue.value,
    fc.record({
      stringValue: fc.constantFrom(...OPS, '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]', '{"not":"a list"}', '[1,2,null]'),
    }),
  ),
});

const span = fc.record(
  {
    traceId: fc.oneof(hex(32), hex(32), fc.constant('0af7651916cd43dd8448eb211c80319c'), junk),
    spanId: fc.oneof(hex(16), hex(16), junk),
    parentSpanId: fc.oneof(hex(16), fc.constantFrom('b7ad6b7169203331', '00f067aa0ba902b7'), junk),
    name: fc.oneof(fc.string(), junk),
    kind: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant('SPAN_KIND_CLIENT'), junk),
    startTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String), junk),
    endTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String), junk),
    attributes: fc.oneof(
      fc
        .tuple(
          fc.constantFrom('gen_ai.operation.name', 'openinference.span.kind'),
          fc.constantFrom(...OPS),
          fc.array(attribute, { maxLength: 8 }),
        )
        .map(([key, op, rest]) => [{ key, value: { stringValue: op } }, ...rest]),
      fc.array(attribute, { maxLength: 8 }),
      junk,
    ),
    events: fc.oneof(
      fc.array(
        fc.record({
          name: fc.oneof(fc.constantFrom('exception', 'gen_ai.choice', 'x'), junk),
          attributes: fc.array(attribute, { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
      junk,
    ),
    status: fc.oneof(fc.record({ code: fc.oneof(fc.integer({ min: 0, max: 2 }), junk), message: junk }), junk),
  },
  { requiredKeys: ['traceId', 'spanId'] },
);

/** Mostly well formed, sometimes not: a junk layer anywhere would otherwise hide everything below it. */
const mostly = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: a, weight: 6 }, { arbitrary: junk, weight: 1 });

const request = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: mostly(fc.record({ attributes: fc.array(attribute, { maxLength: 3 }) })),
      scopeSpans: mostly(
        fc.array(
          fc.record({ scope: mostly(fc.record({ name: junk })), spans: mostly(fc.array(mostly(span), { minLength: 1, maxLength: 6 })) }),
          { minLength: 1, maxLength: 2 },
        ),
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('OTLP reading and mapping (property-based)', () => {
  it('never throws on any field content, and every accepted span shows up as at least one event', () => {
    fc.assert(
      fc.property(request, (req) => {
        const d = readTraces(req);
        const sessions = sessionsFromSpans(d.items);
        const shown = new Set(sessions.flatMap((s) => s.runs.flatMap((r) => r.events.map((e) => e.id.split(':')[0]))));
        for (const s of d.items) assert.ok(shown.has(s.spanId), `span ${s.spanId} (${s.name}) was dropped`);
        for (const s of sessions) JSON.stringify(s);
      }),
      { numRuns: 300 },
    );
  });

  it('one trace of agent, tool, model and chain spans in any nesting, times and session ids: every span shown once in one session', () => {
    // The times overlap and contain one another on purpose: the mapping moves spans under a sibling
    // they ran within (a delegation's member run, a workflow step's model calls) and splits a trace
    // by session.id; neither may lose a span, show one twice, or loop.
    const kinds = ['AGENT', 'TOOL', 'LLM', 'CHAIN', 'other'];
    const node = fc.record({
      parent: fc.nat({ max: 12 }),
      kind: fc.constantFrom(...kinds),
      start: fc.integer({ min: 0, max: 20 }),
      length: fc.integer({ min: 0, max: 20 }),
      session: fc.option(fc.constantFrom('s1', 's2', 's3'), { freq: 3 }),
      failed: fc.boolean(),
      exceptions: fc.nat({ max: 2 }),
      // Log records sent for this span's id, or for one that never arrives (ids past the spans').
      logs: fc.array(
        fc.record({ span: fc.nat({ max: 14 }), name: fc.option(fc.constantFrom('app.log', 'gen_ai.evaluation.result', 'gen_ai.choice')) }),
        {
          maxLength: 2,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 12 }), (nodes) => {
        const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
        const spans = nodes.map((n, i) => {
          const attributes: Record<string, string> = { 'openinference.span.kind': n.kind };
          if (n.session) attributes['session.id'] = n.session;
          // Parents point anywhere, themselves and later spans included (cycles, forward references).
          return {
            resource: {},
            scope: {},
            traceId: 'a'.repeat(32),
            spanId: id(i),
            parentSpanId: i === 0 ? undefined : id(n.parent % nodes.length),
            name: `${n.kind} ${i}`,
            kind: 1,
            startTimeUnixNano: String(BigInt(1e18) + BigInt(n.start)),
            endTimeUnixNano: String(BigInt(1e18) + BigInt(n.start + n.length)),
            attributes,
            events: Array.from({ length: n.exceptions }, () => ({ name: 'exception', attributes: { 'exception.message': `boom ${i}` } })),
            links: [],
            statusCode: n.failed ? 2 : 0,
          };
        });
        const logs = nodes.flatMap((n, i) =>
          n.logs.map((l, j) => ({
            resource: {},
            scope: {},
            attributes: { marker: `${i}.${j}` },
            traceId: 'a'.repeat(32),
            spanId: id(l.span),
            ...(l.name ? { eventName: l.name } : {}),
          })),
        );
        const sessions = sessionsFromSpans(spans, logs);
        // Every log record is shown once: as an event of its span's run, or with the records that
        // belong to no span; a message record (gen_ai.choice) may instead be read into a model call.
        const markers = sessions.flatMap((s) =>
          s.runs.flatMap((r) =>
            r.events.flatMap((e) => (e.kind === 'other' && typeof e.fields.marker === 'string' ? [e.fields.marker] : [])),
          ),
        );
        for (const l of logs) {
          const n = markers.filter((m) => m === l.attributes.marker).length;
          if (l.eventName === 'gen_ai.choice') assert.ok(n <= 1, `log ${l.attributes.marker} shown ${n} times`);
          else assert.equal(n, 1, `log ${l.attributes.marker} (${l.eventName ?? 'no name'}) shown ${n} times`);
        }
        const where = new Map<string, string>();
        for (const s of sessions)
          for (const r of s.runs)
            for (const e of r.events) {
              const span = e.id.split(':')[0]!;
              const prev = where.get(span);
              assert.ok(prev === undefined || prev === s.id, `span ${span} shows in two sessions (${prev}, ${s.id})`);
              where.set(span, s.id);
            }
        for (const s of spans) assert.ok(where.has(s.spanId), `span ${s.spanId} (${s.name}) was dropped`);
        where.forEach((_, span) => assert.ok(span === 'log' || spans.some((x) => x.spanId === span), `an event of no span: ${span}`));
        for (const s of sessions)
          assert.equal(
            new Set(s.runs.flatMap((r) => r.events.map((e) => e.id))).size,
            s.runs.reduce((a, r) => a + r.events.length, 0),
            'event ids are unique in a session',
          );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses only what is not an export request at all', () => {
    fc.assert(
      fc.property(junk, (v) => {
        try {
          readTraces(v);
        } catch (e) {
          assert.ok(e instanceof OtlpShapeError);
        }
      }),
    );
    assert.throws(() => readTraces({ resourceSpans: 'x' }), OtlpShapeError);
    assert.deepEqual(readTraces({}).items, []);
  });
});
