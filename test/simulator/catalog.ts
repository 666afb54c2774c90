// What a person (or a UI test) needs to use the simulator: the connection settings to paste
// into "Add Connection…" and ids worth opening.
import { AGNO_COMPONENTS } from './data/agno';
import { FOUNDRY_AGENTS, FOUNDRY_RICH_SESSION } from './data/foundry';
import { PIPER_AGENTS, PIPER_BIG_SESSION, PIPER_KITCHEN_SINK_SESSION, PiperData } from './data/piper';
import type { Simulator } from './server';

/** What a person needs to try the simulator: connection settings and ids to open. */
export function catalog(sim: Pick<Simulator, 'baseUrls' | 'token' | 'piperOrgId'>, piper: PiperData = new PiperData()) {
  return {
    connections: [
      { kind: 'piper', label: 'Piper (simulator)', baseUrl: sim.baseUrls.piper, orgId: sim.piperOrgId, token: sim.token },
      { kind: 'agno', label: 'Agno (simulator)', baseUrl: sim.baseUrls.agno, token: sim.token },
      { kind: 'foundry', label: 'Foundry (simulator)', baseUrl: sim.baseUrls.foundry, token: sim.token },
    ],
    piper: {
      note: 'Piper has no listing routes: add these agents and sessions by id.',
      agents: PIPER_AGENTS.map((a) => ({
        id: a.id,
        label: a.label,
        someSessions: piper
          .sessionsOf(a.id)
          .slice(0, 5)
          .map((m) => m.id),
      })),
      sessions: { everyEventKind: PIPER_KITCHEN_SINK_SESSION, thousandsOfEvents: PIPER_BIG_SESSION, agentId: PIPER_AGENTS[0]!.id },
    },
    agno: { components: AGNO_COMPONENTS.map((c) => ({ id: c.id, type: c.type, sessions: c.sessions })) },
    foundry: {
      agents: FOUNDRY_AGENTS.map((a) => ({ rid: a.rid, name: a.name, sessions: a.sessions })),
      addByRidOnly: FOUNDRY_AGENTS.find((a) => a.sessions === 0)?.rid,
      richSession: FOUNDRY_RICH_SESSION,
    },
  };
}
