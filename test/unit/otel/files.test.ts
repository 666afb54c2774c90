// OTLP JSON files: every demo session exports as an ExportTraceServiceRequest that reads back as the
// same session; the same file read by its GenAI attributes alone (as another tool would, without
// the inspector's own attributes) still has the model calls, tool calls, tokens and messages; a
// file of JSON lines from the Node SDK's own serializer opens; bad files get a clear message.
import assert from 'node:assert/strict';
import { context, trace } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Session, SessionEvent } from '../../../src/model';
import { DEMO_CONNECTION, DemoProvider } from '../../../src/providers/demo/provider';
import { looksLikeOtlpJson, readOtlpJson, sessionToOtlpJson } from '../../../src/providers/otel/files';

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function withoutRaw(s: Session): Session {
  const { raw: _r, ...rest } = s;
  return {
    ...rest,
    runs: s.runs.map(({ raw: _rr, ...run }) => ({ ...run, events: run.events.map(({ raw: _e, ...e }) => e as SessionEvent) })),
  } as Session;
}

/** The export as another tool reads it: the inspector's own attributes and events taken out. */
function genAiOnly(doc: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as {
    resourceSpans: Array<{
      resource: { attributes: Array<{ key: string }> };
      scopeSpans: Array<{ scope: { name: string }; spans: Array<{ attributes: Array<{ key: string }>; events?: unknown[] }> }>;
    }>;
  };
  for (const rs of copy.resourceSpans) {
    rs.resource.attributes = rs.resource.attributes.filter((a) => !a.key.startsWith('agent_inspector.'));
    for (const ss of rs.scopeSpans) {
      ss.scope.name = 'some-other-tool';
      for (const sp of ss.spans) {
        sp.attributes = sp.attributes.filter((a) => !a.key.startsWith('agent_inspector.'));
        sp.events = [];
      }
    }
  }
  return copy;
}

describe('OTLP JSON files', function () {
  this.timeout(60_000);
  let demo: Session[] = [];
  before(async () => {
    const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
    for (const a of await p.listAgents()) {
      const page = await p.listSessions(a.id, undefined, 100);
      for (const s of page.items.slice(0, 6)) demo.push(await p.getSession(a.id, s.id));
    }
    demo = demo.filter((s) => s.totals.events! < 5000);
    assert.ok(demo.length >= 6);
  });

  it('export → import gives the same session, for every demo session', () => {
    for (const s of demo) {
      const text = JSON.stringify(sessionToOtlpJson(s));
      assert.ok(looksLikeOtlpJson(text));
      const back = readOtlpJson(text);
      assert.equal(back.sessions.length, 1, s.id);
      // As JSON: a key set to undefined is no data (JSON has no undefined), so it is not a difference.
      assert.deepEqual(json(back.sessions[0]), json(withoutRaw(s)), s.id);
    }
  });

  it('read by its GenAI attributes alone, the export still has the model calls, tool calls, tokens and messages', () => {
    const s = demo.find((x) => x.runs.some((r) => r.events.some((e) => e.kind === 'model_call')))!;
    assert.ok(s, 'a demo session with model calls');
    const [other] = readOtlpJson(JSON.stringify(genAiOnly(sessionToOtlpJson(s)))).sessions;
    assert.ok(other);
    assert.equal(other.id, s.id, 'gen_ai.conversation.id');
    assert.equal(other.runs.length, s.runs.length);
    s.runs.forEach((run, i) => {
      const got = other.runs[i]!.events;
      const names = (list: SessionEvent[]) => list.filter((e) => e.kind === 'tool_call').map((e) => (e.kind === 'tool_call' ? e.name : ''));
      assert.deepEqual(names(got), names(run.events), `run ${i}: tool calls`);
      const calls = (list: SessionEvent[]) =>
        list
          .filter((e) => e.kind === 'model_call')
          .map((e) => (e.kind === 'model_call' ? [e.model, e.tokens, e.finishReason, e.output?.[0]?.text] : []));
      assert.deepEqual(calls(got), calls(run.events), `run ${i}: model calls`);
      const firstUser = (list: SessionEvent[]) => list.find((e) => e.kind === 'user_message');
      assert.deepEqual(
        (firstUser(got) as { text?: string } | undefined)?.text,
        (firstUser(run.events) as { text?: string } | undefined)?.text,
        `run ${i}: user message`,
      );
    });
  });

  it("opens JSON lines of export requests written by the Node SDK's serializer", () => {
    const lines: string[] = [];
    for (const conv of ['a', 'b']) {
      const memory = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'svc' }),
        spanProcessors: [new SimpleSpanProcessor(memory)],
      });
      const tracer = provider.getTracer('t');
      const root = tracer.startSpan('invoke_agent A', {
        attributes: {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': 'A',
          'gen_ai.conversation.id': conv,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `hello ${conv}` }] }]),
        },
      });
      tracer
        .startSpan(
          'chat m',
          {
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'm',
              'gen_ai.usage.input_tokens': 3,
              'gen_ai.usage.output_tokens': 2,
            },
          },
          trace.setSpan(context.active(), root),
        )
        .end();
      root.end();
      lines.push(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(memory.getFinishedSpans())));
    }
    const text = lines.join('\n') + '\n';
    assert.ok(looksLikeOtlpJson(text));
    const file = readOtlpJson(text);
    assert.equal(file.spans, 4);
    assert.deepEqual(file.sessions.map((s) => s.id).sort(), ['a', 'b']);
    assert.deepEqual(file.sessions.map((s) => s.totals.tokens).sort(), [
      { input: 3, output: 2 },
      { input: 3, output: 2 },
    ]);
  });

  it('says what is wrong with a file that is not readable OTLP JSON', () => {
    assert.throws(() => readOtlpJson('{"resourceSpans": 3}'), /looks like OTLP JSON, but resourceSpans is not a list/);
    assert.throws(() => readOtlpJson('{"resourceSpans": []}'), /holds no spans or log records/);
    assert.throws(() => readOtlpJson('{"resourceSpans": []}\n{"resourceSpans": ['), /line 2 is not valid JSON/);
    assert.equal(looksLikeOtlpJson('{"runs": []}'), false);
  });
});
