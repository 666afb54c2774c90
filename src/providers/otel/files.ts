// OTLP JSON files in and out.
// - In: an ExportTraceServiceRequest (or ExportLogsServiceRequest), or JSON lines of them as the
//   OpenTelemetry file exporter and VS Code's agent debug panel write; read into sessions.
// - Out: any session as one ExportTraceServiceRequest in the GenAI conventions (an invoke_agent span
//   per run with its chat and execute_tool spans under it), so Jaeger, Phoenix or VS Code's panel
//   can open it. Each span also carries the inspector's own event (`agent_inspector.event`) and the
//   session's and run's facts, so export → import gives back the same session; other tools ignore them.
import { createHash } from 'node:crypto';
import { withTotals, type Run, type Session, type SessionEvent } from '../../model';
import { sessionsFromSpans } from './map';
import { OtlpShapeError, readLogs, readTraces, type FlatLog, type FlatSpan } from './otlp';

export const EXPORT_SCOPE = 'agent-session-inspector';
const EVENT_KEY = 'agent_inspector.event';
const EVENTS_KEY = 'agent_inspector.events';
const RUN_KEY = 'agent_inspector.run';
const SESSION_KEY = 'agent_inspector.session';

export { looksLikeOtlpJson } from './sniff';

export interface OtlpFile {
  sessions: Session[];
  spans: number;
  rejected: number;
}

/** Reads an OTLP JSON file (one request, or one request per line). */
export function readOtlpJson(text: string): OtlpFile {
  const spans: FlatSpan[] = [];
  const logs: FlatLog[] = [];
  let rejected = 0;
  const docs: unknown[] = [];
  try {
    docs.push(JSON.parse(text));
  } catch {
    // JSON lines: one request per line.
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        docs.push(JSON.parse(line));
      } catch (e) {
        throw new Error(`line ${i + 1} is not valid JSON (${(e as Error).message.replace(/,\s*".*" is not valid JSON$/s, '')})`, {
          cause: e,
        });
      }
    });
  }
  for (const doc of docs) {
    try {
      const o = doc as Record<string, unknown>;
      if (o && typeof o === 'object' && ('resourceLogs' in o || 'resource_logs' in o)) {
        const d = readLogs(doc);
        logs.push(...d.items);
        rejected += d.rejected;
      } else {
        const d = readTraces(doc);
        spans.push(...d.items);
        rejected += d.rejected;
      }
    } catch (e) {
      if (e instanceof OtlpShapeError) throw new Error(`the file looks like OTLP JSON, but ${e.message}`, { cause: e });
      throw e;
    }
  }
  if (!spans.length && !logs.length) throw new Error('the file looks like OTLP JSON, but holds no spans or log records');
  let exported: Session[] | undefined;
  try {
    exported = fromExport(spans);
  } catch {
    // Our attributes, but not as we write them: read the file by its conventions instead.
    exported = undefined;
  }
  return { sessions: exported ?? sessionsFromSpans(spans, logs), spans: spans.length, rejected };
}

// ---- export ------------------------------------------------------------------------------------

type KV = { key: string; value: Record<string, unknown> };

function attr(key: string, v: unknown): KV | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { key, value: { stringValue: v } };
  if (typeof v === 'boolean') return { key, value: { boolValue: v } };
  if (typeof v === 'number') return { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } };
  if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
    return { key, value: { arrayValue: { values: v.map((x) => ({ stringValue: x })) } } };
  // Structured values go as JSON text, which every GenAI reader accepts on spans.
  return { key, value: { stringValue: JSON.stringify(v) } };
}

function attrs(list: Array<[string, unknown]>): KV[] {
  return list.map(([k, v]) => attr(k, v)).filter((x): x is KV => x !== undefined);
}

function hexId(seed: string, bytes: 8 | 16): string {
  return createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);
}

function nanos(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

function timeOf(e: SessionEvent): number | undefined {
  return e.timeMs ?? (e.timestamp ? Date.parse(e.timestamp) : undefined);
}

/** The model's messages back in the GenAI parts shape. */
function genAiMessages(
  list: ReadonlyArray<NonNullable<Extract<SessionEvent, { kind: 'model_call' }>['input']>[number]> | undefined,
): unknown[] | undefined {
  if (!list) return undefined;
  return list.map((m) => {
    const parts: unknown[] = [];
    if (m.text !== undefined) parts.push({ type: 'text', content: m.text });
    for (const c of m.toolCalls ?? []) parts.push({ type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments });
    if (m.toolCallId !== undefined || m.toolResult !== undefined)
      parts.push({ type: 'tool_call_response', id: m.toolCallId, response: m.toolResult });
    parts.push(...(m.parts ?? []));
    return { role: m.role, parts, ...(m.name ? { name: m.name } : {}), ...(m.finishReason ? { finish_reason: m.finishReason } : {}) };
  });
}

/** An event without its raw payload (that stays with its provider), as the export carries it. */
function plain(e: SessionEvent): SessionEvent {
  const { raw: _raw, ...rest } = e;
  return rest as SessionEvent;
}

/** Any session as one OTLP/JSON ExportTraceServiceRequest in the GenAI conventions. */
export function sessionToOtlpJson(session: Session): unknown {
  const agent = session.agentName ?? session.agentId ?? session.provider;
  const spans: unknown[] = [];
  const { runs: _runs, raw: _raw, totals: _totals, ...head } = session;
  session.runs.forEach((run, runIndex) => {
    const traceId = /^[0-9a-f]{32}$/.test(run.id) ? run.id : hexId(`${session.id}\u0000${run.id}\u0000${runIndex}`, 16);
    const rootId = hexId(`${traceId}:root`, 8);
    const times = run.events.map(timeOf).filter((t): t is number => t !== undefined);
    const ends = run.events.map((e) => (timeOf(e) ?? NaN) + (e.latencyMs ?? 0)).filter(Number.isFinite);
    const start = times.length ? Math.min(...times) : run.createdAt ? Date.parse(run.createdAt) : undefined;
    const end = ends.length ? Math.max(...ends) : start;
    const user = run.events.find((e) => e.kind === 'user_message');
    const answers = run.events.filter((e) => e.kind === 'assistant_message');
    const rootEvents: unknown[] = [];
    const children: unknown[] = [];
    const callSpan = new Map<string, string>();
    const used = new Set<number>();
    run.events.forEach((e, index) => {
      if (used.has(index)) return;
      const at = timeOf(e);
      const parentSpanId = ('parentCallId' in e && e.parentCallId && callSpan.get(e.parentCallId)) || rootId;
      if (e.kind === 'model_call') {
        const t = e.tokens ?? {};
        const inputAll = t.input !== undefined ? t.input + (t.cacheRead ?? 0) + (t.cacheWrite ?? 0) : undefined;
        children.push({
          traceId,
          spanId: hexId(`${traceId}:${e.id}`, 8),
          parentSpanId,
          name: `${e.operation ?? 'chat'} ${e.requestModel ?? e.model ?? ''}`.trim(),
          kind: 3,
          startTimeUnixNano: nanos(at),
          endTimeUnixNano: nanos(at !== undefined ? at + (e.latencyMs ?? 0) : undefined),
          attributes: attrs([
            ['gen_ai.operation.name', e.operation ?? 'chat'],
            ['gen_ai.provider.name', e.provider],
            ['gen_ai.request.model', e.requestModel ?? e.model],
            ['gen_ai.response.model', e.model],
            ['gen_ai.conversation.id', session.id],
            ['gen_ai.agent.name', agent],
            ['gen_ai.usage.input_tokens', inputAll],
            ['gen_ai.usage.output_tokens', t.output],
            ['gen_ai.usage.cache_read.input_tokens', t.cacheRead],
            ['gen_ai.usage.cache_creation.input_tokens', t.cacheWrite],
            ['gen_ai.usage.reasoning.output_tokens', t.reasoning],
            ['gen_ai.usage.total_tokens', t.total],
            ['gen_ai.response.finish_reasons', e.finishReason ? [e.finishReason] : undefined],
            ['gen_ai.response.id', e.responseId],
            ['gen_ai.response.time_to_first_chunk', e.timeToFirstTokenMs !== undefined ? e.timeToFirstTokenMs / 1000 : undefined],
            ['gen_ai.input.messages', genAiMessages(e.input)],
            ['gen_ai.output.messages', genAiMessages(e.output)],
            ['gen_ai.tool.definitions', e.tools],
            ['error.type', e.error],
            ...Object.entries(e.parameters ?? {}).map(([k, v]) => [`gen_ai.request.${k}`, v] as [string, unknown]),
            [EVENT_KEY, { index, event: plain(e) }],
          ]),
          status: e.error ? { code: 2, message: e.error } : {},
        });
        return;
      }
      if (e.kind === 'tool_call' || e.kind === 'code_execution') {
        const spanId = hexId(`${traceId}:${e.id}`, 8);
        if (e.callId) callSpan.set(e.callId, spanId);
        const resultIndex = e.callId ? run.events.findIndex((r, i) => i > index && r.kind === 'tool_result' && r.callId === e.callId) : -1;
        const result = resultIndex >= 0 ? (run.events[resultIndex] as Extract<SessionEvent, { kind: 'tool_result' }>) : undefined;
        if (result) used.add(resultIndex);
        const endAt = result ? timeOf(result) : at !== undefined ? at + (e.latencyMs ?? 0) : undefined;
        const name = e.kind === 'tool_call' ? e.name : (e.name ?? `${e.language} code`);
        children.push({
          traceId,
          spanId,
          parentSpanId,
          name: `execute_tool ${name}`,
          kind: 1,
          startTimeUnixNano: nanos(at),
          endTimeUnixNano: nanos(endAt !== undefined && at !== undefined && endAt >= at ? endAt : at),
          attributes: attrs([
            ['gen_ai.operation.name', 'execute_tool'],
            ['gen_ai.tool.name', name],
            ['gen_ai.tool.call.id', e.callId],
            [
              'gen_ai.tool.type',
              e.kind === 'tool_call' ? (e.toolType === 'agent' ? 'extension' : (e.toolType ?? 'function')) : 'extension',
            ],
            [
              'gen_ai.tool.call.arguments',
              e.kind === 'tool_call'
                ? e.arguments
                : { language: e.language, code: e.code, ...(e.arguments !== undefined ? { arguments: e.arguments } : {}) },
            ],
            ['gen_ai.tool.call.result', result ? result.result : e.kind === 'code_execution' ? e.output : undefined],
            [
              EVENTS_KEY,
              result
                ? [
                    { index, event: plain(e) },
                    { index: resultIndex, event: plain(result) },
                  ]
                : [{ index, event: plain(e) }],
            ],
          ]),
          status: result?.isError
            ? { code: 2, message: typeof result.result === 'string' ? result.result.slice(0, 500) : 'the tool failed' }
            : {},
        });
        return;
      }
      // Messages and everything else: span events on the run's span, in order.
      rootEvents.push({
        timeUnixNano: nanos(at ?? start),
        name: `agent_inspector.${e.kind}`,
        attributes: attrs([[EVENT_KEY, { index, event: plain(e) }]]),
      });
    });
    const { events: _events, raw: _runRaw, totals: _runTotals, ...runHead } = run;
    spans.push({
      traceId,
      spanId: rootId,
      name: `invoke_agent ${agent}`,
      kind: 1,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(end),
      attributes: attrs([
        ['gen_ai.operation.name', 'invoke_agent'],
        ['gen_ai.agent.name', agent],
        ['gen_ai.agent.id', session.agentId],
        ['gen_ai.conversation.id', session.id],
        [
          'gen_ai.input.messages',
          user?.kind === 'user_message' ? [{ role: 'user', parts: [{ type: 'text', content: user.text }] }] : undefined,
        ],
        [
          'gen_ai.output.messages',
          answers.length
            ? answers.map((a) => ({ role: 'assistant', parts: [{ type: 'text', content: a.kind === 'assistant_message' ? a.text : '' }] }))
            : undefined,
        ],
        [RUN_KEY, { ...runHead, index: runIndex }],
      ]),
      events: rootEvents,
      status: run.status === 'error' || run.status === 'failed' ? { code: 2, message: run.status } : {},
    });
    spans.push(...children);
  });
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attrs([
            ['service.name', agent],
            [SESSION_KEY, head],
          ]),
        },
        scopeSpans: [{ scope: { name: EXPORT_SCOPE, version: '1' }, spans }],
      },
    ],
  };
}

/** Sessions this extension exported, read back exactly from the events they carry; undefined when not one. */
function fromExport(spans: readonly FlatSpan[]): Session[] | undefined {
  if (!spans.length || !spans.every((s) => s.scope.name === EXPORT_SCOPE)) return undefined;
  const bySession = new Map<string, FlatSpan[]>();
  for (const s of spans) {
    const head = s.resource[SESSION_KEY];
    if (typeof head !== 'string') return undefined;
    const list = bySession.get(head) ?? [];
    list.push(s);
    bySession.set(head, list);
  }
  const out: Session[] = [];
  for (const [headText, list] of bySession) {
    let head: Omit<Session, 'runs' | 'totals'>;
    try {
      head = JSON.parse(headText) as Omit<Session, 'runs' | 'totals'>;
    } catch {
      return undefined;
    }
    const runs: Array<Omit<Run, 'totals'> & { index: number }> = [];
    const byTrace = new Map<string, FlatSpan[]>();
    for (const s of list) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
    for (const trace of byTrace.values()) {
      const root = trace.find((s) => typeof s.attributes[RUN_KEY] === 'string');
      if (!root) return undefined;
      const runHead = JSON.parse(root.attributes[RUN_KEY] as string) as Omit<Run, 'totals' | 'events'> & { index: number };
      type Indexed = { index: number; event: SessionEvent };
      const indexed: Indexed[] = [];
      for (const ev of root.events)
        if (typeof ev.attributes[EVENT_KEY] === 'string') indexed.push(JSON.parse(ev.attributes[EVENT_KEY] as string) as Indexed);
      for (const s of trace) {
        if (typeof s.attributes[EVENT_KEY] === 'string') indexed.push(JSON.parse(s.attributes[EVENT_KEY] as string) as Indexed);
        if (typeof s.attributes[EVENTS_KEY] === 'string')
          indexed.push(...(JSON.parse(s.attributes[EVENTS_KEY] as string) as typeof indexed));
      }
      const events = indexed.sort((a, b) => a.index - b.index).map((x) => x.event);
      runs.push({ ...runHead, events });
    }
    runs.sort((a, b) => a.index - b.index);
    out.push(
      withTotals({
        ...head,
        runs: runs.map(({ index: _i, ...r }) => r),
      }),
    );
  }
  return out;
}
