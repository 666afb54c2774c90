// Where a Piper session-events document's runs and events are (byte ranges, jsonScan.ts), found
// one run at a time while its bytes are still arriving: the first runs are known, and their
// events mapped and shown, before the last bytes of a 200 MB file are read (a whole-document
// layout took 5.3 s at a million events before the first slice could go). A step that runs out of
// bytes is undone and tried again once more have come; only once all have come is an error final.
import { ResponseShapeError } from '../mapping';
import {
  arrayElements,
  checkDocumentEnd,
  documentStart,
  fieldName,
  JsonScanError,
  objectFields,
  parseRange,
  Ranges,
  skipWhitespace,
  unexpected,
  valueEnd,
  type FieldRange,
} from '../jsonScan';

/** A document's bytes as far as they have come: [0, filled) of `buf`; all of them once `complete`. */
export interface ArrivingBytes {
  /** Room for every byte (its length is the document's); only [0, filled) are read yet. */
  readonly buf: Uint8Array;
  readonly filled: number;
  readonly complete: boolean;
  /** Reads more (resolves once some have come; rejects when the source changed or failed). */
  more(): Promise<void>;
}

/** Bytes that are all there (a provider's reply, a test's document). */
export function completeBytes(buf: Uint8Array): ArrivingBytes {
  return { buf, filled: buf.length, complete: true, more: async () => undefined };
}

/** A run's fields but `events`, as byte ranges (parsed when the run is mapped); `events` says how they were given. */
export interface RunText {
  fields: Array<[number, number]>;
  /** The run's `events` when it is not an array (null, or a wrong type the schema names): its bytes. */
  eventsValue?: [number, number];
  /** The run has an `events` field. */
  eventsGiven?: boolean;
  /** The run is not an object (the schema names what it is when it is mapped): its bytes. */
  value?: [number, number];
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

type Phase = 'start' | 'field' | 'afterField' | 'run' | 'done' | 'notPiper';

/**
 * The layout of the document, scanned as far as `step` has been called: the document's fields
 * but `runs`, each run's fields, and every event's bytes in session order.
 */
export class PiperLayoutScan {
  /** Every event's bytes, in session order (of the runs scanned so far). */
  readonly events = new Ranges(1024);
  /** Each run scanned so far, without its events. */
  readonly runTexts: RunText[] = [];
  /** runFirst[r] is the index (in `events`) of run r's first event. */
  readonly runFirst: number[] = [];
  /** The document's fields but its `runs` array, in the order written. */
  readonly topFields: FieldRange[] = [];
  private phase: Phase = 'start';
  private at = 0;
  private runsSeen = 0;

  constructor(private readonly bytes: ArrivingBytes) {}

  /** The whole document is scanned (or found not to be this shape). */
  get finished(): boolean {
    return this.phase === 'done' || this.phase === 'notPiper';
  }

  /** Not an object with a `runs` array of Piper's (another reader's file: read it whole). */
  get notPiper(): boolean {
    return this.phase === 'notPiper';
  }

  /** The runs array has begun: the fields before it are all the header can know before the end. */
  get inRuns(): boolean {
    return this.runsSeen > 0;
  }

  /** How many bytes are scanned (for an estimate of how many events there are). */
  get scanned(): number {
    return this.at;
  }

  /** Run r's events are events[runFirst[r], runEnd(r)) (r scanned). */
  runEnd(r: number): number {
    return r + 1 < this.runTexts.length ? this.runFirst[r + 1]! : this.events.length;
  }

  /** The document's fields but `runs`, parsed (when finished: all of them; before, those read so far). */
  top(): Record<string, unknown> {
    const buf = this.bytes.buf;
    return parseRange(...joinParts(this.topFields.map((f) => buf.subarray(f.keyStart, f.end)))) as Record<string, unknown>;
  }

  /**
   * Scans one more piece: a field of the document, or one run. False: it needs bytes that have
   * not come yet (nothing of the piece is kept). Throws JsonScanError when the bytes are not JSON
   * (only once all have come), ResponseShapeError when `runs` is given twice.
   */
  step(): boolean {
    if (this.finished) return true;
    const { complete, filled } = this.bytes;
    const buf = complete ? this.bytes.buf : this.bytes.buf.subarray(0, filled);
    const kept = { events: this.events.length, runs: this.runTexts.length, top: this.topFields.length };
    const { phase, at } = this;
    try {
      this.stepIn(buf, complete);
      return true;
    } catch (e) {
      if (complete || !(e instanceof JsonScanError)) throw e;
      this.events.truncate(kept.events);
      this.runTexts.length = kept.runs;
      this.runFirst.length = kept.runs;
      this.topFields.length = kept.top;
      this.phase = phase;
      this.at = at;
      return false;
    }
  }

  private stepIn(buf: Uint8Array, complete: boolean): void {
    const end = buf.length;
    switch (this.phase) {
      case 'start': {
        const i = documentStart(buf);
        if (i >= end && !complete) throw new JsonScanError('Unexpected end of JSON input', i);
        if (buf[i] !== OPEN_OBJECT) return void (this.phase = 'notPiper');
        const j = skipWhitespace(buf, i + 1, end);
        if (j >= end && !complete) throw new JsonScanError('Unexpected end of JSON input', j);
        if (buf[j] === CLOSE_OBJECT) return void (this.phase = 'notPiper');
        this.at = j;
        this.phase = 'field';
        return;
      }
      case 'field': {
        const keyStart = this.at;
        const { key, valueAt } = fieldName(buf, keyStart, end);
        if (key === 'runs' && this.runsSeen) throw runsTwice();
        if (key === 'runs' && buf[valueAt] === OPEN_ARRAY) {
          this.runsSeen++;
          const i = skipWhitespace(buf, valueAt + 1, end);
          if (i >= end) throw new JsonScanError('Unexpected end of JSON input', i);
          if (buf[i] === CLOSE_ARRAY) {
            this.at = i + 1;
            this.phase = 'afterField';
          } else {
            this.at = i;
            this.phase = 'run';
          }
          return;
        }
        const stop = valueEnd(buf, valueAt, end);
        // A `runs` that is not an array before the array is what JSON.parse lets the array replace.
        if (key !== 'runs') this.topFields.push({ key, keyStart, start: valueAt, end: stop });
        this.at = stop;
        this.phase = 'afterField';
        return;
      }
      case 'afterField': {
        const i = skipWhitespace(buf, this.at, end);
        if (buf[i] === COMMA) {
          this.at = skipWhitespace(buf, i + 1, end);
          this.phase = 'field';
          return;
        }
        if (buf[i] !== CLOSE_OBJECT) unexpected(buf, i, end, "',' or '}'");
        // Nothing may follow the document: that is known only once every byte has come.
        if (!complete) throw new JsonScanError('Unexpected end of JSON input', end);
        checkDocumentEnd(buf, i + 1);
        this.at = end;
        this.phase = this.runsSeen === 1 ? 'done' : 'notPiper';
        return;
      }
      case 'run': {
        const stop = this.scanRun(buf, this.at);
        const i = skipWhitespace(buf, stop, end);
        if (buf[i] === COMMA) {
          this.at = skipWhitespace(buf, i + 1, end);
          if (this.at >= end) throw new JsonScanError('Unexpected end of JSON input', end);
          return;
        }
        if (buf[i] !== CLOSE_ARRAY) unexpected(buf, i, end, "',' or ']'");
        this.at = i + 1;
        this.phase = 'afterField';
        return;
      }
      default:
        return;
    }
  }

  /** One run: its fields' ranges, and its events' ranges appended to `events`. */
  private scanRun(buf: Uint8Array, at: number): number {
    const first = this.events.length;
    this.runFirst.push(first);
    if (buf[at] !== OPEN_OBJECT) {
      const stop = valueEnd(buf, at, buf.length);
      this.runTexts.push({ fields: [], value: [at, stop] });
      return stop;
    }
    const text: RunText = { fields: [] };
    let given = 0;
    const { fields, end } = objectFields(buf, at, buf.length, (key, valueAt) => {
      if (key !== 'events') return undefined;
      given++;
      return buf[valueAt] === OPEN_ARRAY ? arrayElements(buf, valueAt, this.events, buf.length) : undefined;
    });
    for (const f of fields) if (f.key !== 'events') text.fields.push([f.keyStart, f.end]);
    const ev = lastField(fields, 'events');
    if (given > 1) {
      // `events` given twice: JSON.parse keeps the last, and so does this (the others' ranges go).
      this.events.truncate(first);
      if (buf[ev!.start] === OPEN_ARRAY) arrayElements(buf, ev!.start, this.events, buf.length);
    }
    if (ev && buf[ev.start] !== OPEN_ARRAY) text.eventsValue = [ev.start, ev.end];
    if (ev) text.eventsGiven = true;
    this.runTexts.push(text);
    return end;
  }
}

function runsTwice(): ResponseShapeError {
  return new ResponseShapeError('Piper', 'a session', 'runs', 'given twice (only one list of runs can be read)');
}

function lastField(fields: FieldRange[], key: string): FieldRange | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.key === key) return fields[i];
  return undefined;
}

const OPEN = Uint8Array.of(OPEN_OBJECT);
const SEPARATOR = Uint8Array.of(COMMA);
const CLOSE = Uint8Array.of(CLOSE_OBJECT);

/** Fields' texts as one object's text ("{" + joined by commas + "}"), as a range of a new buffer. */
export function joinParts(parts: Uint8Array[]): [Uint8Array, number, number] {
  const pieces: Uint8Array[] = [OPEN];
  parts.forEach((p, i) => pieces.push(...(i ? [SEPARATOR, p] : [p])));
  pieces.push(CLOSE);
  const out = Buffer.concat(pieces);
  return [out, 0, out.length];
}
