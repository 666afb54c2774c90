// What a span's attributes say in the conventions we read: the OpenTelemetry GenAI semantic
// conventions (current names, open-telemetry/semantic-conventions-genai, and the older `gen_ai.*`
// names still sent by many instrumentations) and OpenInference (Arize's `openinference.span.kind`,
// `llm.*`, `tool.*`, `input.value` / `output.value`). Pure functions of one span's attributes.
import type { ModelMessage, ModelToolCall, TokenUsage } from '../../model';
import type { AttrValue, Attributes, FlatSpan } from './otlp';

type ModelToolCallT = ModelToolCall;

export type SpanRole = 'agent' | 'model' | 'tool' | 'chain' | 'other';

const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'inference', 'completion']);

export function str(a: Attributes, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}

export function num(a: Attributes, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** A value that may have been sent as JSON text (as the conventions allow on spans): parsed when it is. */
export function structured(v: AttrValue | undefined): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

export function roleOf(s: FlatSpan): SpanRole {
  const a = s.attributes;
  const op = str(a, 'gen_ai.operation.name')?.toLowerCase();
  const oi = str(a, 'openinference.span.kind')?.toUpperCase();
  if (op === 'invoke_agent' || oi === 'AGENT') return 'agent';
  if (op === 'execute_tool' || oi === 'TOOL') return 'tool';
  if ((op && MODEL_OPERATIONS.has(op)) || oi === 'LLM' || oi === 'EMBEDDING') return 'model';
  if (op === 'invoke_workflow' || oi === 'CHAIN') return 'chain';
  // Older GenAI instrumentations set no operation name on model spans, only the system and model.
  if (
    !op &&
    !oi &&
    (a['gen_ai.system'] !== undefined || a['gen_ai.provider.name'] !== undefined) &&
    a['gen_ai.request.model'] !== undefined
  )
    return 'model';
  return 'other';
}

/**
 * Tokens in the model's units. GenAI's `gen_ai.usage.input_tokens` and OpenInference's
 * `llm.token_count.prompt` include cached tokens; the model keeps cache reads and writes apart from
 * input, so they are taken out of it here (and put back on export).
 */
export function tokensOf(a: Attributes): TokenUsage | undefined {
  const inputAll = num(a, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt');
  const output = num(a, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion');
  const cacheRead = num(
    a,
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
  );
  const cacheWrite = num(
    a,
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'llm.token_count.prompt_details.cache_write',
  );
  const reasoning = num(a, 'gen_ai.usage.reasoning.output_tokens', 'llm.token_count.completion_details.reasoning');
  const total = num(a, 'gen_ai.usage.total_tokens', 'llm.token_count.total');
  const t: TokenUsage = {};
  if (inputAll !== undefined) {
    const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
    t.input = cached <= inputAll ? inputAll - cached : inputAll;
  }
  if (output !== undefined) t.output = output;
  if (cacheRead) t.cacheRead = cacheRead;
  if (cacheWrite) t.cacheWrite = cacheWrite;
  if (reasoning) t.reasoning = reasoning;
  if (t.input === undefined && t.output === undefined && total !== undefined) t.total = total;
  return Object.keys(t).length ? t : undefined;
}

// ---- messages ------------------------------------------------------------------------------

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return undefined;
  return JSON.stringify(v);
}

function toolArgs(v: unknown): unknown {
  return typeof v === 'string' ? structured(v) : v;
}

/** One message in any of the shapes in the field: GenAI parts, OpenAI-style content/tool_calls, older event bodies. */
export function readMessage(raw: unknown, fallbackRole = 'user'): ModelMessage | undefined {
  if (typeof raw === 'string') return { role: fallbackRole, text: raw };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const inner = m.message && typeof m.message === 'object' ? (m.message as Record<string, unknown>) : undefined;
  const src = inner ? { ...inner, finish_reason: m.finish_reason } : m;
  const out: ModelMessage = { role: typeof src.role === 'string' && src.role ? src.role : fallbackRole };
  const texts: string[] = [];
  const calls: ModelToolCallT[] = [];
  const others: unknown[] = [];
  const parts = Array.isArray(src.parts) ? src.parts : Array.isArray(src.content) ? src.content : undefined;
  if (parts) {
    for (const p of parts) {
      if (!p || typeof p !== 'object') {
        if (typeof p === 'string') texts.push(p);
        continue;
      }
      const part = p as Record<string, unknown>;
      const type = typeof part.type === 'string' ? part.type : '';
      if (
        (type === 'text' || type === 'output_text' || type === 'input_text') &&
        (typeof part.content === 'string' || typeof part.text === 'string')
      ) {
        texts.push((part.content ?? part.text) as string);
      } else if (type === 'tool_call' && typeof part.name === 'string') {
        calls.push(call(part.id, part.name, part.arguments));
      } else if (type === 'tool_call_response') {
        if (typeof part.id === 'string') out.toolCallId = part.id.trim();
        out.toolResult = part.response ?? part.result;
      } else others.push(part);
    }
  } else if (src.content !== undefined && src.content !== null) {
    const t = text(src.content);
    if (t !== undefined) texts.push(t);
  }
  for (const c of Array.isArray(src.tool_calls) ? src.tool_calls : []) {
    if (!c || typeof c !== 'object') continue;
    const tc = c as Record<string, unknown>;
    const fn = (tc.function && typeof tc.function === 'object' ? tc.function : tc) as Record<string, unknown>;
    if (typeof fn.name === 'string') calls.push(call(tc.id, fn.name, fn.arguments));
  }
  if (texts.length) out.text = texts.join('\n');
  if (calls.length) out.toolCalls = calls;
  if (others.length) out.parts = others;
  if (typeof src.tool_call_id === 'string' && !out.toolCallId) out.toolCallId = src.tool_call_id;
  if (typeof src.id === 'string' && out.role === 'tool' && !out.toolCallId) out.toolCallId = src.id;
  if (typeof src.name === 'string' && src.name) out.name = src.name;
  const finish = src.finish_reason ?? src.finishReason;
  if (typeof finish === 'string' && finish) out.finishReason = finish;
  return out;
}

function call(id: unknown, name: string, args: unknown): ModelToolCallT {
  const c: ModelToolCallT = { name };
  if (typeof id === 'string' && id) c.id = id;
  if (args !== undefined) c.arguments = toolArgs(args);
  return c;
}

function messagesFrom(v: unknown, fallbackRole: string): ModelMessage[] | undefined {
  const value = structured(v as AttrValue);
  if (value === undefined || value === null || value === '') return undefined;
  const list = Array.isArray(value) ? value : [value];
  const out = list.map((m) => readMessage(m, fallbackRole)).filter((m): m is ModelMessage => m !== undefined);
  return out.length ? out : undefined;
}

/** OpenInference's flattened `llm.input_messages.N.message.*` (and `.contents.M.message_content.*`). */
function openInferenceMessages(a: Attributes, prefix: string): ModelMessage[] | undefined {
  const rows = new Map<number, Record<string, AttrValue>>();
  const head = `${prefix}.`;
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(head)) continue;
    const m = /^(\d+)\.message\.(.+)$/.exec(k.slice(head.length));
    if (!m) continue;
    const i = Number(m[1]);
    let row = rows.get(i);
    if (!row) rows.set(i, (row = {}));
    row[m[2]!] = v;
  }
  if (!rows.size) return undefined;
  return [...rows.entries()]
    .sort(([x], [y]) => x - y)
    .map(([, r]) => {
      const msg: ModelMessage = { role: typeof r.role === 'string' ? r.role : 'user' };
      const texts: string[] = [];
      if (typeof r.content === 'string') texts.push(r.content);
      const contents = new Map<number, Record<string, AttrValue>>();
      const calls = new Map<number, { id?: string; name?: string; arguments?: unknown }>();
      for (const [k, v] of Object.entries(r)) {
        let mm = /^contents\.(\d+)\.message_content\.(.+)$/.exec(k);
        if (mm) {
          const part = contents.get(Number(mm[1])) ?? {};
          part[mm[2]!] = v;
          contents.set(Number(mm[1]), part);
        }
        mm = /^tool_calls\.(\d+)\.tool_call\.(id|function\.name|function\.arguments)$/.exec(k);
        if (mm) {
          const j = Number(mm[1]);
          const c = calls.get(j) ?? {};
          if (mm[2] === 'id' && typeof v === 'string') c.id = v;
          else if (mm[2] === 'function.name' && typeof v === 'string') c.name = v;
          else if (mm[2] === 'function.arguments') c.arguments = toolArgs(v);
          calls.set(j, c);
        }
      }
      // Text parts are the message's text; any other part (reasoning, as Agno's instrumentation sends
      // it, an image…) is kept apart as given, so a model's thinking is not read as its answer.
      const parts: unknown[] = [];
      for (const [, part] of [...contents.entries()].sort(([x], [y]) => x - y)) {
        if ((part.type === undefined || part.type === 'text') && typeof part.text === 'string') texts.push(part.text);
        else parts.push(part);
      }
      if (texts.length) msg.text = texts.join('\n');
      if (parts.length) msg.parts = parts;
      const list = [...calls.entries()]
        .sort(([x], [y]) => x - y)
        .map(([, c]) => c)
        .filter((c): c is ModelToolCallT => typeof c.name === 'string');
      if (list.length) msg.toolCalls = list;
      if (typeof r.tool_call_id === 'string') msg.toolCallId = r.tool_call_id;
      if (typeof r.name === 'string') msg.name = r.name;
      return msg;
    });
}

/** Older GenAI instrumentations (and Traceloop's): `gen_ai.prompt.N.role` / `.content`, `gen_ai.completion.N.*`. */
function indexedMessages(a: Attributes, prefix: string, fallbackRole: string): ModelMessage[] | undefined {
  const rows = new Map<number, Record<string, AttrValue>>();
  const head = `${prefix}.`;
  const indexed = /^(\d+)\.(.+)$/;
  for (const [k, v] of Object.entries(a)) {
    // One regular expression for all keys, on the keys with the prefix only (this runs for every model span).
    const m = k.startsWith(head) ? indexed.exec(k.slice(head.length)) : null;
    if (!m) continue;
    const i = Number(m[1]);
    const row = rows.get(i) ?? {};
    row[m[2]!] = v;
    rows.set(i, row);
  }
  if (!rows.size) return undefined;
  return [...rows.entries()]
    .sort(([x], [y]) => x - y)
    .map(([, r]) =>
      readMessage(
        { role: r.role, content: r.content, finish_reason: r.finish_reason, tool_calls: structured(r.tool_calls) },
        fallbackRole,
      )!,
    );
}

const OLD_MESSAGE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

const MESSAGE_EVENTS = new Set([
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
  'gen_ai.client.inference.operation.details',
  'gen_ai.choice',
  ...Object.keys(OLD_MESSAGE_EVENTS),
]);

/** Span events and log records that carry a request's or an answer's messages (read by messagesOf); any other is shown as it is. */
export function isMessageEvent(name: string | undefined): boolean {
  return name !== undefined && MESSAGE_EVENTS.has(name);
}

export interface SpanMessages {
  input?: ModelMessage[];
  output?: ModelMessage[];
}

/**
 * The request's and the answer's messages, from wherever the span's instrumentation put them: the
 * current attributes, OpenInference's flattened ones, the older `gen_ai.prompt` / `gen_ai.completion`
 * attributes and span events, and the older one-event-per-message span events.
 */
export function messagesOf(s: FlatSpan): SpanMessages {
  const a = s.attributes;
  let input =
    messagesFrom(a['gen_ai.input.messages'], 'user') ??
    openInferenceMessages(a, 'llm.input_messages') ??
    indexedMessages(a, 'gen_ai.prompt', 'user');
  let output =
    messagesFrom(a['gen_ai.output.messages'], 'assistant') ??
    openInferenceMessages(a, 'llm.output_messages') ??
    indexedMessages(a, 'gen_ai.completion', 'assistant');
  if (!input && a['gen_ai.prompt'] !== undefined) input = messagesFrom(a['gen_ai.prompt'], 'user');
  if (!output && a['gen_ai.completion'] !== undefined) output = messagesFrom(a['gen_ai.completion'], 'assistant');
  const evIn: ModelMessage[] = [];
  const evOut: ModelMessage[] = [];
  for (const e of s.events) {
    const ea = e.attributes;
    if (e.name === 'gen_ai.content.prompt') evIn.push(...(messagesFrom(ea['gen_ai.prompt'], 'user') ?? []));
    else if (e.name === 'gen_ai.content.completion') evOut.push(...(messagesFrom(ea['gen_ai.completion'], 'assistant') ?? []));
    else if (e.name === 'gen_ai.client.inference.operation.details') {
      evIn.push(...(messagesFrom(ea['gen_ai.input.messages'], 'user') ?? []));
      evOut.push(...(messagesFrom(ea['gen_ai.output.messages'], 'assistant') ?? []));
    } else if (e.name in OLD_MESSAGE_EVENTS) {
      const m = readMessage({ role: OLD_MESSAGE_EVENTS[e.name], ...(eventBody(ea) as object) }, OLD_MESSAGE_EVENTS[e.name]);
      if (m) evIn.push(m);
    } else if (e.name === 'gen_ai.choice') {
      const m = readMessage(eventBody(ea), 'assistant');
      if (m) evOut.push(m);
    }
  }
  if (!input && evIn.length) input = evIn;
  if (!output && evOut.length) output = evOut;
  const system = structured(a['gen_ai.system_instructions']);
  if (system !== undefined && system !== null && system !== '') {
    const sys = readMessage(
      { role: 'system', parts: Array.isArray(system) ? system : undefined, content: Array.isArray(system) ? undefined : system },
      'system',
    );
    if (sys) input = [sys, ...(input ?? [])];
  }
  return { input, output };
}

/** Older message events carry their content as attributes (or as a JSON `body` in some SDKs). */
function eventBody(a: Attributes): unknown {
  if (a.body !== undefined) return structured(a.body);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (k !== 'gen_ai.system' && k !== 'event.name') out[k.replace(/^gen_ai\./, '')] = structured(v);
  return out;
}

export function finishReasonOf(a: Attributes, output: ModelMessage[] | undefined): string | undefined {
  const list = structured(a['gen_ai.response.finish_reasons']);
  // The first reason given: an empty or null entry (one choice without a reason) is not one.
  if (Array.isArray(list)) {
    const first = list.find((x): x is string => typeof x === 'string' && x !== '');
    if (first) return first;
  } else if (typeof list === 'string' && list) return list;
  return output?.find((m) => m.finishReason)?.finishReason;
}

/** Request parameters (`gen_ai.request.*` except the model) and OpenInference's invocation parameters. */
export function parametersOf(a: Attributes): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith('gen_ai.request.') && k !== 'gen_ai.request.model') out[k.slice('gen_ai.request.'.length)] = v;
  }
  const inv = structured(a['llm.invocation_parameters']);
  if (inv && typeof inv === 'object' && !Array.isArray(inv)) Object.assign(out, inv);
  return Object.keys(out).length ? out : undefined;
}

export function toolDefinitionsOf(a: Attributes): unknown {
  const defs = structured(a['gen_ai.tool.definitions']);
  if (defs !== undefined) return defs;
  const tools: unknown[] = [];
  for (let i = 0; a[`llm.tools.${i}.tool.json_schema`] !== undefined; i++) tools.push(structured(a[`llm.tools.${i}.tool.json_schema`]));
  return tools.length ? tools : undefined;
}

/** The text of OpenInference's `input.value` / `output.value` (JSON of a message or a bare string). */
export function valueText(v: AttrValue | undefined): string | undefined {
  const s = structured(v);
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && !Array.isArray(s)) {
    const o = s as Record<string, unknown>;
    for (const k of ['content', 'input', 'message', 'text', 'output']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return s === undefined || s === null ? undefined : JSON.stringify(s);
}

/** What a model thought before answering: the reasoning parts of its output (OpenInference's
 *  `message_content.type = reasoning` with `text`, GenAI's ReasoningPart with `content`). */
export function reasoningOf(output: readonly ModelMessage[] | undefined): string | undefined {
  const texts: string[] = [];
  for (const m of output ?? []) {
    for (const p of m.parts ?? []) {
      if (!p || typeof p !== 'object') continue;
      const part = p as Record<string, unknown>;
      if (part.type !== 'reasoning') continue;
      const t = part.text ?? part.content;
      if (typeof t === 'string' && t) texts.push(t);
    }
  }
  return texts.length ? texts.join('\n') : undefined;
}
