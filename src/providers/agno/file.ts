// A saved Agno session: `{ session: detail, runs }` or `{ ...detail, runs? }`.
import { FileShapeProblem, isObj, type Obj, type SessionFileReader } from '../sessionFile';
import { mapAgnoSession } from './map';

export function looksAgnoDetail(o: Obj): boolean {
  return (
    typeof o.session_id === 'string' &&
    ('chat_history' in o ||
      'agent_session_id' in o ||
      'session_name' in o ||
      'agent_data' in o ||
      'team_data' in o ||
      'workflow_data' in o ||
      'team_id' in o ||
      'workflow_id' in o ||
      ('runs' in o && !('session' in o)))
  );
}

export function looksAgnoRuns(runs: unknown): boolean {
  return Array.isArray(runs) && runs.length > 0 && isObj(runs[0]) && 'run_id' in runs[0];
}

export const agnoFile: SessionFileReader = {
  name: 'an Agno session',
  expected: 'an Agno session (session_id + chat_history or runs)',
  // After Piper: both have `session` and `runs`, but Piper's runs hold `events` of RunEvents.
  order: 3,
  read(json) {
    if (isObj(json.session) && looksAgnoDetail(json.session)) {
      const runs = json.runs;
      if (runs !== undefined && !Array.isArray(runs)) throw new FileShapeProblem('runs', 'expected an array of runs');
      const detail = json.session;
      return { wrapped: true, map: () => mapAgnoSession(detail, runs as unknown[] | undefined) };
    }
    if (looksAgnoDetail(json)) {
      const { runs, ...detail } = json;
      if (runs !== undefined && !Array.isArray(runs)) throw new FileShapeProblem('runs', 'expected an array of runs');
      return { wrapped: false, map: () => mapAgnoSession(detail, runs as unknown[] | undefined) };
    }
    return undefined;
  },
};
