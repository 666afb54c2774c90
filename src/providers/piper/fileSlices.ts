// A Piper session-events document (a saved file, or the events route's reply as bytes) mapped one
// slice of events at a time, straight from its bytes: the first FIRST_SLICE_EVENTS events are
// mapped and handed on before the rest are read, and no slice waits for the last to be mapped.
// Only the layout (byte ranges of runs and events, jsonScan.ts) is built for the whole document;
// each event is parsed, validated and mapped by map.ts's own functions when its slice comes, so the
// slices put together are the very Session mapPiperSession gives for the whole (a property holds
// them equal). What this does not hold is the whole: peak memory is one slice, not the session.
import type { Run, Session, SessionEvent } from '../../model';
import { sumTotals, TotalsFold } from '../../model/totals';
import { parseOrThrow, type MapContext } from '../mapping';
import type { SlicedSession } from '../types';
import {
  arrayElements,
  checkDocumentEnd,
  documentStart,
  objectFields,
  parseElements,
  parseRange,
  Ranges,
  textOf,
  type FieldRange,
} from '../jsonScan';
import {
  mapPiperSession,
  mapValidEvent,
  piperEmptyReason,
  piperSessionFrame,
  piperSessionId,
  runFrame,
  runIdOf,
  type PiperResponseTop,
} from './map';
import { PiperRunEventSchema, PiperRunSchema, PiperSessionEventsSchema, type PiperRun, type PiperRunEvent } from './schema';

/** Files from this size are read in slices; smaller ones are read whole, as they always were. */
export const SLICED_FROM_BYTES = 2_000_000;
/** The first slice: enough for the first screen. */
export const FIRST_SLICE_EVENTS = 200;
export const SLICE_EVENTS = 2_000;

/** Events parsed with one JSON.parse (a batch is let go once mapped). */
const PARSE_BATCH = 500;

/** Where everything is in the document's bytes. */
export interface PiperLayout {
  /** The document's fields but `runs`, parsed (small: the session and what Piper adds beside it). */
  top: Record<string, unknown>;
  /** Each run's object, without its events: its fields' text joined again ("{…}"), parsed when mapped. */
  runTexts: RunText[];
  /** Every event's bytes, in session order. */
  events: Ranges;
  /** runFirst[r] is the index (in `events`) of run r's first event; runFirst[runs] = events.length. */
  runFirst: Int32Array;
}

/** A run's fields but `events`, as byte ranges (parsed when the run is mapped); `events` says how they were given. */
interface RunText {
  fields: Array<[number, number]>;
  /** The run's `events` when it is not an array (null, or a wrong type the schema names): its bytes. */
  eventsValue?: [number, number];
  /** The run has an `events` field. */
  eventsGiven?: boolean;
}

/** The document's shape is not Piper's session-events (no top-level object with a `runs` array). */
export const NOT_PIPER_LAYOUT = undefined;

/**
 * The layout of `buf` when it is an object with a `runs` array of objects; undefined when it is
 * not that shape (another reader's file: read whole). Bytes that are not JSON throw JsonScanError.
 */
export function piperLayout(buf: Uint8Array): PiperLayout | undefined {
  const start = documentStart(buf);
  if (buf[start] !== 0x7b) return NOT_PIPER_LAYOUT;
  const events = new Ranges(Math.max(1024, Math.floor(buf.length / 200)));
  const runFirst: number[] = [];
  const runTexts: RunText[] = [];
  let shaped = true;
  // One pass over the bytes: the runs and their events are scanned where the document's fields are.
  const scanRun = (at: number): number | undefined => {
    if (buf[at] !== 0x7b) {
      shaped = false;
      return undefined;
    }
    runFirst.push(events.length);
    const text: RunText = { fields: [] };
    const eventsAt: number[] = [];
    const { fields, end } = objectFields(buf, at, buf.length, (key, valueAt) => {
      if (key !== 'events') return undefined;
      eventsAt.push(events.length);
      return buf[valueAt] === 0x5b ? arrayElements(buf, valueAt, events) : undefined;
    });
    for (const f of fields) if (f.key !== 'events') text.fields.push([f.keyStart, f.end]);
    const ev = last(fields, 'events');
    if (eventsAt.length > 1) {
      // `events` given twice: JSON.parse keeps the last, and so does this (the others' ranges go).
      events.truncate(runFirst[runFirst.length - 1]!);
      if (buf[ev!.start] === 0x5b) arrayElements(buf, ev!.start, events);
    }
    if (ev && buf[ev.start] !== 0x5b) text.eventsValue = [ev.start, ev.end];
    if (ev) text.eventsGiven = true;
    runTexts.push(text);
    return end;
  };
  const runs = new Ranges(1024);
  const runsAt: number[] = [];
  const { fields, end } = objectFields(buf, start, buf.length, (key, valueAt) => {
    if (key !== 'runs' || buf[valueAt] !== 0x5b) return undefined;
    runsAt.push(valueAt);
    return arrayElements(buf, valueAt, runs, buf.length, scanRun);
  });
  checkDocumentEnd(buf, end);
  const runsField = last(fields, 'runs');
  if (!runsField || buf[runsField.start] !== 0x5b || runsAt.length !== 1 || !shaped) return NOT_PIPER_LAYOUT;
  const top = parseRange(...joined(buf, fields, 'runs')) as Record<string, unknown>;
  runFirst.push(events.length);
  return { top, runTexts, events: events.trim(), runFirst: Int32Array.from(runFirst) };
}

function last(fields: FieldRange[], key: string): FieldRange | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.key === key) return fields[i];
  return undefined;
}

/** The object's text without the field `omit` (every occurrence), as one range of a joined buffer. */
function joined(buf: Uint8Array, fields: FieldRange[], omit: string): [Uint8Array, number, number] {
  const parts = fields.filter((f) => f.key !== omit).map((f) => buf.subarray(f.keyStart, f.end));
  return joinParts(parts);
}

const OPEN = Uint8Array.of(0x7b);
const COMMA = Uint8Array.of(0x2c);
const CLOSE = Uint8Array.of(0x7d);

function joinParts(parts: Uint8Array[]): [Uint8Array, number, number] {
  const pieces: Uint8Array[] = [OPEN];
  parts.forEach((p, i) => pieces.push(...(i ? [COMMA, p] : [p])));
  pieces.push(CLOSE);
  const out = Buffer.concat(pieces);
  return [out, 0, out.length];
}

/** A run's fields but its events, parsed. */
function runObject(buf: Uint8Array, text: RunText): Record<string, unknown> {
  const run = parseRange(...joinParts(text.fields.map(([s, e]) => buf.subarray(s, e)))) as Record<string, unknown>;
  if (text.eventsValue) run.events = parseRange(buf, ...text.eventsValue);
  return run;
}

/**
 * The document as the file readers' sniffing sees it (detect.ts: which format is this?): its
 * fields, and of its runs only the first, with its events left out (`events: []` when it has them).
 */
export function piperSkeleton(buf: Uint8Array, layout: PiperLayout): Record<string, unknown> {
  const first = layout.runTexts[0];
  if (!first) return { ...layout.top, runs: [] };
  const run = runObject(buf, first);
  if (first.eventsGiven && !first.eventsValue) run.events = [];
  return { ...layout.top, runs: [run] };
}

/** What the slices end with: the session with every run (events left out: they were handed on) and its totals. */
export interface PiperFrame {
  session: Session;
  /** How many events each run has (its `events` are empty here). */
  eventCounts: number[];
}

/**
 * Events in session order. The first slice (yielded even when the session has no events) brings
 * `head`: the session as far as that slice shows it (no runs, no totals yet: those come with the
 * frame at the end), for the header the page draws first.
 */
export interface PiperSlice {
  events: SessionEvent[];
  head?: Session;
}

/** The same id rules as ensureUniqueIds (mapping.ts), applied as events arrive. */
class UniqueIds {
  private readonly used = new Set<string>();

  free(id: string): string {
    let out = id;
    for (let n = 2; this.used.has(out); n++) out = `${id}~${n}`;
    this.used.add(out);
    return out;
  }
}

/**
 * Maps the document in slices: yields the events FIRST_SLICE_EVENTS, then SLICE_EVENTS at a
 * time (each names its run), and returns the frame. Shape errors are ResponseShapeErrors naming
 * the path into the document, as mapPiperSession's; they come when the slice holding them is
 * mapped. `onEvent` sees every event with its place in `layout.events` (an index for raw JSON).
 */
export function* mapPiperSlices(
  buf: Uint8Array,
  layout: PiperLayout,
  ctx: MapContext = {},
  sizes: { first?: number; size?: number } = {},
): Generator<PiperSlice, PiperFrame> {
  const first = sizes.first ?? FIRST_SLICE_EVENTS;
  const size = sizes.size ?? SLICE_EVENTS;
  const data = parseOrThrow(PiperSessionEventsSchema, { ...layout.top, runs: [] }, 'Piper', 'a session') as PiperResponseTop;
  delete (data as { runs?: unknown }).runs;
  const runCount = layout.runTexts.length;
  const runMeta = (r: number): PiperRun =>
    parseOrThrow(PiperRunSchema, runObject(buf, layout.runTexts[r]!), 'Piper', 'a session', ['runs', r]);
  const eventAt = (r: number, i: number): PiperRunEvent => {
    const at = layout.runFirst[r]! + i;
    return parseOrThrow(PiperRunEventSchema, parseRange(buf, layout.events.start(at), layout.events.end(at)), 'Piper', 'a session', [
      'runs',
      r,
      'events',
      i,
    ]);
  };
  const id = piperSessionId(data, ctx, () => {
    for (let r = 0; r < runCount; r++) {
      const sid = runMeta(r).session_id;
      if (sid) return sid;
    }
    return undefined;
  });

  const runIds = new UniqueIds();
  const eventIds = new UniqueIds();
  const runs: Array<Omit<Run, 'totals'> & { totals?: Run['totals'] }> = [];
  const eventCounts: number[] = [];
  let firstUser: string | undefined;
  let slice: SessionEvent[] = [];
  let limit = first;
  let headSent = false;
  const head = (): Session => ({ ...piperSessionFrame(data, ctx, id, firstUser, []), totals: { tokens: {} } });
  for (let r = 0; r < runCount; r++) {
    const meta = runMeta(r);
    const count = layout.runFirst[r + 1]! - layout.runFirst[r]!;
    // A run without an id is named by its first event's run_id: those events are read first.
    const ownId = runIdOf(meta, meta.id ? undefined : Array.from({ length: count }, (_, i) => eventAt(r, i)), r);
    const frame: Omit<Run, 'totals'> & { totals?: Run['totals'] } = runFrame(meta, ownId);
    frame.id = runIds.free(ownId);
    const fold = new TotalsFold();
    let userSeen = false;
    let parsed: unknown[] = [];
    let parsedFrom = 0;
    for (let i = 0; i < count; i++) {
      if (i - parsedFrom >= parsed.length) {
        // A batch of the run's events in one JSON.parse (jsonScan.parseElements): one call each cost more than the parse.
        parsedFrom = i;
        const at = layout.runFirst[r]! + i;
        parsed = parseElements(buf, layout.events, at, at + Math.min(PARSE_BATCH, count - i));
      }
      const raw = parsed[i - parsedFrom];
      parsed[i - parsedFrom] = undefined;
      const valid = parseOrThrow(PiperRunEventSchema, raw, 'Piper', 'a session', ['runs', r, 'events', i]);
      const event = mapValidEvent(valid, ownId, i);
      if (frame.id !== ownId) event.runId = frame.id;
      event.id = eventIds.free(event.id);
      fold.add(event);
      if (!userSeen && event.kind === 'user_message') {
        // Like mapPiperSession: a run's first user message names an untitled session, if it has text.
        userSeen = true;
        if (firstUser === undefined && event.text.trim()) firstUser = event.text;
      }
      slice.push(event);
      if (slice.length >= limit) {
        yield headSent ? { events: slice } : { events: slice, head: head() };
        headSent = true;
        slice = [];
        limit = size;
      }
    }
    frame.totals = fold.result();
    runs.push(frame);
    eventCounts.push(count);
  }
  if (!headSent) yield { events: slice, head: head() };
  else if (slice.length) yield { events: slice };
  const session = piperSessionFrame(data, ctx, id, firstUser, runs) as Omit<Session, 'totals'>;
  const emptyReason = piperEmptyReason(eventCounts);
  if (emptyReason) session.emptyReason = emptyReason;
  return { session: { ...session, totals: sumTotals(session.runs.map((r) => r.totals)) }, eventCounts };
}

/** A Piper document's bytes as a SlicedSession (a file's, or the events route's reply). */
export function piperSlicedSession(buf: Uint8Array, layout: PiperLayout, ctx: MapContext): SlicedSession {
  return {
    bytes: buf,
    totalEvents: layout.events.length,
    ranges: layout.events,
    slices: () => mapPiperSlices(buf, layout, ctx),
    whole: (bytes) => mapPiperSession(JSON.parse(textOf(bytes, 0, bytes.length)), ctx),
  };
}
