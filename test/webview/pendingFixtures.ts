// Paused runs as a real AgentOS 3.1.10 recorded them (test/fixtures/agno-3.1.10-paused-runs.json),
// mapped by the Agno provider's own mapping: one waiting for user input, one approved and
// continued, one rejected with a note.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../src/model';
import { mapAgnoSession } from '../../src/providers/agno/map';

export const PAUSED_FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/agno-3.1.10-paused-runs.json'), 'utf8')) as Record<
  string,
  { runs: any[]; sse?: string }
>;

export function pausedSession(): Session {
  const runs = ['confirmStreamedThenApproved', 'confirmNotStreamedRejected', 'userInputStreamedPaused'].flatMap(
    (k) => PAUSED_FIXTURE[k]!.runs,
  );
  return mapAgnoSession(
    { session_id: 's-paused', agent_id: 'guard', agent_data: { name: 'Guard', agent_id: 'guard', model: { id: 'm', provider: 'P' } } },
    runs,
  );
}
