// A saved Piper session-events response (`{ session?, runs: [{ events }] }`).
import { looksAgnoDetail, looksAgnoRuns } from '../agno/file';
import { isObj, type Obj, type SessionFileReader } from '../sessionFile';
import { mapPiperSession } from './map';

function looksPiper(o: Obj): boolean {
  if (!Array.isArray(o.runs)) return false;
  // Agno's wrapped form has `session` and `runs` too: its runs have `run_id`, its session Agno's fields.
  if (looksAgnoRuns(o.runs)) return false;
  const first: unknown = o.runs[0];
  if (isObj(first)) return 'events' in first || 'total_input_tokens' in first || ('id' in first && !('run_id' in first));
  return isObj(o.session) && 'session_id' in o.session && !looksAgnoDetail(o.session);
}

/** A title the file gives beside its runs (`{ title, runs }`), used when its session has none; "" is not given. */
export function fileTitle(o: Obj): string | undefined {
  const own = isObj(o.session) && typeof o.session.title === 'string' ? o.session.title.trim() : '';
  return !own && typeof o.title === 'string' ? o.title.trim() || undefined : undefined;
}

export const piperFile: SessionFileReader = {
  name: 'a Piper session',
  expected: 'a Piper session-events response (runs[])',
  // Before Agno: both have `session` and `runs`, but Piper's runs hold `events` of RunEvents.
  order: 2,
  read: (json) => (looksPiper(json) ? { wrapped: false, map: () => mapPiperSession(json, { title: fileTitle(json) }) } : undefined),
};
