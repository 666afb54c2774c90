// The OTLP receiver against real senders: the Node OpenTelemetry SDK's protobuf and JSON exporters
// (gzip and not), GenAI spans in current and older names. What the receiver shows is compared with
// what the SDK was told to record: the session, its messages, model calls with tokens, tool calls.
import assert from 'node:assert/strict';
import { OtlpReceiver, type Batch } from '../../../src/providers/otel/receiver';
import { sessionsFromSpans } from '../../../src/providers/otel/map';
import type { FlatSpan } from '../../../src/providers/otel/otlp';
import { ofKind } from '../helpers';
import { NodeSender, type Encoding, type Naming } from './nodeSender';

describe('OTLP receiver with the Node OpenTelemetry SDK as sender', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let stored: Batch[];
  let url: string;

  beforeEach(async () => {
    stored = [];
    receiver = new OtlpReceiver({ port: 0, sink: async (b) => void stored.push(b) });
    const port = await receiver.start();
    url = `http://127.0.0.1:${port}/v1/traces`;
  });
  afterEach(() => receiver.stop());

  const spans = (): FlatSpan[] => stored.flatMap((b) => b.spans);

  for (const encoding of ['protobuf', 'json'] as Encoding[]) {
    for (const naming of ['current', 'old'] as Naming[]) {
      for (const compression of ['none', 'gzip'] as const) {
        it(`${encoding}${compression === 'gzip' ? ' + gzip' : ''}, ${naming} GenAI names: one session with messages, model calls and the tool call`, async () => {
          const sender = new NodeSender(url, encoding, 'weather-service', { compression });
          const t1 = sender.turn({
            naming,
            conversationId: 'conv-42',
            question: 'Weather in Paris?',
            answer: 'Rainy, 11 °C.',
            city: 'Paris',
          });
          const t2 = sender.turn({
            naming,
            conversationId: 'conv-42',
            question: 'And in Oslo?',
            answer: 'Rainy too, 11 °C.',
            city: 'Oslo',
          });
          await sender.flush();
          await sender.shutdown();
          assert.equal(spans().length, 8, 'every span arrived');
          assert.equal(receiver.received.spans, 8);
          assert.equal(receiver.received.gzipped > 0, compression === 'gzip', 'gzip was (or was not) used');
          const sessions = sessionsFromSpans(spans());
          assert.equal(sessions.length, 1, 'grouped by gen_ai.conversation.id');
          const s = sessions[0]!;
          assert.equal(s.id, 'conv-42');
          assert.equal(s.provider, 'otel');
          assert.equal(s.agentName, 'Weather Agent');
          assert.equal(s.metadata['service.name'], 'weather-service');
          assert.deepEqual(
            s.runs.map((r) => r.id),
            [t1.traceId, t2.traceId],
            'one run per trace, in order',
          );
          for (const [run, sent] of [
            [s.runs[0]!, t1],
            [s.runs[1]!, t2],
          ] as const) {
            const users = ofKind(run.events, 'user_message');
            const answers = ofKind(run.events, 'assistant_message');
            const calls = ofKind(run.events, 'model_call');
            const tools = ofKind(run.events, 'tool_call');
            const results = ofKind(run.events, 'tool_result');
            // (The older names carry no agent input/output: the model calls' own messages stand in.)
            assert.deepEqual(
              users.map((e) => e.text),
              [sent.question],
            );
            assert.deepEqual(
              answers.map((e) => e.text),
              [sent.answer],
            );
            assert.equal(answers[0]!.tokens, undefined, 'the answer carries no tokens: its model call does');
            assert.equal(calls.length, 2);
            assert.deepEqual(
              calls.map((c) => c.model),
              sent.calls.map((c) => c.model),
            );
            assert.deepEqual(
              calls.map((c) => c.requestModel),
              ['gpt-4.1', 'gpt-4.1'],
            );
            assert.deepEqual(
              calls.map((c) => c.provider),
              ['openai', 'openai'],
            );
            assert.deepEqual(
              calls.map((c) => c.finishReason),
              ['tool_calls', 'stop'],
            );
            // Tokens: input as sent less the cache reads (kept apart in the model), so the sum is what was sent.
            calls.forEach((c, i) => {
              const sentCall = sent.calls[i]!;
              assert.equal((c.tokens?.input ?? 0) + (c.tokens?.cacheRead ?? 0), sentCall.input);
              assert.equal(c.tokens?.output, sentCall.output);
              assert.equal(c.tokens?.cacheRead, sentCall.cacheRead);
              assert.ok(c.latencyMs !== undefined && c.latencyMs >= 0);
            });
            assert.equal(calls[1]!.output?.[0]?.text, sent.answer);
            assert.deepEqual(calls[0]!.output?.[0]?.toolCalls, [{ id: sent.tool.callId, name: 'get_weather', arguments: sent.tool.args }]);
            assert.equal(calls[1]!.input?.[2]?.role, 'tool');
            assert.equal(calls[1]!.input?.[2]?.toolCallId, sent.tool.callId);
            if (naming === 'current') assert.equal(calls[0]!.timeToFirstTokenMs, 240);
            assert.deepEqual(
              tools.map((e) => [e.name, e.callId]),
              [['get_weather', sent.tool.callId]],
            );
            assert.deepEqual(
              results.map((e) => e.callId),
              [sent.tool.callId],
            );
            if (naming === 'current') {
              assert.deepEqual(tools[0]!.arguments, sent.tool.args);
              assert.deepEqual(results[0]!.result, sent.tool.result);
            }
            const inTokens = sent.calls.reduce((a, c) => a + c.input, 0);
            assert.equal(
              (run.totals.tokens.input ?? 0) + (run.totals.tokens.cacheRead ?? 0),
              inTokens,
              'run totals count each request once',
            );
            assert.equal(
              run.totals.tokens.output,
              sent.calls.reduce((a, c) => a + c.output, 0),
            );
            assert.equal(run.totals.requests, 2);
          }
        });
      }
    }
  }

  it('groups traces without a conversation id as one session each, named by the agent', async () => {
    const sender = new NodeSender(url, 'protobuf');
    const a = sender.turn({ naming: 'current', question: 'Weather in Rome?', answer: 'Sunny.', city: 'Rome' });
    const b = sender.turn({ naming: 'current', agent: 'Travel Agent', question: 'Trains to Milan?', answer: 'Hourly.', city: 'Milan' });
    await sender.shutdown();
    const sessions = sessionsFromSpans(spans());
    assert.deepEqual(sessions.map((s) => s.id).sort(), [`trace:${a.traceId}`, `trace:${b.traceId}`].sort());
    assert.deepEqual(sessions.map((s) => s.agentName).sort(), ['Travel Agent', 'Weather Agent']);
    assert.deepEqual(sessions.map((s) => s.title).sort(), ['Trains to Milan?', 'Weather in Rome?']);
  });
});
