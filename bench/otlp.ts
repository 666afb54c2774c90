// OTLP ingest: what the trace receiver does with a request body — protobuf decode (protobufjs with
// the official opentelemetry-proto definitions), reading into flat spans and mapping into sessions —
// on bytes the Node OpenTelemetry SDK recorded and its own OTLP serializer wrote (GenAI-convention
// agent turns: invoke_agent → chat → execute_tool → chat). The figure beside it is the decode alone,
// so the ratio says what our reading and mapping add to what the protobuf library must do anyway.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { context, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { sessionsFromSpans } from '../src/providers/otel/map';
import { decodeTraceProtobuf, decodeTraceProtobufOnly } from '../src/providers/otel/protobuf';

export interface OtlpFigures {
  spans: number;
  bytes: number;
  decodeMs: number;
  ingestMs: number;
  sessions: number;
  spansPerSecond: number;
  ratio: number;
  heapMb: number;
  rssMb: number;
}

/** `spans` spans in turns of four, spread over 100 conversations, serialised as one ExportTraceServiceRequest. */
function request(spans: number): Uint8Array {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('bench-genai', '1.0.0');
  let t = Date.now();
  for (let turn = 0; turn * 4 < spans; turn++) {
    const conv = `conv-${turn % 100}`;
    const root = tracer.startSpan('invoke_agent Bench', {
      startTime: t++,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'Bench',
        'gen_ai.conversation.id': conv,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `question ${turn}` }] }]),
      },
    });
    const ctx = trace.setSpan(context.active(), root);
    const chat = (finish: string) => {
      const s = tracer.startSpan(
        'chat gpt-4.1',
        {
          startTime: t++,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4.1',
            'gen_ai.response.model': 'gpt-4.1-2025-04-14',
            'gen_ai.usage.input_tokens': 120 + (turn % 50),
            'gen_ai.usage.output_tokens': 14,
            'gen_ai.response.finish_reasons': [finish],
          },
        },
        ctx,
      );
      s.end(t++);
    };
    chat('tool_calls');
    const tool = tracer.startSpan(
      'execute_tool get_weather',
      {
        startTime: t++,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'get_weather',
          'gen_ai.tool.call.id': `call_${turn}`,
          'gen_ai.tool.call.arguments': JSON.stringify({ city: `city ${turn}` }),
          'gen_ai.tool.call.result': JSON.stringify({ sky: 'rain', celsius: 11 }),
        },
      },
      ctx,
    );
    tool.end(t++);
    chat('stop');
    root.end(t++);
  }
  const finished = memory.getFinishedSpans().slice(0, spans);
  return ProtobufTraceSerializer.serializeRequest(finished)!;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Median of three runs of each: the decode alone, and decode + reading + mapping into sessions. */
export function measureOtlp(spans: number): OtlpFigures {
  const bytes = request(spans);
  const warm = request(400);
  for (let i = 0; i < 3; i++) sessionsFromSpans(decodeTraceProtobuf(warm).items);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  const decode: number[] = [];
  const ingest: number[] = [];
  let sessions = 0;
  for (let i = 0; i < 3; i++) {
    decode.push(time(() => void decodeTraceProtobufOnly(bytes)));
    ingest.push(
      time(() => {
        sessions = sessionsFromSpans(decodeTraceProtobuf(bytes).items).length;
      }),
    );
  }
  // What the host holds once a request is mapped: the sessions kept, measured between two full collections.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = sessionsFromSpans(decodeTraceProtobuf(bytes).items);
  gc();
  const mem = process.memoryUsage();
  const heapMb = Math.max(0, mem.heapUsed - before) / 1e6;
  void kept.length;
  const decodeMs = median(decode);
  const ingestMs = median(ingest);
  return {
    spans,
    bytes: bytes.length,
    decodeMs,
    ingestMs,
    sessions,
    spansPerSecond: spans / (ingestMs / 1000),
    ratio: ingestMs / decodeMs,
    heapMb,
    rssMb: mem.rss / 1e6,
  };
}
