// Foundry AIP Agents v2 routes (from @osdk/foundry.aipagents), every one with `preview=true`.
// Raw JSON out; mapping lives in map.ts.
import { createHttpClient, pathOf, requireToken, resolveBaseUrl, type HttpClient, type NetworkProviderOptions } from '../http';

export const FOUNDRY_NAME = 'Foundry';
const AGENTS = '/v2/aipAgents/agents';

export class FoundryClient {
  readonly http: HttpClient;

  constructor(baseUrl: string | undefined, token: string | undefined, options: NetworkProviderOptions = {}, connectionLabel = 'Foundry') {
    // Users enter https://<host>; the API lives under /api.
    const base = resolveBaseUrl(baseUrl, { providerName: FOUNDRY_NAME, requiredSuffix: '/api' });
    this.http = createHttpClient({
      baseUrl: base,
      token: requireToken(token, FOUNDRY_NAME, connectionLabel),
      providerName: FOUNDRY_NAME,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      log: options.log,
      retry: options.retry,
      defaultParams: { preview: 'true' },
      forbiddenHint: 'AIP Agents needs the scope api:aip-agents-read to read sessions, and api:aip-agents-write to list all of your sessions (allSessions).',
    });
  }

  /** `GET /v2/aipAgents/agents/allSessions`: the user's sessions across agents, most recently updated first. */
  allSessions(pageSize: number, pageToken: string | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(`${AGENTS}/allSessions`, { signal, params: { pageSize, pageToken }, what: 'session list (allSessions)' });
  }

  agent(agentRid: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}`, { signal, what: `agent "${agentRid}"` });
  }

  sessions(agentRid: string, pageSize: number, pageToken: string | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions`, { signal, params: { pageSize, pageToken }, what: `agent "${agentRid}"` });
  }

  session(agentRid: string, sessionRid: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}`, { signal, what: `session "${sessionRid}" of agent "${agentRid}"` });
  }

  content(agentRid: string, sessionRid: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/content`, { signal, what: `content of session "${sessionRid}"` });
  }

  trace(agentRid: string, sessionRid: string, traceId: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/sessionTraces/${traceId}`, { signal, what: `trace "${traceId}" of session "${sessionRid}"` });
  }
}
