// The length of JSON.stringify(value) without building the string: a tool result's size is read for
// every result of a session (43,000 of them in a 100,000-event one), and stringifying each made a
// copy of every result only to take its length. Plain data (what JSON.parse and structured clone
// give) is walked; anything JSON.stringify would treat in a way of its own (toJSON, a class
// instance, a Map, a boxed primitive, a BigInt, a cycle) makes it give up (-1), and the caller
// stringifies. test/unit/model.jsonLength.test.ts holds it to JSON.stringify(value).length.

/** Where the walk gives up: deeper than this is a cycle or near one (JSON.stringify throws or recurses that far). */
const MAX_DEPTH = 512;

// Characters JSON.stringify writes as more than themselves: `"`, `\`, control characters, and
// surrogates (a lone one becomes \uXXXX; a pair is kept, which the slow path tells apart).
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value).length (0 when it gives undefined), or -1 where the caller must stringify. */
export function jsonLength(value: unknown): number {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? 0 : lengthOf(value, 0);
}

/** A value that JSON writes (not undefined, a function or a symbol). */
function lengthOf(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return stringLength(v);
    case 'number':
      return Number.isFinite(v) ? String(v).length : 4;
    case 'boolean':
      return v ? 4 : 5;
    case 'object':
      if (v === null) return 4;
      if (depth >= MAX_DEPTH) return -1;
      return Array.isArray(v) ? arrayLength(v, depth + 1) : objectLength(v, depth + 1);
    default:
      // bigint (JSON.stringify throws), or a function or symbol where the caller should have skipped it.
      return -1;
  }
}

function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function arrayLength(a: unknown[], depth: number): number {
  if (Object.getPrototypeOf(a) !== Array.prototype || (a as { toJSON?: unknown }).toJSON !== undefined) return -1;
  const n = a.length;
  // Brackets and the commas between the items.
  let len = n > 0 ? n + 1 : 2;
  for (let i = 0; i < n; i++) {
    const item = a[i];
    // Skipped members (and holes) are written as null inside an array.
    const k = isSkipped(item) ? 4 : lengthOf(item, depth);
    if (k < 0) return -1;
    len += k;
  }
  return len;
}

// Keys repeat across results (every result of a tool has the same few): their written lengths are
// kept, up to a bound (a result keyed by ids would otherwise grow it without end).
const keyLengths = new Map<string, number>();

function keyLength(key: string): number {
  let n = keyLengths.get(key);
  if (n === undefined) {
    n = stringLength(key);
    if (keyLengths.size < 4096) keyLengths.set(key, n);
  }
  return n;
}

function objectLength(o: object, depth: number): number {
  const proto: unknown = Object.getPrototypeOf(o);
  if ((proto !== Object.prototype && proto !== null) || (o as { toJSON?: unknown }).toJSON !== undefined) return -1;
  let len = 2;
  let members = 0;
  // Own enumerable string keys (for-in gives inherited ones too, left out; it walks V8's enum
  // cache where Object.keys would allocate an array per object).
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    const item = (o as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    const k = lengthOf(item, depth);
    if (k < 0) return -1;
    // "key": value
    len += keyLength(key) + 1 + k;
    members++;
  }
  // Commas between the members written.
  return members > 1 ? len + members - 1 : len;
}

// What each ASCII character adds to a string's length when written: 1 for `"`, `\\` and the short
// escapes (\b \t \n \f \r), 5 for the other control characters (\u00XX), 0 for the rest.
const EXTRA = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) EXTRA[c] = 5;
for (const c of [0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x22, 0x5c]) EXTRA[c] = 1;

/** The quoted, escaped string's length. */
function stringLength(s: string): number {
  const n = s.length;
  // A regex scans long strings natively; a short one costs less read here than the call.
  if (n > 24 && !NEEDS_ESCAPE.test(s)) return n + 2;
  let len = n + 2;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) len += EXTRA[c]!;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A pair is kept as it is; a lone surrogate is written \uXXXX (well-formed JSON.stringify).
      if (c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      else len += 5;
    }
  }
  return len;
}
