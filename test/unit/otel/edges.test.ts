// The receiver against the Node OpenTelemetry SDK on the edges a real agent reaches: a model call and
// a tool that fail mid-run (exceptions recorded, once or twice), an agent failing of it, attributes
// sent empty, finish reasons with an empty first entry, counts beyond 2^53, an evaluation result
// on a span, log records sent for a tool span, for the agent span and for a span that never
// arrived. Every figure shown is compared with what the SDK itself exported (its ReadableSpans,
// kept by an in-memory exporter beside the OTLP one) and with the log records its serializer
// posted — never with hand-written numbers.
import assert from 'node:assert/strict';
import { context, trace, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { SessionEvent } from '../../../src/model';
import { sessionsFromSpans } from '../../../src/providers/otel/map';
import { OtlpReceiver, type Batch } from '../../../src/providers/otel/receiver';
import { ofKind } from '../helpers';

type ModelCall = Extract<SessionEvent, { kind: 'model_call' }>;
const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
const attr = (s: ReadableSpan, k: string) => s.attributes[k] as unknown;

describe('OTLP receiver ← Node OpenTelemetry SDK: failures mid-run, empty and huge values, events and logs', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let stored: Batch[];
  let base: string;

  beforeEach(async () => {
    stored = [];
    receiver = new OtlpReceiver({ port: 0, sink: async (b) => void stored.push(b) });
    base = `http://127.0.0.1:${await receiver.start()}`;
  });
  afterEach(() => receiver.stop());

  /** One agent turn that goes wrong, sent through the SDK's own OTLP exporter; returns what the SDK exported. */
  async function sendTurn(encoding: 'protobuf' | 'json'): Promise<{ spans: ReadableSpan[]; logs: number; orphanSpanId: string }> {
    const memory = new InMemorySpanExporter();
    const url = `${base}/v1/traces`;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'edge-service' }),
      spanProcessors: [
        new SimpleSpanProcessor(encoding === 'protobuf' ? new ProtoExporter({ url }) : new JsonExporter({ url })),
        new SimpleSpanProcessor(memory),
      ],
    });
    const tracer = provider.getTracer('edge-instrumentation', '1.0.0');
    let clock = Date.now();
    const tick = () => (clock += 7);
    const child = (parent: Span, name: string, attributes: Attributes) =>
      tracer.startSpan(name, { attributes, kind: SpanKind.CLIENT, startTime: tick() }, trace.setSpan(context.active(), parent));

    const root = tracer.startSpan('invoke_agent Edge agent', {
      startTime: tick(),
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'Edge agent',
        'gen_ai.conversation.id': `edge-${encoding}`,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Sum it up' }] }]),
      },
    });
    const asked = child(root, 'chat edge-model', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'edge-ai',
      'gen_ai.request.model': 'edge-model',
      'gen_ai.response.model': '', // sent empty: not given
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.reasoning.output_tokens': 50,
      'gen_ai.response.finish_reasons': ['', 'tool_calls'],
      'gen_ai.response.time_to_first_chunk': 0.25,
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_sum', name: 'sum', arguments: { values: [1, 2] } }] },
      ]),
    });
    asked.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'Relevance', 'gen_ai.evaluation.score.value': 0.8 }, tick());
    asked.end(tick());
    // A tool span that names nothing (as some instrumentations send it) and raises.
    const tool = child(root, 'execute_tool sum', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': '',
      'gen_ai.tool.call.id': '',
      'gen_ai.tool.call.arguments': '',
      'gen_ai.tool.call.result': '',
    });
    tool.recordException(new TypeError('values must be numbers'), tick());
    tool.setStatus({ code: SpanStatusCode.ERROR });
    tool.end(tick());
    // The next request fails; the instrumentation records the exception twice (wrapper and SDK).
    const failed = child(root, 'chat edge-model', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'edge-model',
      'gen_ai.usage.input_tokens': 4e15,
      'gen_ai.usage.output_tokens': 1e16, // beyond 2^53: an int64 on the wire
      'error.type': '503',
    });
    const outage = new Error('upstream unavailable');
    failed.recordException(outage, tick());
    failed.recordException(outage, tick());
    failed.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
    failed.end(tick());
    // The agent fails of it, and puts the error text where its answer would be.
    root.setAttribute(
      'gen_ai.output.messages',
      JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'upstream unavailable' }] }]),
    );
    root.setStatus({ code: SpanStatusCode.ERROR, message: 'agent run failed' });
    root.end(tick());
    await provider.forceFlush();
    const exported = [...memory.getFinishedSpans()]; // (shutting down empties the in-memory exporter)
    await provider.shutdown();

    // Log records with the trace's context, as the SDK's serializer writes them.
    const traceId = root.spanContext().traceId;
    const orphanSpanId = 'aaaaaaaaaaaaaaaa';
    const record = (spanId: string, eventName: string | undefined, body: unknown, attributes: Attributes) =>
      ({
        hrTime: [Math.floor(tick() / 1000), 0],
        hrTimeObserved: [Math.floor(clock / 1000), 0],
        severityNumber: 9,
        severityText: 'INFO',
        body,
        eventName,
        attributes,
        droppedAttributesCount: 0,
        resource: {
          attributes: { 'service.name': 'edge-service' },
          asyncAttributesPending: false,
          merge: () => undefined,
          getRawAttributes: () => [['service.name', 'edge-service']],
        },
        instrumentationScope: { name: 'edge-instrumentation' },
        spanContext: { traceId, spanId, traceFlags: 1 },
      }) as never;
    const records = [
      record(tool.spanContext().spanId, undefined, 'retrying sum with coerced values', { 'code.function': 'sum' }),
      record(
        root.spanContext().spanId,
        'gen_ai.evaluation.result',
        { explanation: 'off topic' },
        { 'gen_ai.evaluation.name': 'Groundedness' },
      ),
      record(orphanSpanId, undefined, 'a line from a span that was never exported', {}),
    ];
    const body =
      encoding === 'protobuf' ? ProtobufLogsSerializer.serializeRequest(records)! : JsonLogsSerializer.serializeRequest(records)!;
    const res = await fetch(`${base}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json' },
      body: new Blob([Buffer.from(body)]),
    });
    assert.equal(res.status, 200, 'the logs were taken');
    return { spans: exported, logs: records.length, orphanSpanId };
  }

  for (const encoding of ['protobuf', 'json'] as const) {
    it(`${encoding}: what the SDK sent, each figure once — tokens by kind, reasons, durations, one error per failure, every event and log kept`, async () => {
      const sent = await sendTurn(encoding);
      const byName = (n: string) => sent.spans.filter((s) => s.name === n);
      const [root] = byName('invoke_agent Edge agent');
      const [asked, failed] = byName('chat edge-model').sort((a, b) => ms(a.startTime) - ms(b.startTime));
      const [tool] = byName('execute_tool sum');
      const sessions = sessionsFromSpans(
        stored.flatMap((b) => b.spans),
        stored.flatMap((b) => b.logs),
      );
      const session = sessions.find((s) => s.id === `edge-${encoding}`)!;
      assert.ok(session, 'grouped by the conversation id');
      const [run] = session.runs;
      const calls = ofKind(run!.events, 'model_call') as ModelCall[];
      assert.equal(calls.length, 2);

      // Tokens by kind, as the conventions define them: input includes the cache parts, kept apart here.
      const cacheRead = attr(asked!, 'gen_ai.usage.cache_read.input_tokens') as number;
      const cacheWrite = attr(asked!, 'gen_ai.usage.cache_creation.input_tokens') as number;
      assert.deepEqual(calls[0]!.tokens, {
        input: (attr(asked!, 'gen_ai.usage.input_tokens') as number) - cacheRead - cacheWrite,
        output: attr(asked!, 'gen_ai.usage.output_tokens'),
        cacheRead,
        cacheWrite,
        reasoning: attr(asked!, 'gen_ai.usage.reasoning.output_tokens'),
      });
      assert.deepEqual(calls[1]!.tokens, {
        input: attr(failed!, 'gen_ai.usage.input_tokens'),
        output: attr(failed!, 'gen_ai.usage.output_tokens'),
      });
      // Model: the response model was sent empty, so the request's is the one shown.
      assert.deepEqual(
        calls.map((c) => c.model),
        [attr(asked!, 'gen_ai.request.model'), attr(failed!, 'gen_ai.request.model')],
      );
      assert.equal(calls[0]!.finishReason, (attr(asked!, 'gen_ai.response.finish_reasons') as string[]).find(Boolean));
      assert.equal(calls[0]!.timeToFirstTokenMs, (attr(asked!, 'gen_ai.response.time_to_first_chunk') as number) * 1000);
      for (const [c, s] of [
        [calls[0]!, asked!],
        [calls[1]!, failed!],
      ] as const)
        assert.ok(Math.abs(c.latencyMs! - ms(s.duration)) < 0.01, `duration of ${s.name}`);
      assert.ok(Math.abs(run!.providerTotals!.latencyMs! - ms(root!.duration)) < 0.01, 'the run took as long as its span');
      const input = ['input', 'cacheRead', 'cacheWrite'] as const;
      for (const k of input) assert.equal(run!.totals.tokens[k], (calls[0]!.tokens?.[k] ?? 0) + (calls[1]!.tokens?.[k] ?? 0) || undefined);

      // The tool span said nothing of itself: it ran the call the model asked for, with its arguments.
      const askedFor = (
        JSON.parse(attr(asked!, 'gen_ai.output.messages') as string) as Array<{ parts: Array<Record<string, unknown>> }>
      )[0]!.parts[0]!;
      const [toolCall] = ofKind(run!.events, 'tool_call');
      const [toolResult] = ofKind(run!.events, 'tool_result');
      assert.deepEqual([toolCall!.callId, toolCall!.name, toolCall!.arguments], [askedFor.id, askedFor.name, askedFor.arguments]);
      // It failed with an empty result: the exception the SDK recorded says what happened.
      const toolException = tool!.events.find((e) => e.name === 'exception')!;
      assert.equal(toolResult!.isError, true);
      assert.equal(toolResult!.result, toolException.attributes!['exception.message']);

      // One error per failure: the tool's, and the model call's (its two identical exception records
      // are one); the agent failed of the model call, so it adds none, and the error text it put
      // where its answer goes is not an answer.
      assert.equal(calls[1]!.error, `${String(attr(failed!, 'error.type'))}: ${failed!.status.message}`);
      assert.equal(((calls[1]!.raw as { exceptions: unknown[] }).exceptions ?? []).length, 1, 'the exception kept with the call, once');
      assert.equal(run!.totals.errors, 2);
      assert.equal(run!.status, 'error');
      assert.deepEqual(ofKind(run!.events, 'assistant_message'), []);

      // Nothing dropped: the evaluation result on the model span, the app's log line on the tool span
      // and the evaluation sent as a log for the agent span are events of the run; the record of a
      // span that never arrived is kept with the logs that belong to no span.
      const others = ofKind(run!.events, 'other');
      const evaluation = asked!.events.find((e) => e.name === 'gen_ai.evaluation.result')!;
      assert.ok(
        others.some(
          (e) =>
            e.type === evaluation.name &&
            e.fields['gen_ai.evaluation.score.value'] === evaluation.attributes!['gen_ai.evaluation.score.value'],
        ),
        'the evaluation result on the model span',
      );
      assert.ok(
        others.some((e) => e.text === 'retrying sum with coerced values'),
        "the app's log line on the tool span",
      );
      assert.ok(
        others.some((e) => e.type === 'gen_ai.evaluation.result' && e.fields['gen_ai.evaluation.name'] === 'Groundedness'),
        'the evaluation log record on the agent span',
      );
      const loose = sessions.find((s) => s.id.startsWith('logs:'))!;
      assert.deepEqual(
        loose.runs[0]!.events.map((e) => (e.kind === 'other' ? e.fields.spanId : undefined)),
        [sent.orphanSpanId],
      );
      assert.equal(
        others.filter((e) => e.id.includes(':log:')).length + loose.runs[0]!.events.length,
        sent.logs,
        'every log record shown once',
      );
    });
  }
});
