// Foundry AIP Agents as a SessionProvider. Foundry has no "list agents" route: agents are found
// in the user's own sessions across all agents (allSessions, a few pages at most) plus the RIDs
// the user added by hand. A session is its metadata, its content (exchanges) and one trace per
// exchange, fetched a few at a time; a trace that fails becomes an error event in its run.
import type { Agent, Connection, Session, SessionEvent, SessionSummary } from '../../model';
import { withTotals } from '../../model/totals';
import { allOrAbort, mapLimit, mapOrBadResponse, type NetworkProviderOptions } from '../http';
import { zodPathError } from '../mapping';
import { isCancelled, ProviderError, type Page, type SessionProvider } from '../types';
import { FOUNDRY_NAME, FoundryClient } from './client';
import { mapFoundryAgent, mapFoundrySession, mapFoundrySessionPage } from './map';
import { FoundrySessionTraceSchema } from './schema';

/** allSessions is read at most this many pages deep to discover agents (a bound, not a loop). */
export const DISCOVERY_MAX_PAGES = 5;
export const DISCOVERY_PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 4;

export class FoundryProvider implements SessionProvider {
  private readonly client: FoundryClient;
  private readonly names = new Map<string, string>();

  constructor(
    readonly connection: Connection,
    token: string | undefined,
    private readonly options: NetworkProviderOptions = {},
  ) {
    this.client = new FoundryClient(connection.baseUrl, token, options, connection.label);
  }

  async listAgents(signal?: AbortSignal): Promise<Agent[]> {
    const rids: string[] = [];
    let discoveryError: unknown;
    try {
      rids.push(...(await this.discoverAgentRids(signal)));
    } catch (e) {
      if (isCancelled(e) || isRejectedToken(e)) throw e;
      // allSessions needs the write scope; a read-only token still works with RIDs added by hand.
      discoveryError = e;
      this.options.log?.warn(`${FOUNDRY_NAME}: could not discover agents from allSessions: ${(e as Error).message}`);
    }
    const added = this.options.memory?.agents() ?? [];
    for (const a of added) if (!rids.includes(a.id)) rids.push(a.id);
    if (!rids.length && discoveryError) throw discoveryError;

    return mapLimit(rids, this.concurrency, async (rid): Promise<Agent> => {
      const label = added.find((a) => a.id === rid)?.label?.trim();
      try {
        const json = await this.client.agent(rid, signal);
        const agent = mapOrBadResponse(FOUNDRY_NAME, 'an agent', () => mapFoundryAgent(json));
        this.names.set(rid, agent.name);
        return agent;
      } catch (e) {
        if (isCancelled(e) || isRejectedToken(e)) throw e;
        // One agent we cannot read (deleted, no access, a mistyped RID) must not hide the others.
        this.options.log?.warn(`${FOUNDRY_NAME}: could not load agent ${rid}: ${(e as Error).message}`);
        return { id: rid, name: label || rid, description: `Could not load this agent: ${(e as Error).message}` };
      }
    });
  }

  async listSessions(agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<SessionSummary>> {
    const json = await this.client.sessions(agentId, Math.max(1, Math.floor(pageSize) || 1), cursor, signal);
    return mapOrBadResponse(FOUNDRY_NAME, 'a session list', () => mapFoundrySessionPage(json));
  }

  async getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session> {
    const [meta, content] = await allOrAbort<[unknown, unknown]>(signal, (s) => [this.client.session(agentId, sessionId, s), this.client.content(agentId, sessionId, s)]);
    const traceIds = traceIdsOf(content);
    const traces: Record<string, unknown> = {};
    const failures = new Map<string, ProviderError>();
    await mapLimit(traceIds, this.concurrency, async (traceId) => {
      try {
        const trace = await this.client.trace(agentId, sessionId, traceId, signal);
        const checked = FoundrySessionTraceSchema.safeParse(trace);
        if (checked.success) traces[traceId] = trace;
        else failures.set(traceId, zodPathError('foundry', 'a session trace', checked.error));
      } catch (e) {
        if (isCancelled(e) || isRejectedToken(e)) throw e;
        failures.set(traceId, e instanceof ProviderError ? e : new ProviderError('network', (e as Error).message));
        this.options.log?.warn(`${FOUNDRY_NAME}: trace ${traceId} of session ${sessionId} failed: ${(e as Error).message}`);
      }
    });
    const session = mapOrBadResponse(FOUNDRY_NAME, 'a session', () =>
      mapFoundrySession(meta, content, traces, { connectionId: this.connection.id, agentId, agentName: this.names.get(agentId), sessionId }),
    );
    return failures.size ? withTraceErrors(session, failures) : session;
  }

  private get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  /** Agent RIDs of the user's sessions, most recently used first, from a bounded number of pages. */
  private async discoverAgentRids(signal?: AbortSignal): Promise<string[]> {
    const rids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < DISCOVERY_MAX_PAGES; page++) {
      const json = await this.client.allSessions(DISCOVERY_PAGE_SIZE, token, signal);
      const { items, nextCursor } = mapOrBadResponse(FOUNDRY_NAME, 'a session list', () => mapFoundrySessionPage(json));
      for (const s of items) if (!rids.includes(s.agentId)) rids.push(s.agentId);
      token = nextCursor;
      if (!token) return rids;
    }
    this.options.log?.info(`${FOUNDRY_NAME}: read ${DISCOVERY_MAX_PAGES} pages of allSessions; agents used only in older sessions can be added by RID.`);
    return rids;
  }
}

/** A 401: the token itself is wrong, so nothing else will work either. */
function isRejectedToken(e: unknown): boolean {
  return e instanceof ProviderError && e.code === 'auth' && e.details?.status === 401;
}

function traceIdsOf(content: unknown): string[] {
  const exchanges = (content as { exchanges?: unknown } | undefined)?.exchanges;
  if (!Array.isArray(exchanges)) return [];
  const ids = new Set<string>();
  for (const x of exchanges) {
    const id = (x as { result?: { sessionTraceId?: unknown } } | null)?.result?.sessionTraceId;
    if (typeof id === 'string' && id) ids.add(id);
  }
  return [...ids];
}

/** Puts an error event into each run whose trace could not be loaded, right after the question. */
function withTraceErrors(session: Session, failures: Map<string, ProviderError>): Session {
  const runs = session.runs.map((run) => {
    const traceId = [...failures.keys()].find((id) => run.id === id || run.id.startsWith(`${id}:`));
    if (!traceId) return run;
    const failure = failures.get(traceId)!;
    const error: SessionEvent = {
      id: `${run.id}:trace-error`,
      runId: run.id,
      kind: 'error',
      code: failure.code,
      message: `The steps behind this answer (trace ${traceId}) could not be loaded: ${failure.message}`,
      raw: { sessionTraceId: traceId, code: failure.code, status: failure.details?.status, message: failure.message },
    };
    const events = [...run.events];
    events.splice(Math.min(1, events.length), 0, error);
    return { ...run, events };
  });
  return withTotals({ ...session, runs });
}
