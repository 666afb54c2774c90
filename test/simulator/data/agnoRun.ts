// What every simulated AgentOS run is built from (agnoChat.ts, agnoPaused.ts): its id, model and
// owner (an agent, or a team whose events are prefixed "Team"), the envelope each event carries
// as agno 3.1.10 sends it, and the stream being written — every item streamed, the ones agno
// keeps in the stored run's `events` (not the RunContent chunks) beside.
import type { AgnoChatInput, AgnoSseItem } from './agnoChat';
import { uuid } from '../seed';

export type Json = Record<string, unknown>;

/** Token chunks as agno streams them: each word with the space after it. */
export const words = (text: string): string[] => text.split(/(?<= )/);

export function runFrame(t: AgnoChatInput, r: () => number) {
  const runId = uuid(r);
  const at = Math.floor(t.nowMs / 1000);
  const model = t.model?.model ?? 'gpt-4o';
  const provider = t.model?.provider ?? 'OpenAI';
  const prefix = t.type === 'team' ? 'Team' : '';
  const who: Json = t.type === 'team' ? { team_id: t.componentId, team_name: t.componentId } : { agent_id: t.componentId, agent_name: t.componentId };
  const env = (event: string, extra: Json = {}): Json => ({ created_at: at, event: `${prefix}${event}`, ...who, run_id: runId, session_id: t.sessionId, nested_depth: 0, ...extra });
  const sse: AgnoSseItem[] = [];
  const stored: Json[] = [];
  /** Streams `event` after `pauseMs`; `store: false` for what agno does not keep (RunContent chunks). */
  const send = (event: Json, pauseMs = 8, store = true) => {
    sse.push({ event: String(event.event), data: event, pauseMs });
    if (store) stored.push(event);
  };
  return { runId, at, model, provider, who, env, sse, stored, send };
}
