// Helpers the three providers' mappings share: turning a zod failure into an error that names the
// field, the generic "other" event, and a guess at the language of a piece of code. Pure: no I/O.
import type * as z from '../model/zod';
import { compileLoose, type Check } from '../model/zodCheck';
import type { SessionEvent, TokenUsage } from '../model';
import { toMillis } from '../model/time';
import { ProviderError } from './types';
import { UniqueIds } from './uniqueIds';

/** What the caller knows that the payload may not say (used to fill gaps, never to override). */
export interface MapContext {
  connectionId?: string;
  agentId?: string;
  agentName?: string;
  /** The id the session was asked for, when the payload leaves it out. */
  sessionId?: string;
  /** A title the user gave or the list showed. */
  title?: string;
  /** Names the provider knows by id (a team's members, listed agents), for runs the payload names by id only. */
  names?: ReadonlyMap<string, string>;
}

/**
 * A payload that does not fit what the model needs. `fieldPath` and `problem` are kept apart so
 * "Open Session File…" can word the same failure for a file instead of a server.
 */
export class ResponseShapeError extends ProviderError {
  constructor(
    /** Who sent the payload, as the message names it ("Piper", "Agno", "Foundry"). */
    readonly provider: string,
    readonly what: string,
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super('bad_response', `${provider} returned ${what} that does not fit: ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
    this.name = 'ResponseShapeError';
  }
}

/** `['runs', 0, 'events', 3, 'created_at']` → `runs[0].events[3].created_at`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue): string {
  // zod words type errors "Invalid input: expected string, received number"; the prefix adds nothing.
  return issue.message.replace(/^Invalid input:\s*/, '');
}

/** The first problem of a zod error, with its path, as a ResponseShapeError. */
export function zodPathError(
  provider: string,
  what: string,
  error: z.core.$ZodError,
  pathPrefix: ReadonlyArray<PropertyKey> = [],
): ResponseShapeError {
  const [first] = error.issues;
  if (!first) return new ResponseShapeError(provider, what, formatPath(pathPrefix), 'unknown problem');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return new ResponseShapeError(provider, what, formatPath([...pathPrefix, ...first.path]), issueText(first) + more);
}

/**
 * Validates with a compiled schema; a mismatch throws a ResponseShapeError naming the field.
 * `pathPrefix` says where the payload sits in a bigger one (`runs[2]`), so the path stays whole.
 */
export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  payload: unknown,
  provider: string,
  what: string,
  pathPrefix: ReadonlyArray<PropertyKey> = [],
): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw zodPathError(provider, what, result.error, pathPrefix);
  return result.data;
}

/**
 * parseOrThrow for values checked by the thousand (a large file's events): the schema's rules as a
 * compiled check (model/zodCheck.ts), which copies nothing; zod itself runs only on a value that
 * does not pass, for its message. A value that passes is given back as it came, which is what zod
 * gives for loose objects without transforms or defaults: any other schema is refused when compiled.
 */
export function checkedParser<S extends z.ZodMiniType>(
  schema: S,
  provider: string,
  what: string,
): (payload: unknown, pathPrefix?: ReadonlyArray<PropertyKey>) => z.output<S> {
  const check: Check = compileLoose(schema as unknown as Parameters<typeof compileLoose>[0]);
  return (payload, pathPrefix = []) =>
    check(payload) === undefined ? (payload as z.output<S>) : parseOrThrow(schema, payload, provider, what, pathPrefix);
}

/**
 * A text field's value, or undefined when it was not given: null, missing and the empty string
 * all mean "not given" (a provider that clears a field may send any of the three).
 */
export function given<T extends string | number>(value: T | null | undefined): T | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

/**
 * Makes event ids unique within a session, and run ids among runs, in place (uniqueIds.ts says
 * the rule).
 */
export function ensureUniqueIds(runs: Array<{ id: string; events: Array<{ id: string; runId: string }> }>): void {
  const runIds = new UniqueIds();
  const eventIds = new UniqueIds();
  for (const run of runs) {
    const runId = runIds.free(run.id);
    if (runId !== run.id) {
      run.id = runId;
      for (const e of run.events) e.runId = runId;
    }
    for (const e of run.events) e.id = eventIds.free(e.id);
  }
}

/** Every non-null field of the provider's payload, for events the mapping does not know. */
export function nonNullFields(raw: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key in raw) {
    const v = raw[key];
    if (v !== null && v !== undefined) fields[key] = v;
  }
  return fields;
}

/**
 * The generic event: shown with all its fields, never dropped. `base` (id, runId, times, tokens…)
 * becomes the event itself, so pass a fresh object: no copy is made (large sessions).
 */
export function otherEvent(
  raw: Record<string, unknown>,
  type: string,
  base: { id: string; runId: string } & Partial<Omit<SessionEvent, 'kind' | 'id' | 'runId'>>,
  text?: string,
): SessionEvent {
  const e = base as Record<string, unknown>;
  e.kind = 'other';
  e.type = type;
  if (text !== undefined) e.text = text;
  e.fields = nonNullFields(raw);
  e.raw = raw;
  return e as SessionEvent;
}

/** A token record, or undefined when the provider said nothing (never zeros it did not report). */
export function tokenUsage(
  input: number | null | undefined,
  output: number | null | undefined,
  cacheRead?: number | null,
  cacheWrite?: number | null,
  reasoning?: number | null,
): TokenUsage | undefined {
  let t: TokenUsage | undefined;
  if (typeof input === 'number') (t ??= {}).input = input;
  if (typeof output === 'number') (t ??= {}).output = output;
  if (typeof cacheRead === 'number') (t ??= {}).cacheRead = cacheRead;
  if (typeof cacheWrite === 'number') (t ??= {}).cacheWrite = cacheWrite;
  if (typeof reasoning === 'number') (t ??= {}).reasoning = reasoning;
  return t;
}

/** Text of a message body that may be a string, a list of parts, or structured output. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') parts.push(part);
      else if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
        parts.push((part as { text: string }).text);
      else parts.push(JSON.stringify(part));
    }
    return parts.join('\n');
  }
  if (typeof content === 'object') return JSON.stringify(content, null, 2);
  return String(content);
}

/** Drops undefined values so mapped events stay small and compare cleanly in tests. */
export function compact<T extends object>(o: T): T {
  for (const key in o) if (o[key] === undefined) delete o[key];
  return o;
}

const LANGUAGE_HINTS: Array<[RegExp, string]> = [
  [/^\s*#!.*\b(ba|z)?sh\b/, 'shell'],
  [/^\s*(select|with\s+\w+\s+as\s*\(|insert\s+into|update\s+\w+\s+set|delete\s+from|create\s+(table|view|index))\b/i, 'sql'],
  [/^\s*(pip|npm|apt-get|curl|wget|cd|ls|echo|export)\s/m, 'shell'],
  [/\b(const|let)\s+\w+\s*=|=>\s*[{(]|console\.log\(|\bfunction\s+\w*\s*\(/, 'javascript'],
  [/^\s*(library\(|\w+\s*<-\s)/m, 'r'],
];

/** A highlight.js language id for executed code; Python unless the code clearly says otherwise. */
export function detectLanguage(code: string, hint?: string | null): string {
  if (hint) {
    const h = hint.toLowerCase();
    if (/^(python|py|python3)$/.test(h)) return 'python';
    if (/^(sql|postgres|postgresql|sqlite|mysql)$/.test(h)) return 'sql';
    if (/^(js|javascript|node)$/.test(h)) return 'javascript';
    if (/^(ts|typescript)$/.test(h)) return 'typescript';
    if (/^(bash|sh|shell|zsh)$/.test(h)) return 'shell';
  }
  // Python keywords first: "import x" or "def f(" settle it before weaker hints.
  if (/^\s*(import\s+\w|from\s+[\w.]+\s+import\s|def\s+\w+\s*\(|print\()/m.test(code)) return 'python';
  for (const [re, lang] of LANGUAGE_HINTS) if (re.test(code)) return lang;
  return 'python';
}

/** A short title from the first user message, for sessions that have none of their own. */
export function titleFrom(text: string | undefined, max = 80): string | undefined {
  if (!text) return undefined;
  const line = text.trim().replace(/\s+/g, ' ');
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Milliseconds of an ISO-8601 time, read by hand because a 100,000-event session spends more time
 * in regexes and Date.parse than in validation. Same answers as toMillis (sub-millisecond digits
 * truncated, no zone = UTC); anything unusual goes to toMillis.
 */
export function isoMillis(value: unknown): number | undefined {
  if (typeof value !== 'string') return toMillis(value);
  const s = value;
  if (s.length < 19 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return toMillis(s);
  let i = 19;
  let ms = 0;
  if (s[i] === '.') {
    i++;
    let n = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (n < 3) ms = ms * 10 + c;
      n++;
      i++;
    }
    if (n === 0) return toMillis(s);
    for (; n < 3; n++) ms *= 10;
  }
  let offsetMin = 0;
  if (i < s.length) {
    const z = s[i];
    if ((z === 'Z' || z === 'z') && i + 1 === s.length) offsetMin = 0;
    else if ((z === '+' || z === '-') && (s.length === i + 6 ? s[i + 3] === ':' : s.length === i + 5)) {
      const hh = digits(s, i + 1, 2);
      const mm = digits(s, s.length - 2, 2);
      offsetMin = (z === '-' ? -1 : 1) * (hh * 60 + mm);
    } else return toMillis(s);
  }
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && se <= 59)) return toMillis(s);
  const t = Date.UTC(digits(s, 0, 4), mo - 1, d, h, mi, se, ms) - offsetMin * 60000;
  return Number.isFinite(t) ? t : toMillis(s);
}

/** `timestamp` and `timeMs` of an event from a provider time (ISO string or epoch number). */
export function setTime(target: { timestamp?: string; timeMs?: number }, value: unknown): void {
  if (value === null || value === undefined || value === '') return;
  const ms = isoMillis(value);
  if (ms === undefined) {
    if (typeof value === 'string') target.timestamp = value;
    return;
  }
  // An ISO string is kept as given (nanoseconds included); epoch numbers become ISO.
  target.timestamp = typeof value === 'string' && s4IsIso(value) ? value : new Date(ms).toISOString();
  target.timeMs = ms;
}

function s4IsIso(s: string): boolean {
  return s.length >= 11 && s[4] === '-' && s[7] === '-' && s[10] === 'T';
}
