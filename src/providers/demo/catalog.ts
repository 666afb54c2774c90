// Everything the demo source can list: the agents and, per agent, its sessions as cheap
// summaries with a way to load the full session. Hand-written samples are built once on first
// use; generated ones are only generated when a session is opened.
import { tokenSum, type Agent, type Session, type SessionSummary } from '../../model';
import { generateSession } from './generate';
import { codingAgent, GENERATED_SESSIONS } from './samples/codingAgent';
import { dataAnalystAgent, dataAnalystSessions } from './samples/dataAnalyst';
import { researchAgent, researchSessions } from './samples/research';
import { supportTriageAgent, supportTriageSessions } from './samples/supportTriage';

export interface CatalogEntry {
  summary: SessionSummary;
  load(): Session;
}

export const DEMO_AGENTS: readonly Agent[] = [researchAgent, dataAnalystAgent, supportTriageAgent, codingAgent];

export function summarise(session: Session): SessionSummary {
  return {
    id: session.id,
    agentId: session.agentId ?? '',
    title: session.title,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    messageCount: session.totals.messages,
    tokens: tokenSum(session.totals.tokens),
    costUsd: session.totals.costUsd,
    isTest: session.isTest,
  };
}

let entries: CatalogEntry[] | undefined;

export function catalog(): readonly CatalogEntry[] {
  if (!entries) {
    const built = [...researchSessions(), ...dataAnalystSessions(), ...supportTriageSessions()];
    entries = built.map((session) => ({ summary: summarise(session), load: () => structuredClone(session) }));
    for (const options of GENERATED_SESSIONS) {
      // Counting messages or tokens would mean generating: the summary says only what is known.
      entries.push({
        summary: { id: options.id, agentId: codingAgent.id, title: options.title, createdAt: options.start },
        load: () => generateSession(options),
      });
    }
  }
  return entries;
}
