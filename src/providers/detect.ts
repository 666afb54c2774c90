// "Open Session File…": which of the formats a JSON file is, read into a Session. The messages of
// the errors are shown to the user as they are, so they say in plain words what is wrong.
import { EXPORT_FORMAT, SessionExportSchema, type Session } from '../model';
import { mapAgnoSession } from './agno/map';
import { mapFoundrySession } from './foundry/map';
import { ensureUniqueIds, formatPath, ResponseShapeError } from './mapping';
import { mapPiperSession } from './piper/map';

export type SessionFileFormat = 'piper' | 'agno' | 'foundry' | 'export';

export const NOT_A_SESSION_FILE =
  'not a session file: expected a Piper session-events response (runs[]), an Agno session (session_id + chat_history or runs), ' +
  'a Foundry session (rid + content.exchanges) or an Agent Session Inspector export';

const FORMAT_NAMES: Record<SessionFileFormat, string> = {
  piper: 'a Piper session',
  agno: 'an Agno session',
  foundry: 'a Foundry session',
  export: 'an Agent Session Inspector export',
};

export const EMPTY_FILE = 'the file is empty (or only white space): choose a session file that has content';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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

function fileError(format: SessionFileFormat, fieldPath: string, problem: string): Error {
  return new Error(`the file looks like ${FORMAT_NAMES[format]}, but ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
}

/**
 * Runs a mapping and rewords a server-side shape error for a file, keeping the field path. When
 * the file wraps the session (`{ session, … }`), paths inside it get the `session.` prefix.
 */
function mapAs(format: SessionFileFormat, wrapped: boolean, map: () => Session): { format: SessionFileFormat; session: Session } {
  try {
    return { format, session: map() };
  } catch (e) {
    if (e instanceof ResponseShapeError) {
      const outside = /^(runs|content|traces)\b/.test(e.fieldPath);
      throw fileError(format, wrapped && !outside ? (e.fieldPath ? `session.${e.fieldPath}` : 'session') : e.fieldPath, e.problem);
    }
    throw e;
  }
}

function looksAgnoDetail(o: Obj): boolean {
  return (
    typeof o.session_id === 'string' &&
    ('chat_history' in o || 'agent_session_id' in o || 'session_name' in o || 'agent_data' in o || 'team_data' in o || 'workflow_data' in o || 'team_id' in o || 'workflow_id' in o || ('runs' in o && !('session' in o)))
  );
}

function looksAgnoRuns(runs: unknown): boolean {
  return Array.isArray(runs) && runs.length > 0 && isObj(runs[0]) && 'run_id' in runs[0];
}

function looksPiper(o: Obj): boolean {
  if (!Array.isArray(o.runs)) return false;
  if (looksAgnoRuns(o.runs)) return false;
  const first: unknown = o.runs[0];
  if (isObj(first)) return 'events' in first || 'total_input_tokens' in first || ('id' in first && !('run_id' in first));
  return isObj(o.session) && 'session_id' in o.session && !looksAgnoDetail(o.session);
}

function looksFoundrySession(o: unknown): o is Obj {
  return isObj(o) && typeof o.rid === 'string';
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
  if (!isObj(json)) throw new Error(NOT_A_SESSION_FILE);

  // The extension's own export.
  if (typeof json.format === 'string' && json.format.startsWith('agent-session-inspector/')) {
    if (json.format !== EXPORT_FORMAT) throw new Error(`the file is an Agent Session Inspector export of an unknown version ("${json.format}"; this version reads "${EXPORT_FORMAT}")`);
    const parsed = SessionExportSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fileError('export', formatPath(issue.path), issue.message.replace(/^Invalid input:\s*/, ''));
    }
    // An export edited by hand may repeat an id; the model promises unique ones.
    ensureUniqueIds(parsed.data.session.runs);
    return { format: 'export', session: parsed.data.session };
  }

  // Foundry: { ...session, content, traces? } or { session, content, traces? }.
  if (looksFoundrySession(json) && isObj(json.content)) {
    const { content, traces, ...session } = json;
    return mapAs('foundry', false, () => mapFoundrySession(session, content, isObj(traces) ? traces : {}));
  }
  if (looksFoundrySession(json.session) && 'content' in json) {
    const session = json.session;
    return mapAs('foundry', true, () => mapFoundrySession(session, json.content, isObj(json.traces) ? json.traces : {}));
  }

  // Piper before Agno's wrapped form: both have `session` and `runs`, but Piper's runs hold `events` of RunEvents.
  if (looksPiper(json)) return mapAs('piper', false, () => mapPiperSession(json));

  // Agno: { session: detail, runs } or { ...detail, runs? }.
  if (isObj(json.session) && looksAgnoDetail(json.session)) {
    const runs = json.runs;
    if (runs !== undefined && !Array.isArray(runs)) throw fileError('agno', 'runs', 'expected an array of runs');
    const detail = json.session;
    return mapAs('agno', true, () => mapAgnoSession(detail, runs as unknown[] | undefined));
  }
  if (looksAgnoDetail(json)) {
    const { runs, ...detail } = json;
    if (runs !== undefined && !Array.isArray(runs)) throw fileError('agno', 'runs', 'expected an array of runs');
    return mapAs('agno', false, () => mapAgnoSession(detail, runs as unknown[] | undefined));
  }

  throw new Error(NOT_A_SESSION_FILE);
}
