// AgentOS routes as agno 3.1.10 serves them (agno/os/routers/): agents, teams and workflows, the
// paged session list and a session's detail and runs, and its traces (agno/os/routers/traces/).
// Raw JSON out; mapping lives in map.ts and traces.ts.
import { createHttpClient, pathOf, resolveBaseUrl, type HttpClient, type NetworkProviderOptions, type StreamResponse } from '../http';

export const AGNO_NAME = 'Agno AgentOS';

export type AgnoComponentType = 'agent' | 'team' | 'workflow';

export interface AgnoSessionQuery {
  type?: AgnoComponentType;
  componentId: string;
  limit: number;
  page: number;
}

/** The form fields of `POST /{type}s/{id}/runs` (FastAPI Form: urlencoded is accepted as well as multipart). */
export interface AgnoRunForm {
  message: string;
  session_id?: string;
  user_id?: string;
}

export class AgnoClient {
  readonly http: HttpClient;

  constructor(baseUrl: string | undefined, token: string | undefined, options: NetworkProviderOptions = {}) {
    this.http = createHttpClient({
      baseUrl: resolveBaseUrl(baseUrl, { providerName: AGNO_NAME }),
      // The security key is optional: an AgentOS without OS_SECURITY_KEY takes no auth header.
      token,
      providerName: AGNO_NAME,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      log: options.log,
      retry: options.retry,
      authHint: 'AgentOS checks it against its OS_SECURITY_KEY (or its JWT settings).',
    });
  }

  /** `GET /agents`, `GET /teams` or `GET /workflows`. */
  components(type: AgnoComponentType, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(`/${type}s`, { signal, what: `${type} list (GET /${type}s)` });
  }

  /** `GET /sessions?type=&component_id=&limit=&page=&sort_by=created_at&sort_order=desc` */
  sessions(q: AgnoSessionQuery, signal?: AbortSignal): Promise<unknown> {
    return this.http.get('/sessions', {
      signal,
      params: { type: q.type, component_id: q.componentId, limit: q.limit, page: q.page, sort_by: 'created_at', sort_order: 'desc' },
      what: `sessions of "${q.componentId}"`,
    });
  }

  /** `GET /sessions/{id}?type=` */
  session(sessionId: string, type: AgnoComponentType | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/sessions/${sessionId}`, { signal, params: { type }, what: `session "${sessionId}"` });
  }

  /** `GET /sessions/{id}/runs?type=` */
  runs(sessionId: string, type: AgnoComponentType | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/sessions/${sessionId}/runs`, { signal, params: { type }, what: `session "${sessionId}"` });
  }

  /**
   * `POST /agents|teams|workflows/{id}/runs` with `stream=true`: the run as server-sent events,
   * handed over chunk by chunk. Never retried (it would run the agent twice).
   */
  runStream(
    type: AgnoComponentType,
    componentId: string,
    form: AgnoRunForm,
    onChunk: (chunk: Uint8Array) => void,
    signal: AbortSignal | undefined,
    idleTimeoutMs: number,
  ): Promise<StreamResponse> {
    const body = new URLSearchParams({ message: form.message, stream: 'true' });
    if (form.session_id) body.set('session_id', form.session_id);
    if (form.user_id) body.set('user_id', form.user_id);
    return this.http.stream('POST', `/${type}s${pathOf`/${componentId}`}/runs`, {
      form: body,
      accept: 'text/event-stream',
      signal,
      idleTimeoutMs,
      onChunk,
      what: `${type} "${componentId}"${form.session_id ? ` or session "${form.session_id}"` : ''}`,
    });
  }

  /** `GET /sessions/{id}/runs/{run_id}?type=`: one run as the session stores it. */
  run(sessionId: string, runId: string, type: AgnoComponentType | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/sessions/${sessionId}/runs/${runId}`, {
      signal,
      params: { type },
      what: `run "${runId}" of session "${sessionId}"`,
    });
  }

  /**
   * `POST /agents/{id}/runs/{run_id}/continue` (form `tools`), `POST /teams/{id}/runs/{run_id}/continue`
   * (form `requirements`) or `POST /workflows/{id}/runs/{run_id}/continue` (form `step_requirements`), with `session_id` (required by AgentOS) and `stream=true`: the rest of a
   * paused run as server-sent events. Never retried (it would run the confirmed tool twice).
   */
  continueStream(
    type: AgnoComponentType,
    componentId: string,
    runId: string,
    form: { decided: string; session_id: string; user_id?: string },
    onChunk: (chunk: Uint8Array) => void,
    signal: AbortSignal | undefined,
    idleTimeoutMs: number,
  ): Promise<StreamResponse> {
    const field = type === 'workflow' ? 'step_requirements' : type === 'team' ? 'requirements' : 'tools';
    const body = new URLSearchParams({ [field]: form.decided, session_id: form.session_id, stream: 'true' });
    if (form.user_id) body.set('user_id', form.user_id);
    return this.http.stream('POST', `/${type}s${pathOf`/${componentId}/runs/${runId}`}/continue`, {
      form: body,
      accept: 'text/event-stream',
      signal,
      idleTimeoutMs,
      onChunk,
      what: `run "${runId}" of ${type} "${componentId}"`,
    });
  }

  /** `GET /traces?session_id=&page=&limit=`: the session's traces, when AgentOS runs with tracing on (an empty list when not). */
  traces(sessionId: string, page: number, limit: number, signal?: AbortSignal): Promise<unknown> {
    return this.http.get('/traces', { signal, params: { session_id: sessionId, page, limit }, what: `traces of session "${sessionId}"` });
  }

  /** `GET /traces/{trace_id}`: one trace with its span tree. */
  trace(traceId: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/traces/${traceId}`, { signal, what: `trace "${traceId}"` });
  }

  /**
   * `POST /approvals/{id}/resolve` (AgentOS 3.1.10 `agno/os/routers/approvals`): records who
   * approved or rejected a tool that carries agno's @approval, and with what. A 409 means it was
   * resolved already (ProviderError status 409).
   */
  resolveApproval(
    approvalId: string,
    body: { status: 'approved' | 'rejected'; resolved_by?: string; resolution_data?: Record<string, unknown> },
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.http.post(pathOf`/approvals/${approvalId}/resolve`, body, { signal, what: `approval "${approvalId}"` });
  }

  /** `GET /approvals/{id}`: one approval record (status, resolved_by, resolution_data). */
  approval(approvalId: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/approvals/${approvalId}`, { signal, what: `approval "${approvalId}"` });
  }

  /** `POST /agents|teams|workflows/{id}/runs/{run_id}/cancel?session_id=`: asks the server to stop a run. */
  cancelRun(
    type: AgnoComponentType,
    componentId: string,
    runId: string,
    sessionId: string | undefined,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.http.post(`/${type}s${pathOf`/${componentId}/runs/${runId}`}/cancel`, undefined, {
      signal,
      params: { session_id: sessionId },
      what: `run "${runId}"`,
    });
  }
}
