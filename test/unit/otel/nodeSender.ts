// A real OpenTelemetry sender: the Node SDK (@opentelemetry/sdk-trace-node) with its OTLP/HTTP
// exporters (protobuf and JSON), emitting an agent run the way GenAI instrumentations do — an
// invoke_agent span with chat and execute_tool spans under it — in the current attribute names or
// the older ones still in the field. The tests compare what the receiver shows with what this SDK
// was told to record.
import { context, trace, SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

export type Naming = 'current' | 'old';
export type Encoding = 'protobuf' | 'json';

export interface SentTurn {
  traceId: string;
  question: string;
  answer: string;
  /** Per model call, as given to the SDK (input includes cache reads, per the conventions). */
  calls: Array<{ input: number; output: number; cacheRead?: number; model: string }>;
  tool: { name: string; callId: string; args: Record<string, unknown>; result: Record<string, unknown> };
}

export class NodeSender {
  readonly provider: BasicTracerProvider;
  private readonly tracer;

  constructor(url: string, encoding: Encoding, serviceName = 'weather-service', o: { compression?: 'gzip' | 'none' } = {}) {
    const exporter =
      encoding === 'protobuf'
        ? new ProtoExporter({ url, compression: o.compression === 'gzip' ? ('gzip' as never) : undefined })
        : new JsonExporter({ url, compression: o.compression === 'gzip' ? ('gzip' as never) : undefined });
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    this.tracer = this.provider.getTracer('test-genai-instrumentation', '1.0.0');
  }

  /** Each turn's spans get their own milliseconds, as a real agent's steps take time (the SDK's clock is coarse enough for ties otherwise). */
  private clock = Date.now();

  private tick(ms = 5): number {
    this.clock += ms;
    return this.clock;
  }

  private child(parent: Span, name: string, attributes: Attributes, kind = SpanKind.INTERNAL): Span {
    return this.tracer.startSpan(name, { attributes, kind, startTime: this.tick() }, trace.setSpan(context.active(), parent));
  }

  /** One agent turn: chat (asks for a tool) → execute_tool → chat (answers). */
  turn(o: { naming: Naming; conversationId?: string; agent?: string; question: string; answer: string; city: string }): SentTurn {
    const agent = o.agent ?? 'Weather Agent';
    const current = o.naming === 'current';
    const root = this.tracer.startSpan(`invoke_agent ${agent}`, {
      kind: SpanKind.CLIENT,
      startTime: this.tick(),
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': agent,
        ...(o.conversationId ? { 'gen_ai.conversation.id': o.conversationId } : {}),
        ...(current
          ? {
              'gen_ai.provider.name': 'openai',
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: o.question }] }]),
            }
          : { 'gen_ai.system': 'openai' }),
      },
    });
    const callId = `call_${o.city.toLowerCase()}`;
    const args = { city: o.city };
    const result = { sky: 'rain', celsius: 11 };
    const calls: SentTurn['calls'] = [
      { input: 120, output: 14, cacheRead: current ? 64 : undefined, model: 'gpt-4.1-2025-04-14' },
      { input: 160, output: 9, model: 'gpt-4.1-2025-04-14' },
    ];
    const chat = (i: number, input: unknown[], output: unknown[], finish: string) => {
      const c = calls[i]!;
      const s = this.child(
        root,
        'chat gpt-4.1',
        current
          ? {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': 'gpt-4.1',
              'gen_ai.response.model': c.model,
              'gen_ai.request.temperature': 0.2,
              'gen_ai.usage.input_tokens': c.input,
              'gen_ai.usage.output_tokens': c.output,
              ...(c.cacheRead ? { 'gen_ai.usage.cache_read.input_tokens': c.cacheRead } : {}),
              'gen_ai.response.finish_reasons': [finish],
              'gen_ai.response.time_to_first_chunk': 0.24,
              'gen_ai.input.messages': JSON.stringify(input),
              'gen_ai.output.messages': JSON.stringify(output),
            }
          : {
              'gen_ai.system': 'openai',
              'gen_ai.request.model': 'gpt-4.1',
              'gen_ai.response.model': c.model,
              'gen_ai.usage.prompt_tokens': c.input,
              'gen_ai.usage.completion_tokens': c.output,
              'gen_ai.response.finish_reasons': [finish],
            },
        SpanKind.CLIENT,
      );
      if (!current) {
        // The older conventions put content in span events.
        s.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': JSON.stringify(input.map(oldMessage)) });
        s.addEvent('gen_ai.content.completion', { 'gen_ai.completion': JSON.stringify(output.map(oldMessage)) });
      }
      s.end(this.tick());
    };
    chat(
      0,
      [{ role: 'user', parts: [{ type: 'text', content: o.question }] }],
      [
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: callId, name: 'get_weather', arguments: args }],
          finish_reason: 'tool_calls',
        },
      ],
      'tool_calls',
    );
    const tool = this.child(root, 'execute_tool get_weather', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': callId,
      'gen_ai.tool.type': 'function',
      ...(current ? { 'gen_ai.tool.call.arguments': JSON.stringify(args), 'gen_ai.tool.call.result': JSON.stringify(result) } : {}),
    });
    tool.end(this.tick());
    chat(
      1,
      [
        { role: 'user', parts: [{ type: 'text', content: o.question }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'get_weather', arguments: args }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: result }] },
      ],
      [{ role: 'assistant', parts: [{ type: 'text', content: o.answer }], finish_reason: 'stop' }],
      'stop',
    );
    if (current)
      root.setAttribute(
        'gen_ai.output.messages',
        JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: o.answer }], finish_reason: 'stop' }]),
      );
    root.setStatus({ code: SpanStatusCode.OK });
    root.end(this.tick());
    return {
      traceId: root.spanContext().traceId,
      question: o.question,
      answer: o.answer,
      calls,
      tool: { name: 'get_weather', callId, args, result },
    };
  }

  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/** A GenAI parts message in the older OpenAI-like shape (content text, tool_calls with function). */
function oldMessage(m: unknown): unknown {
  const msg = m as { role: string; parts: Array<Record<string, unknown>>; finish_reason?: string };
  const text = msg.parts
    .filter((p) => p.type === 'text')
    .map((p) => p.content)
    .join('');
  const calls = msg.parts
    .filter((p) => p.type === 'tool_call')
    .map((p) => ({ id: p.id, type: 'function', function: { name: p.name, arguments: JSON.stringify(p.arguments) } }));
  const response = msg.parts.find((p) => p.type === 'tool_call_response');
  return {
    role: msg.role,
    ...(text ? { content: text } : {}),
    ...(calls.length ? { tool_calls: calls } : {}),
    ...(response ? { tool_call_id: response.id, content: JSON.stringify(response.response) } : {}),
  };
}
