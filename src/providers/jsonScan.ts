// Where the values of a JSON document are, found in its UTF-8 bytes without building them: the
// fields of an object and the elements of an array as byte ranges [start, end). A session file of
// a million events is 200 MB: JSON.parse of it holds the whole graph (gigabytes) at once, and V8
// keeps memory in proportion to that peak long after it is let go. Cut into ranges, each event is
// parsed when it is mapped and dropped when it is sent, and its bytes can be read again later.
//
// The levels walked here (objects and arrays the caller asks about) are checked strictly: commas,
// colons, brackets, nothing after the end. A value inside them is only skipped (its strings and
// brackets balanced): the caller JSON.parses every range it uses, which checks the rest, so no
// byte of a file that is read goes unchecked.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** A place where the bytes are not JSON; `offset` is a byte offset into the buffer scanned. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonScanError';
  }
}

export interface FieldRange {
  /** The field's name, decoded. */
  key: string;
  /** Where its name's opening quote is (the field's text is [keyStart, end)). */
  keyStart: number;
  /** Its value's bytes. */
  start: number;
  end: number;
}

/** Byte ranges, growing without an object per range (a million events are 16 MB, not 50). */
export class Ranges {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Float64Array(Math.max(2, capacity * 2));
  }

  push(start: number, end: number): void {
    if (this.length * 2 + 2 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length * 2] = start;
    this.data[this.length * 2 + 1] = end;
    this.length++;
  }

  start(i: number): number {
    return this.data[i * 2]!;
  }

  end(i: number): number {
    return this.data[i * 2 + 1]!;
  }

  /** Forgets the ranges from `length` on. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** Gives back the room not used (the ranges are kept while a panel is open). */
  trim(): this {
    if (this.data.length > this.length * 2 + 2) this.data = this.data.slice(0, Math.max(2, this.length * 2));
    return this;
  }
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWhitespace(buf: Uint8Array, i: number, end: number): number {
  while (i < end && isWhitespace(buf[i]!)) i++;
  return i;
}

/** The end of the string whose opening quote is at `i` (just past its closing quote). */
function stringEnd(buf: Uint8Array, i: number, end: number): number {
  // A plain loop: strings in events are short, and Buffer#indexOf costs more per call than it saves.
  for (let j = i + 1; j < end; j++) {
    const c = buf[j]!;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  throw new JsonScanError('Unterminated string in JSON', i);
}

/**
 * The end of the value starting at `i` (no white space before it). Objects, arrays and strings
 * are balanced; scalars run to the next delimiter. What is inside is not checked (see above).
 */
export function valueEnd(buf: Uint8Array, i: number, end: number): number {
  if (i >= end) throw new JsonScanError('Unexpected end of JSON input', i);
  const c = buf[i]!;
  if (c === QUOTE) return stringEnd(buf, i, end);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    let j = i;
    while (j < end) {
      const b = buf[j]!;
      if (b === QUOTE) {
        j = stringEnd(buf, j, end);
        continue;
      }
      if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new JsonScanError('Unexpected end of JSON input', end);
  }
  // A number, true, false or null: only their letters. Ending at anything else (a quote, a bracket)
  // keeps this skip and the strict walk of the level around it on the same bytes: `x"…"` is `x`
  // and then a quote where a comma belongs, not one value whose quotes hide the brackets after it.
  let j = i;
  while (j < end && isScalarByte(buf[j]!)) j++;
  if (j === i) throw new JsonScanError(`Unexpected token '${String.fromCharCode(c)}' in JSON`, i);
  return j;
}

/** The bytes JSON's numbers and literals are made of (digits, letters, sign, point). */
function isScalarByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x2b || b === 0x2d || b === 0x2e;
}

/** UTF-8 bytes as text (Buffer's decoder: TextDecoder costs more per call, and events are many small calls). */
export function textOf(buf: Uint8Array, start: number, end: number): string {
  return (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)).toString('utf8', start, end);
}

/** A field name's bytes (quotes included) as its string. */
function keyOf(buf: Uint8Array, start: number, end: number): string {
  let plain = true;
  for (let i = start + 1; i < end - 1; i++) if (buf[i] === BACKSLASH) plain = false;
  if (plain) return textOf(buf, start + 1, end - 1);
  try {
    return JSON.parse(textOf(buf, start, end)) as string;
  } catch {
    throw new JsonScanError('Bad escaped character in JSON', start);
  }
}

/** Throws: the byte at `i` is not `what` (or the bytes end there). */
export function unexpected(buf: Uint8Array, i: number, end: number, what: string): never {
  if (i >= end) throw new JsonScanError('Unexpected end of JSON input', i);
  throw new JsonScanError(`Unexpected token '${String.fromCharCode(buf[i]!)}' in JSON (expected ${what})`, i);
}

/** The name of the field whose opening quote is at `i`, and where its value starts (past the colon). */
export function fieldName(buf: Uint8Array, i: number, end: number): { key: string; valueAt: number } {
  if (buf[i] !== QUOTE) unexpected(buf, i, end, 'a field name');
  const keyEnd = stringEnd(buf, i, end);
  const key = keyOf(buf, i, keyEnd);
  const j = skipWhitespace(buf, keyEnd, end);
  if (buf[j] !== COLON) unexpected(buf, j, end, "':'");
  return { key, valueAt: skipWhitespace(buf, j + 1, end) };
}

/**
 * The fields of the object whose `{` is at `start`, in the order written (a repeated name appears
 * twice: JSON.parse keeps the last). Returns them and where the object ends.
 */
export function objectFields(
  buf: Uint8Array,
  start: number,
  end = buf.length,
  /** Scans the value of a field itself (returning where it ends), or undefined to have it skipped: one pass, not two. */
  scan?: (key: string, start: number) => number | undefined,
): { fields: FieldRange[]; end: number } {
  if (buf[start] !== OPEN_OBJECT) unexpected(buf, start, end, 'an object');
  const fields: FieldRange[] = [];
  let i = skipWhitespace(buf, start + 1, end);
  if (buf[i] === CLOSE_OBJECT) return { fields, end: i + 1 };
  for (;;) {
    const { key, valueAt: j } = fieldName(buf, i, end);
    const valueStop = scan?.(key, j) ?? valueEnd(buf, j, end);
    fields.push({ key, keyStart: i, start: j, end: valueStop });
    i = skipWhitespace(buf, valueStop, end);
    if (buf[i] === COMMA) {
      i = skipWhitespace(buf, i + 1, end);
      continue;
    }
    if (buf[i] === CLOSE_OBJECT) return { fields, end: i + 1 };
    unexpected(buf, i, end, "',' or '}'");
  }
}

/**
 * The elements of the array whose `[` is at `start`, appended to `out`. Returns where the array
 * ends. `scan` may scan an element itself (returning where it ends), or undefined to have it skipped.
 */
export function arrayElements(
  buf: Uint8Array,
  start: number,
  out: Ranges,
  end = buf.length,
  scan?: (start: number) => number | undefined,
): number {
  if (buf[start] !== OPEN_ARRAY) unexpected(buf, start, end, 'an array');
  let i = skipWhitespace(buf, start + 1, end);
  if (buf[i] === CLOSE_ARRAY) return i + 1;
  for (;;) {
    const stop = scan?.(i) ?? valueEnd(buf, i, end);
    out.push(i, stop);
    i = skipWhitespace(buf, stop, end);
    if (buf[i] === COMMA) {
      i = skipWhitespace(buf, i + 1, end);
      continue;
    }
    if (buf[i] === CLOSE_ARRAY) return i + 1;
    unexpected(buf, i, end, "',' or ']'");
  }
}

/**
 * The elements of an array whose ranges [start, end) are consecutive in it (elements i..j of one
 * array): parsed with one JSON.parse ("[" + their bytes + "]"), much cheaper than one call each.
 * When that fails, each is parsed alone so the error names the element's own offset.
 */
export function parseElements(buf: Uint8Array, ranges: Ranges, from: number, to: number): unknown[] {
  if (to <= from) return [];
  try {
    const parsed: unknown = JSON.parse(`[${textOf(buf, ranges.start(from), ranges.end(to - 1))}]`);
    if (Array.isArray(parsed) && parsed.length === to - from) return parsed;
  } catch {
    // Found again below, with its place.
  }
  const out = new Array<unknown>(to - from);
  for (let i = from; i < to; i++) out[i - from] = parseRange(buf, ranges.start(i), ranges.end(i));
  return out;
}

/** Where the document's one value starts, after a byte-order mark and white space. */
export function documentStart(buf: Uint8Array): number {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return skipWhitespace(buf, bom, buf.length);
}

/** Nothing but white space may follow the document's value. */
export function checkDocumentEnd(buf: Uint8Array, valueStop: number): void {
  const i = skipWhitespace(buf, valueStop, buf.length);
  if (i < buf.length) throw new JsonScanError(`Unexpected non-whitespace character after JSON`, i);
}

/** The bytes [start, end) as the value they hold. */
export function parseRange(buf: Uint8Array, start: number, end: number): unknown {
  const text = textOf(buf, start, end);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? start + Buffer.byteLength(text.slice(0, Number(at[1]))) : start;
    throw new JsonScanError(message, offset);
  }
}
