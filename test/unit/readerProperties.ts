// Shared pieces of the readers' property tests (properties.readers.test.ts): payloads in a
// provider's published shape (a recorded or documented fixture) with fields missing, null, empty,
// oversized, of another type, unknown ones added and list items repeated; and the invariants every
// reader is held to, whatever it is fed.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectSessionFile } from '../../src/providers/detect';
import { ResponseShapeError } from '../../src/providers/mapping';
import { exportSession, SessionSchema, type Session } from '../../src/model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = Array<string | number>;

/** 100,000 characters: far beyond any field a provider fills, short enough for 200 runs. */
export const OVERSIZED = `${'long text ✓ '.repeat(8_333)}end`;

const MUTATIONS = ['remove', 'null', 'empty', 'emptyContainer', 'oversized', 'wrongType', 'addUnknown', 'repeatItem'] as const;
export type MutationKind = (typeof MUTATIONS)[number];
export interface Mutation {
  at: number;
  kind: MutationKind;
  pick: number;
  extra: Json;
  /** What an oversized number becomes. */
  huge?: number;
}

const WRONG: Json[] = [42, -1, 0, 1.5, 1e300, true, false, 'text', '12', '', [], {}, [1, 'two'], { unexpected: 'object' }];

/**
 * Numbers far beyond any count, cost or time, that still leave room for sums and unit changes.
 * JSON can carry up to ±1.8e308, where two of them summed (or seconds × 1000) are ±Infinity:
 * EXTREME_NUMBERS, for the strict properties (totals.ts names such sums as overflows).
 */
export const HUGE_NUMBERS = [1e300, -1e300];
export const EXTREME_NUMBERS = [Number.MAX_VALUE, -Number.MAX_VALUE];

/**
 * Up to four changes to a payload, each at some place in it (indexes shrink towards the root).
 * `huge` are the numbers an oversized number becomes.
 */
export const mutationsWith = (huge: number[]) =>
  fc.array(
    fc.record({
      at: fc.nat(),
      kind: fc.constantFrom(...MUTATIONS),
      pick: fc.nat(),
      extra: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      huge: fc.constantFrom(...huge),
    }),
    { minLength: 1, maxLength: 4 },
  );
export const mutations = mutationsWith(HUGE_NUMBERS);

/** Every place in a value (objects' keys and lists' items), the root excluded. */
export function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  const children: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    out.push([...prefix, key]);
    pathsOf(child, [...prefix, key], out);
  }
  return out;
}

function parentOf(root: Json, path: Path): { parent: Json[] | { [k: string]: Json }; key: string | number } | undefined {
  let node: Json = root;
  for (const p of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[p as never]!;
  }
  if (node === null || typeof node !== 'object') return undefined;
  return { parent: node as Json[] | { [k: string]: Json }, key: path[path.length - 1]! };
}

function typeName(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Applies the changes in order to a copy of `base`; returns the changed payload. */
export function mutate<T extends Json>(base: T, changes: Mutation[]): T {
  const root = structuredClone(base) as Json;
  for (const m of changes) {
    const paths = pathsOf(root);
    if (!paths.length) break;
    const path = paths[m.at % paths.length]!;
    const at = parentOf(root, path);
    if (!at) continue;
    const { parent, key } = at;
    const current = (parent as Record<string | number, Json>)[key as never]!;
    const set = (v: Json) => ((parent as Record<string | number, Json>)[key as never] = v);
    switch (m.kind) {
      case 'remove':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'null':
        set(null);
        break;
      case 'empty':
        set('');
        break;
      case 'emptyContainer':
        set(Array.isArray(current) ? [] : current && typeof current === 'object' ? {} : typeof current === 'number' ? 0 : '');
        break;
      case 'oversized':
        set(typeof current === 'number' ? (m.huge ?? Number.MAX_VALUE) : OVERSIZED);
        break;
      case 'wrongType': {
        const others = WRONG.filter((w) => typeName(w) !== typeName(current));
        // A copy: WRONG's objects are shared by every run, and a later change made inside the one
        // set here (an unknown field added) would otherwise grow them run after run, until a copy
        // set inside itself made a cycle no JSON file can hold.
        set(structuredClone(others[m.pick % others.length]!));
        break;
      }
      case 'addUnknown':
        if (current && typeof current === 'object' && !Array.isArray(current))
          current[`x_unknown_${m.pick % 1000}`] = structuredClone(m.extra);
        else if (!Array.isArray(parent)) parent[`x_unknown_${m.pick % 1000}`] = structuredClone(m.extra);
        break;
      case 'repeatItem':
        if (Array.isArray(current) && current.length) current.push(structuredClone(current[m.pick % current.length]!));
        else if (Array.isArray(parent)) parent.push(structuredClone(current));
        break;
    }
  }
  return root as T;
}

/** `runs[0].events[3].created_at` → `['runs', 0, 'events', 3, 'created_at']`. */
export function parsePath(fieldPath: string): Path {
  const out: Path = [];
  for (const m of fieldPath.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

/**
 * A path an error names must lead into the payload: every step but the last exists, and the last
 * is there too or names a missing field of an object that is.
 */
export function assertPathIn(root: unknown, fieldPath: string, what: string): void {
  const path = parsePath(fieldPath);
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    const last = i === path.length - 1;
    assert.ok(
      node !== null && typeof node === 'object',
      `${what}: ${fieldPath} goes through a ${node === null ? 'null' : typeof node} at ${path.slice(0, i).join('.') || 'the root'}`,
    );
    const has = Object.prototype.hasOwnProperty.call(node, p);
    if (!has) {
      assert.ok(last, `${what}: ${fieldPath} names ${String(p)}, which is not in the payload`);
      return;
    }
    node = (node as Record<string | number, unknown>)[p as never];
  }
}

/** Every event id once in the session, every run id once among its runs. */
export function assertUniqueIds(session: Session, what: string): void {
  const runIds = session.runs.map((r) => r.id);
  assert.equal(new Set(runIds).size, runIds.length, `${what}: run ids repeat: ${runIds.join(', ')}`);
  const ids = session.runs.flatMap((r) => r.events.map((e) => e.id));
  const seen = new Set<string>();
  const repeated = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  assert.deepEqual(repeated, [], `${what}: event ids repeat`);
}

/** The strings (non-empty) and numbers anywhere in a value. */
export function scalarsOf(value: unknown, out = new Set<string | number>()): Set<string | number> {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v) out.add(v);
    } else if (typeof v === 'number') out.add(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return out;
}

/**
 * Every text and number of the payload is somewhere in the session: mapped, or in a raw payload
 * ("Show raw JSON") or an `other` event's fields. `ignore` leaves out parts a reader is right to
 * pass over (a trace no exchange names).
 */
export function assertNothingLost(input: unknown, session: Session, what: string, ignore: (path: Path) => boolean = () => false): void {
  const kept = scalarsOf(session);
  const lost: string[] = [];
  const walk = (v: unknown, path: Path) => {
    if (ignore(path)) return;
    if ((typeof v === 'string' && v) || typeof v === 'number') {
      if (!kept.has(v)) lost.push(`${path.join('.')} = ${JSON.stringify(v).slice(0, 60)}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
  };
  walk(input, []);
  assert.deepEqual(lost, [], `${what}: values of the payload appear nowhere in the session`);
}

/** What every Session a reader returns must be: the model's, with unique ids, and re-openable from its export. */
export function assertSound(session: Session, what: string): void {
  const checked = SessionSchema.safeParse(session);
  assert.ok(
    checked.success,
    `${what}: the model refuses the session: ${checked.success ? '' : JSON.stringify(checked.error.issues.slice(0, 3))}`,
  );
  assertUniqueIds(session, what);
  const reopened = detectSessionFile(exportSession(session, '2026-01-01T00:00:00.000Z'));
  assert.equal(reopened.format, 'export');
  assert.deepEqual(reopened.session, JSON.parse(JSON.stringify(session)), `${what}: export → open is not the same session`);
}

/**
 * Paths of a reader fed a session and its parts apart (`{ session, content, traces }`, `{ session,
 * runs }`): `runs…`, `content…`, `traces…` start at the parts, any other inside the session.
 */
export const partsRoot =
  (payload: { session?: unknown }) =>
  (fieldPath: string): unknown =>
    /^(runs|content|traces)\b/.test(fieldPath) ? payload : payload.session;

/**
 * Runs a reader: it returns a sound session, or refuses with a ResponseShapeError naming a field
 * path that leads into the payload (`rootFor` says where a path starts, when not at `input`).
 * Anything else (a TypeError, a RangeError) is a crash.
 */
export function readOrRefuse(
  input: unknown,
  read: () => Session,
  what: string,
  rootFor: (fieldPath: string) => unknown = () => input,
): Session | undefined {
  let session: Session;
  try {
    session = read();
  } catch (e) {
    assert.ok(e instanceof ResponseShapeError, `${what}: crashed instead of refusing: ${(e as Error)?.stack ?? String(e)}`);
    assert.ok(e.message.includes(e.fieldPath), `${what}: the message does not name the field: ${e.message}`);
    if (e.fieldPath) assertPathIn(rootFor(e.fieldPath), e.fieldPath, what);
    return undefined;
  }
  assertSound(session, what);
  return session;
}

/** Opens a file's text: a sound session, or an Error whose message names a path into the file. */
export function openOrRefuse(file: Json, what: string): Session | undefined {
  let result: ReturnType<typeof detectSessionFile>;
  try {
    result = detectSessionFile(JSON.stringify(file));
  } catch (e) {
    assert.ok(e instanceof Error && e.constructor === Error, `${what}: crashed instead of refusing: ${(e as Error)?.stack ?? String(e)}`);
    const m = /^the file looks like [^,]+, but ([^:\s]+): /.exec(e.message);
    if (m) assertPathIn(file, m[1]!, what);
    else assert.match(e.message, /^(not a session file|the file is|the file looks like)/, `${what}: an unclear refusal`);
    return undefined;
  }
  assertSound(result.session, what);
  return result.session;
}
