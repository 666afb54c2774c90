// OTLP export requests (traces and logs) as flat lists of spans and log records, read from the
// plain objects that either protobufjs' toObject (binary OTLP) or JSON.parse (OTLP/JSON) gives.
// One lenient reader for both: ids may be bytes (protobuf), hex (OTLP/JSON) or base64 (protobuf's
// own JSON mapping); 64-bit numbers may be strings or numbers; field names lowerCamelCase or
// snake_case. A span without a usable trace or span id is rejected (counted for the partial-success
// answer), never a reason to refuse the whole request. Pure: no `vscode`, no I/O.

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface Scope {
  name?: string;
  version?: string;
}

export interface SpanEvent {
  name: string;
  timeUnixNano?: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface FlatSpan {
  resource: Attributes;
  scope: Scope;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** SpanKind as its number (1 internal … 5 consumer); 0 unspecified. */
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage?: string;
}

export interface FlatLog {
  resource: Attributes;
  scope: Scope;
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  body?: AttrValue;
  attributes: Attributes;
  traceId?: string;
  spanId?: string;
}

export interface Decoded<T> {
  items: T[];
  /** Items left out, with the first few reasons (for the partial-success answer). */
  rejected: number;
  reasons: string[];
}

/** The request's shape is wrong as a whole (not an object, resourceSpans not a list…): a 400. */
export class OtlpShapeError extends Error {}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** Nesting beyond this in an attribute value is kept as a note, not walked (a hostile sender can nest deeply). */
const MAX_VALUE_DEPTH = 64;
const MAX_REASONS = 5;

function field(o: Record<string, unknown>, camel: string): unknown {
  if (camel in o) return o[camel];
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return o[snake];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A protobuf uint64 / fixed64 (string, number, or protobufjs Long) as a decimal string. */
function nanos(v: unknown): string | undefined {
  if (typeof v === 'string' && /^\d+$/.test(v)) return v === '0' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return BigInt(Math.trunc(v)).toString();
  if (isObject(v) && typeof v.low === 'number' && typeof v.high === 'number') {
    const n = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return n === 0n ? undefined : n.toString();
  }
  return undefined;
}

function int(v: unknown, names?: Record<string, number>): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    if (names && v in names) return names[v];
    if (/^-?\d+$/.test(v)) return Number(v);
  }
  return undefined;
}

/** A trace or span id as lower-case hex, from bytes, hex or base64; undefined when empty or unreadable. */
export function idHex(v: unknown, bytes: 8 | 16): string | undefined {
  let hex: string | undefined;
  if (v instanceof Uint8Array) hex = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  else if (typeof v === 'string') {
    if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) hex = v.toLowerCase();
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
      const b = Buffer.from(v, 'base64');
      if (b.length === bytes) hex = b.toString('hex');
    }
  }
  if (!hex || hex.length !== bytes * 2 || /^0+$/.test(hex)) return undefined;
  return hex;
}

/** An OTLP AnyValue as plain JSON (bytes as base64 text), iteratively bounded in depth. */
export function anyValue(v: unknown, depth = 0): AttrValue {
  if (!isObject(v)) return v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  if (depth > MAX_VALUE_DEPTH) return '[nested too deeply]';
  const s = field(v, 'stringValue');
  if (s !== undefined) return typeof s === 'string' ? s : JSON.stringify(s);
  const b = field(v, 'boolValue');
  if (b !== undefined) return b === true || b === 'true';
  const i = field(v, 'intValue');
  if (i !== undefined) {
    const n = typeof i === 'number' ? i : Number(nanosSigned(i));
    return Number.isSafeInteger(n) ? n : String(nanosSigned(i));
  }
  const d = field(v, 'doubleValue');
  if (d !== undefined) return typeof d === 'number' ? d : Number(d);
  const arr = field(v, 'arrayValue');
  if (arr !== undefined) return list(isObject(arr) ? arr.values : undefined).map((x) => anyValue(x, depth + 1));
  const kv = field(v, 'kvlistValue');
  if (kv !== undefined) return keyValues(isObject(kv) ? kv.values : undefined, depth + 1);
  const bytes = field(v, 'bytesValue');
  if (bytes !== undefined)
    return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : typeof bytes === 'string' ? bytes : JSON.stringify(bytes);
  // An AnyValue with nothing set is an empty value.
  return null;
}

function nanosSigned(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObject(v) && typeof v.low === 'number' && typeof v.high === 'number')
    return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)).toString();
  return String(v);
}

export function keyValues(v: unknown, depth = 0): Attributes {
  const out: Attributes = {};
  for (const kv of list(v)) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

function scopeOf(v: unknown): Scope {
  if (!isObject(v)) return {};
  const s: Scope = {};
  if (typeof v.name === 'string' && v.name) s.name = v.name;
  if (typeof v.version === 'string' && v.version) s.version = v.version;
  return s;
}

function note(d: Decoded<unknown>, reason: string): void {
  d.rejected++;
  if (d.reasons.length < MAX_REASONS) d.reasons.push(reason);
}

/** ExportTraceServiceRequest (as a plain object) → spans. */
export function readTraces(request: unknown): Decoded<FlatSpan> {
  if (!isObject(request)) throw new OtlpShapeError('the body is not an ExportTraceServiceRequest object');
  const rs = field(request, 'resourceSpans');
  if (rs !== undefined && !Array.isArray(rs)) throw new OtlpShapeError('resourceSpans is not a list');
  const out: Decoded<FlatSpan> = { items: [], rejected: 0, reasons: [] };
  for (const r of list(rs)) {
    if (!isObject(r)) continue;
    const resource = keyValues(isObject(r.resource) ? r.resource.attributes : undefined);
    for (const ss of list(field(r, 'scopeSpans') ?? field(r, 'instrumentationLibrarySpans'))) {
      if (!isObject(ss)) continue;
      const scope = scopeOf(ss.scope ?? field(ss, 'instrumentationLibrary'));
      for (const s of list(ss.spans)) {
        if (!isObject(s)) {
          note(out, 'a span is not an object');
          continue;
        }
        const traceId = idHex(field(s, 'traceId'), 16);
        const spanId = idHex(field(s, 'spanId'), 8);
        if (!traceId || !spanId) {
          note(out, `span "${typeof s.name === 'string' ? s.name : ''}" has no valid ${traceId ? 'spanId' : 'traceId'}`);
          continue;
        }
        const status = isObject(s.status) ? s.status : {};
        const span: FlatSpan = {
          resource,
          scope,
          traceId,
          spanId,
          name: typeof s.name === 'string' ? s.name : '',
          kind: int(s.kind, SPAN_KINDS) ?? 0,
          attributes: keyValues(s.attributes),
          events: list(s.events)
            .filter(isObject)
            .map((e) => ({ name: str(e.name) ?? '', timeUnixNano: nanos(field(e, 'timeUnixNano')), attributes: keyValues(e.attributes) })),
          links: list(s.links)
            .filter(isObject)
            .map((l) => ({
              traceId: idHex(field(l, 'traceId'), 16) ?? '',
              spanId: idHex(field(l, 'spanId'), 8) ?? '',
              attributes: keyValues(l.attributes),
            }))
            .filter((l) => l.traceId && l.spanId),
          statusCode: int(status.code, STATUS_CODES) ?? 0,
        };
        const parent = idHex(field(s, 'parentSpanId'), 8);
        if (parent) span.parentSpanId = parent;
        const start = nanos(field(s, 'startTimeUnixNano'));
        const end = nanos(field(s, 'endTimeUnixNano'));
        if (start) span.startTimeUnixNano = start;
        if (end) span.endTimeUnixNano = end;
        if (typeof status.message === 'string' && status.message) span.statusMessage = status.message;
        out.items.push(span);
      }
    }
  }
  return out;
}

/** ExportLogsServiceRequest (as a plain object) → log records. */
export function readLogs(request: unknown): Decoded<FlatLog> {
  if (!isObject(request)) throw new OtlpShapeError('the body is not an ExportLogsServiceRequest object');
  const rl = field(request, 'resourceLogs');
  if (rl !== undefined && !Array.isArray(rl)) throw new OtlpShapeError('resourceLogs is not a list');
  const out: Decoded<FlatLog> = { items: [], rejected: 0, reasons: [] };
  for (const r of list(rl)) {
    if (!isObject(r)) continue;
    const resource = keyValues(isObject(r.resource) ? r.resource.attributes : undefined);
    for (const sl of list(field(r, 'scopeLogs'))) {
      if (!isObject(sl)) continue;
      const scope = scopeOf(sl.scope);
      for (const l of list(field(sl, 'logRecords'))) {
        if (!isObject(l)) {
          note(out, 'a log record is not an object');
          continue;
        }
        const rec: FlatLog = { resource, scope, attributes: keyValues(l.attributes) };
        const time = nanos(field(l, 'timeUnixNano'));
        const observed = nanos(field(l, 'observedTimeUnixNano'));
        if (time) rec.timeUnixNano = time;
        if (observed) rec.observedTimeUnixNano = observed;
        const sev = int(field(l, 'severityNumber'));
        if (sev) rec.severityNumber = sev;
        const sevText = str(field(l, 'severityText'));
        if (sevText) rec.severityText = sevText;
        const eventName =
          str(field(l, 'eventName')) ||
          (typeof rec.attributes['event.name'] === 'string' ? (rec.attributes['event.name'] as string) : undefined);
        if (eventName) rec.eventName = eventName;
        if (l.body !== undefined) rec.body = anyValue(l.body);
        const traceId = idHex(field(l, 'traceId'), 16);
        const spanId = idHex(field(l, 'spanId'), 8);
        if (traceId) rec.traceId = traceId;
        if (spanId) rec.spanId = spanId;
        out.items.push(rec);
      }
    }
  }
  return out;
}

/** Nanoseconds since the epoch (decimal string) → milliseconds, fractions kept. */
export function nanosToMs(n: string | undefined): number | undefined {
  if (!n) return undefined;
  const big = BigInt(n);
  return Number(big / 1_000_000n) + Number(big % 1_000_000n) / 1e6;
}

/** Nanoseconds since the epoch → ISO-8601 with the nanoseconds kept. */
export function nanosToIso(n: string | undefined): string | undefined {
  if (!n) return undefined;
  const big = BigInt(n);
  const ms = Number(big / 1_000_000n);
  const d = new Date(ms);
  // Past year 9999 ISO needs a six-digit year, which nothing downstream reads: left out.
  if (Number.isNaN(d.getTime()) || ms > 253_402_300_799_999) return undefined;
  const frac = (big % 1_000_000_000n).toString().padStart(9, '0');
  return `${d.toISOString().slice(0, 19)}.${frac}Z`;
}
