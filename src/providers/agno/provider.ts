// Agno AgentOS as a SessionProvider: agents, teams and workflows are all "agents" (with a type);
// their sessions page by page number, newest first; a session is its detail plus its runs.
import type { Agent, Connection, Session, SessionEvent, SessionSummary } from '../../model';
import {
  allOrAbort,
  bestEffortCancel,
  deliverer,
  mapOrBadResponse,
  requireMessage,
  streamIdleTimeout,
  withPartial,
  type NetworkProviderOptions,
} from '../http';
import { ResponseShapeError } from '../mapping';
import { createSseDecoder } from '../sse';
import {
  isCancelled,
  ProviderError,
  type ContinueRunRequest,
  type Page,
  type SendMessageEventHandler,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../types';
import { AGNO_NAME, AgnoClient, type AgnoComponentType } from './client';
import { continueAgnoRun } from './continue';
import { mapAgnoAgent, mapAgnoSession, mapAgnoSessionPage } from './map';
import { AgnoRunStream } from './stream';
import { AgnoTraceDetailSchema, traceIdsByRun, withTraceModelCalls, type AgnoTraceDetail } from './traces';

const TYPES: AgnoComponentType[] = ['agent', 'team', 'workflow'];
/** Traces of one session read at most: pages of GET /traces, and trace trees (the newest runs'). */
const TRACE_PAGES = 5;
const TRACE_PAGE_SIZE = 100;
const MAX_TRACES = 50;

export class AgnoProvider implements SessionProvider {
  private readonly client: AgnoClient;
  /** Which kind each listed id is: the session routes want `type` to look in the right table. */
  private readonly types = new Map<string, AgnoComponentType>();
  private readonly names = new Map<string, string>();

  constructor(
    readonly connection: Connection,
    token: string | undefined,
    private readonly options: NetworkProviderOptions = {},
  ) {
    this.client = new AgnoClient(connection.baseUrl, token, options);
  }

  async listAgents(signal?: AbortSignal): Promise<Agent[]> {
    const lists = await allOrAbort<[unknown, unknown, unknown]>(signal, (s) => [
      this.componentList('agent', s),
      this.componentList('team', s),
      this.componentList('workflow', s),
    ]);
    const agents: Agent[] = [];
    TYPES.forEach((type, i) => {
      for (const a of this.mapList(lists[i], type)) {
        this.types.set(a.id, type);
        this.names.set(a.id, a.name);
        // A team's members by name: its member runs, read back, carry only their agent id.
        const members = (a.raw as { members?: unknown } | undefined)?.members;
        for (const m of Array.isArray(members) ? members : []) {
          const { id, name } = (m ?? {}) as { id?: unknown; name?: unknown };
          if (typeof id === 'string' && id && typeof name === 'string' && name && !this.names.has(id)) this.names.set(id, name);
        }
        agents.push(a);
      }
    });
    return agents;
  }

  async listSessions(agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<SessionSummary>> {
    const page = cursor === undefined ? 1 : Number(cursor);
    if (!Number.isInteger(page) || page < 1) throw new ProviderError('validation', `Invalid page cursor "${cursor}" for Agno sessions.`);
    const type = await this.typeOf(agentId, signal);
    const json = await this.client.sessions({ type, componentId: agentId, limit: Math.max(1, Math.floor(pageSize) || 1), page }, signal);
    return mapOrBadResponse(AGNO_NAME, 'a session list', () => mapAgnoSessionPage(json, agentId));
  }

  async getSession(agentId: string, sessionId: string, signal?: AbortSignal): Promise<Session> {
    const type = await this.typeOf(agentId, signal);
    const [detail, runs] = await allOrAbort<[unknown, unknown]>(signal, (s) => [
      this.client.session(sessionId, type, s),
      this.client.runs(sessionId, type, s),
    ]);
    const session = mapOrBadResponse(AGNO_NAME, 'a session', () =>
      // A runs body that is not a list is reported by the mapping with its path (`runs`).
      mapAgnoSession(detail, runs as unknown[], {
        connectionId: this.connection.id,
        agentId,
        agentName: this.names.get(agentId),
        sessionId,
        names: this.names,
      }),
    );
    return this.withTraces(session, sessionId, signal);
  }

  /**
   * Model calls with their timings from the runs' traces, where the server keeps them (AgentOS with
   * tracing on). Best effort: a server without tracing lists none, an older one has no route (404),
   * and either way, or on any failure but a cancel, the session is shown as agno stored it.
   */
  private async withTraces(session: Session, sessionId: string, signal?: AbortSignal): Promise<Session> {
    const wanted = new Set(session.runs.filter((r) => !r.events.some((e) => e.kind === 'model_call')).map((r) => r.id));
    if (!wanted.size) return session;
    try {
      const byRun = new Map<string, string>();
      for (let page = 1; page <= TRACE_PAGES; page++) {
        const { byRun: got, more } = traceIdsByRun(await this.client.traces(sessionId, page, TRACE_PAGE_SIZE, signal));
        for (const [run, trace] of got) if (wanted.has(run) && !byRun.has(run)) byRun.set(run, trace);
        if (!more) break;
      }
      if (!byRun.size) return session;
      // GET /traces lists the newest first: those are the ones read when there are more. A member's run shares its team run's trace.
      const ids = [...new Set([...byRun.values()])].slice(0, MAX_TRACES);
      const details = await allOrAbort(signal, (s) =>
        ids.map((id) => this.client.trace(id, s).catch((e: unknown) => (isCancelled(e) ? Promise.reject(e) : undefined))),
      );
      const traces = new Map<string, AgnoTraceDetail>();
      details.forEach((json) => {
        const d = AgnoTraceDetailSchema.safeParse(json);
        if (d.success && d.data.run_id) traces.set(d.data.run_id, d.data);
      });
      return traces.size ? withTraceModelCalls(session, traces) : session;
    } catch (e) {
      if (isCancelled(e) || signal?.aborted) throw e;
      this.options.log?.debug(`${AGNO_NAME}: no traces for session ${sessionId} (${e instanceof Error ? e.message : String(e)})`);
      return session;
    }
  }

  /**
   * `POST /{type}s/{id}/runs` with `stream=true`: every server-sent event is mapped and handed to
   * `onEvent` as it arrives (see AgnoRunStream). Once the run has finished, the result is the run
   * as the session stores it (read back, mapped as getSession does: the system prompt, agno's own
   * order), or the streamed events when that read fails. Stop aborts the request — AgentOS cancels
   * a run whose client went away — and also asks `…/runs/{run_id}/cancel`, for runs that outlive it.
   */
  async sendMessage(req: SendMessageRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    requireMessage(req.message, AGNO_NAME);
    const type = (await this.typeOf(req.agentId, signal)) ?? 'agent';
    const log = this.options.log;
    const run = new AgnoRunStream(req.message);
    const deliver = deliverer(onEvent, log, AGNO_NAME);
    let ignored = 0;
    const sse = createSseDecoder({
      onEvent: (m) => deliver(run.push(m.event, m.data)),
      onError: (e) => {
        if (ignored++ < 5) log?.debug(`${AGNO_NAME}: ignored a line of the event stream (${e.type})`);
      },
    });
    const partial = (): SendMessageResult | undefined => {
      const sessionId = run.sessionId ?? req.sessionId;
      if (run.runId === undefined || !sessionId) return undefined;
      deliver(run.interrupt());
      return { sessionId, runId: run.runId, events: run.events() };
    };
    try {
      await this.client.runStream(
        type,
        req.agentId,
        { message: req.message, session_id: req.sessionId, user_id: req.userId },
        (chunk) => sse.push(chunk),
        signal,
        streamIdleTimeout(this.options),
      );
      const rest = sse.end();
      if (!run.end) {
        // The body ended cleanly but the run did not say it finished: a proxy or the server cut it.
        const cut = rest.leftover ? ` in the middle of an event (${rest.leftover.length} characters unfinished)` : '';
        throw new ProviderError(
          'network',
          `${AGNO_NAME} stopped streaming before the run finished${cut} — the reply is incomplete; retry, or check proxies between you and the server.`,
          { action: 'retry' },
        );
      }
    } catch (e) {
      const got = partial();
      if (isCancelled(e) && run.runId) {
        const runId = run.runId;
        await bestEffortCancel(`${AGNO_NAME} run ${runId}`, log, (s) =>
          this.client.cancelRun(type, req.agentId, runId, run.sessionId ?? req.sessionId, s),
        );
      }
      throw got ? withPartial(e, got) : e;
    }
    const sessionId = run.sessionId ?? req.sessionId;
    if (!sessionId) throw new ResponseShapeError('Agno', 'a run', 'session_id', 'missing (a new session needs its id)');
    const out: SendMessageResult = {
      sessionId,
      events: (run.runId && (await this.storedRun(req.agentId, sessionId, run.runId, signal))) || run.events(),
    };
    if (run.runId) out.runId = run.runId;
    return out;
  }

  /**
   * A run paused for a person, continued with their decisions (continue.ts): the rest streams as a
   * chat reply does; the result is the whole run as the session then stores it.
   */
  async continueRun(req: ContinueRunRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    const type = (await this.typeOf(req.agentId, signal)) ?? 'agent';
    return continueAgnoRun(
      {
        client: this.client,
        options: this.options,
        names: this.names,
        storedRun: (sessionId, runId, s) => this.storedRun(req.agentId, sessionId, runId, s),
      },
      type,
      req,
      onEvent,
      signal,
    );
  }

  /**
   * The run as the session now stores it, mapped as getSession maps it, so the reply ends exactly
   * as "Open in Inspector" will show it. Undefined when it cannot be read: the streamed events stand.
   */
  private async storedRun(agentId: string, sessionId: string, runId: string, signal?: AbortSignal): Promise<SessionEvent[] | undefined> {
    try {
      const session = await this.getSession(agentId, sessionId, signal);
      const stored = session.runs.find((r) => r.id === runId);
      if (!stored)
        this.options.log?.warn(`${AGNO_NAME}: session ${sessionId} does not hold run ${runId} yet; showing the streamed events.`);
      return stored?.events;
    } catch (e) {
      this.options.log?.warn(
        `${AGNO_NAME}: could not read back run ${runId} of session ${sessionId} (${(e as Error).message}); showing the streamed events.`,
      );
      return undefined;
    }
  }

  /** One of the three lists; an AgentOS without teams or workflows (older versions) answers 404 there. */
  private async componentList(type: AgnoComponentType, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.client.components(type, signal);
    } catch (e) {
      if (type !== 'agent' && e instanceof ProviderError && e.code === 'not_found') {
        this.options.log?.info(`${AGNO_NAME}: no /${type}s route on this server; listing no ${type}s.`);
        return [];
      }
      throw e;
    }
  }

  /** A list whose every item maps, or a clear error; one broken item is skipped with a warning. */
  private mapList(json: unknown, type: AgnoComponentType): Agent[] {
    if (json === undefined || json === null) return [];
    if (!Array.isArray(json)) throw new ResponseShapeError('Agno', `the ${type} list`, '', `expected a list, received ${typeof json}`);
    const out: Agent[] = [];
    let firstError: unknown;
    json.forEach((item, i) => {
      try {
        out.push(mapAgnoAgent(item, type));
      } catch (e) {
        firstError ??=
          e instanceof ResponseShapeError
            ? new ResponseShapeError('Agno', `the ${type} list`, `[${i}]${e.fieldPath ? `.${e.fieldPath}` : ''}`, e.problem)
            : e;
        this.options.log?.warn(`${AGNO_NAME}: skipped ${type} #${i}: ${(e as Error).message}`);
      }
    });
    if (json.length && !out.length) throw firstError;
    return out;
  }

  /** The type of an id, learning the lists once if this provider has not listed them yet. */
  private async typeOf(agentId: string, signal?: AbortSignal): Promise<AgnoComponentType | undefined> {
    if (!this.types.has(agentId)) {
      try {
        await this.listAgents(signal);
      } catch (e) {
        if (isCancelled(e)) throw e;
        // Without the type, AgentOS searches all session tables: still correct, so carry on.
        this.options.log?.warn(`${AGNO_NAME}: could not learn the type of "${agentId}": ${(e as Error).message}`);
      }
    }
    return this.types.get(agentId);
  }
}
