// "Open Session File…": which of the formats a JSON file is, read into a Session. The messages of
// the errors are shown to the user as they are, so they say in plain words what is wrong.
import { EXPORT_FORMAT, SessionExportSchema, type Session } from '../model';
import type { JsonScanError } from './jsonScan';
import { ensureUniqueIds, formatPath, ResponseShapeError } from './mapping';
import { allDescriptors } from './registry';
import { FileShapeProblem, isObj, type SessionFileReader } from './sessionFile';

/** A provider kind whose reader recognised the file (its descriptor's `file`), or the extension's own export. */
export type SessionFileFormat = string;

const EXPORT_NAME = 'an Agent Session Inspector export';

/** The providers' readers, in the order they are tried. */
function readers(): Array<{ kind: string; reader: SessionFileReader }> {
  return allDescriptors()
    .flatMap((d) => (d.file ? [{ kind: d.kind, reader: d.file }] : []))
    .sort((a, b) => a.reader.order - b.reader.order);
}

/** "not a session file: expected …", naming every format in registry order. */
export function notASessionFile(): string {
  const formats = [...allDescriptors().flatMap((d) => (d.file ? [d.file.expected] : [])), EXPORT_NAME];
  return `not a session file: expected ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`;
}

export const NOT_A_SESSION_FILE = notASessionFile();

export const EMPTY_FILE = 'the file is empty (or only white space): choose a session file that has content';

/** JSON.parse's message, with the line and column where it stopped instead of a bare offset. */
function jsonError(text: string, e: unknown): Error {
  // Some messages quote a piece of the file ('…, "{"a": tru}" is not valid JSON'): the file's text
  // is not repeated back, it may be long or hold something private.
  let message = (e instanceof Error ? e.message : String(e)).replace(/,\s*".*" is not valid JSON$/s, '');
  const pos = /at position (\d+)/.exec(message);
  if (pos) {
    // Node 20 says "… in JSON at position 29", newer ones add "(line 3 column 20)": one wording for both.
    const offset = Number(pos[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    message = message.replace(/\s*(in JSON )?at position \d+.*$/, '') + ` at line ${line}, column ${column}`;
  }
  return new Error(`the file is not valid JSON (${message})`);
}

/** A scan's "not JSON here" (jsonScan.ts) as the same message JSON.parse's gets: the line and column where it stopped. */
export function jsonScanError(buf: Uint8Array, e: JsonScanError): Error {
  const message = e.message.replace(/,\s*".*" is not valid JSON$/s, '').replace(/\s*(in JSON )?at position \d+.*$/, '');
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < e.offset && i < buf.length; i++)
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  const column = new TextDecoder('utf-8').decode(buf.subarray(lineStart, e.offset)).length + 1;
  return new Error(`the file is not valid JSON (${message} at line ${line}, column ${column})`);
}

/** A mapping's shape error, worded for a file of the reader `kind` (as detectSessionFile words it). */
export function fileShapeError(kind: string, e: ResponseShapeError): Error {
  const reader = readers().find((r) => r.kind === kind)?.reader;
  return fileError(reader?.name ?? kind, e.fieldPath, e.problem);
}

/**
 * Which reader takes a file's JSON (its kind, or 'export'), without mapping it; undefined when
 * none does or the file is that format but broken (detectSessionFile then says how).
 */
export function fileKind(json: Record<string, unknown>): SessionFileFormat | undefined {
  if (typeof json.format === 'string' && json.format.startsWith('agent-session-inspector/')) return 'export';
  for (const { kind, reader } of readers()) {
    try {
      if (reader.read(json)) return kind;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function fileError(name: string, fieldPath: string, problem: string): Error {
  return new Error(`the file looks like ${name}, but ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
}

/**
 * Runs a reader's mapping and rewords a server-side shape error for a file, keeping the field path.
 * When the file wraps the session (`{ session, … }`), paths inside it get the `session.` prefix.
 */
function readAs(
  kind: string,
  reader: SessionFileReader,
  json: Record<string, unknown>,
): { format: SessionFileFormat; session: Session } | undefined {
  let match;
  try {
    match = reader.read(json);
  } catch (e) {
    if (e instanceof FileShapeProblem) throw fileError(reader.name, e.fieldPath, e.problem);
    throw e;
  }
  if (!match) return undefined;
  try {
    return { format: kind, session: match.map() };
  } catch (e) {
    if (e instanceof ResponseShapeError) {
      const outside = /^(runs|content|traces)\b/.test(e.fieldPath);
      throw fileError(
        reader.name,
        match.wrapped && !outside ? (e.fieldPath ? `session.${e.fieldPath}` : 'session') : e.fieldPath,
        e.problem,
      );
    }
    throw e;
  }
}

/**
 * Reads a session file: Piper's session-events response, an Agno session detail (with or without
 * its runs, as `{ ...detail, runs }` or `{ session: detail, runs }`), a Foundry session with its
 * content (`{ ...session, content, traces? }` or `{ session, content, traces }`), or the
 * extension's own export. The session keeps the provider it came from.
 */
export function detectSessionFile(text: string): { format: SessionFileFormat; session: Session } {
  let json: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // "Unexpected end of JSON input" says nothing to someone who opened an empty file.
  if (!body.trim()) throw new Error(EMPTY_FILE);
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw jsonError(text, e);
  }
  if (!isObj(json)) throw new Error(notASessionFile());

  // The extension's own export.
  if (typeof json.format === 'string' && json.format.startsWith('agent-session-inspector/')) {
    if (json.format !== EXPORT_FORMAT)
      throw new Error(
        `the file is an Agent Session Inspector export of an unknown version ("${json.format}"; this version reads "${EXPORT_FORMAT}")`,
      );
    const parsed = SessionExportSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fileError(EXPORT_NAME, formatPath(issue.path), issue.message.replace(/^Invalid input:\s*/, ''));
    }
    // An export edited by hand may repeat an id; the model promises unique ones.
    ensureUniqueIds(parsed.data.session.runs);
    return { format: 'export', session: parsed.data.session };
  }

  for (const { kind, reader } of readers()) {
    const read = readAs(kind, reader, json);
    if (read) return read;
  }
  throw new Error(notASessionFile());
}
