// Foundry AIP Agents v2 routes (from @osdk/foundry.aipagents), every one with `preview=true`.
// Raw JSON out; mapping lives in map.ts.
import {
  createHttpClient,
  pathOf,
  requireToken,
  resolveBaseUrl,
  type HttpClient,
  type NetworkProviderOptions,
  type StreamResponse,
} from '../http';

export const FOUNDRY_NAME = 'Foundry';
const AGENTS = '/v2/aipAgents/agents';

/** The body of blockingContinue / streamingContinue. */
export interface FoundryContinueBody {
  userInput: { text: string };
  /** Required even when the agent has no parameters: send {}. */
  parameterInputs: Record<string, unknown>;
  /** streamingContinue only: a client UUID, so the answer can be cancelled. */
  messageId?: string;
}

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
      forbiddenHint:
        'AIP Agents needs the scope api:aip-agents-read to read sessions, and api:aip-agents-write to list all of your sessions (allSessions).',
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
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}`, {
      signal,
      what: `session "${sessionRid}" of agent "${agentRid}"`,
    });
  }

  content(agentRid: string, sessionRid: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/content`, {
      signal,
      what: `content of session "${sessionRid}"`,
    });
  }

  trace(agentRid: string, sessionRid: string, traceId: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/sessionTraces/${traceId}`, {
      signal,
      what: `trace "${traceId}" of session "${sessionRid}"`,
    });
  }

  /** `POST …/agents/{rid}/sessions`: a new, empty session with the agent's latest version. Never retried. */
  createSession(agentRid: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.post(AGENTS + pathOf`/${agentRid}/sessions`, {}, { signal, what: `agent "${agentRid}"` });
  }

  /** `POST …/sessions/{rid}/streamingContinue`: the answer's markdown as a byte stream. Never retried. */
  streamingContinue(
    agentRid: string,
    sessionRid: string,
    body: FoundryContinueBody,
    onChunk: (chunk: Uint8Array) => void,
    signal: AbortSignal | undefined,
    idleTimeoutMs: number,
  ): Promise<StreamResponse> {
    return this.http.stream('POST', AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/streamingContinue`, {
      body,
      accept: 'application/octet-stream',
      signal,
      idleTimeoutMs,
      onChunk,
      what: `session "${sessionRid}" of agent "${agentRid}"`,
    });
  }

  /**
   * `POST …/sessions/{rid}/cancel` `{ messageId, response? }`: stops a streamingContinue. With a
   * `response` Foundry stores the exchange with it (interrupted); without one it stores nothing.
   */
  cancel(agentRid: string, sessionRid: string, messageId: string, response: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const body = response === undefined ? { messageId } : { messageId, response };
    return this.http.post(AGENTS + pathOf`/${agentRid}/sessions/${sessionRid}/cancel`, body, {
      signal,
      what: `session "${sessionRid}" of agent "${agentRid}"`,
    });
  }
}
