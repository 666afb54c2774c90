// Foundry AIP Agents as a SessionProvider. Foundry has no "list agents" route: agents are found
// in the user's own sessions across all agents (allSessions, a few pages at most) plus the RIDs
// the user added by hand. A session is its metadata, its content (exchanges) and one trace per
// exchange, fetched a few at a time; a trace that fails becomes an error event in its run.
import { randomUUID } from 'node:crypto';
import type { Agent, Connection, Session, SessionEvent, SessionSummary } from '../../model';
import { withTotals } from '../../model/totals';
import {
  allOrAbort,
  bestEffortCancel,
  deliverer,
  mapLimit,
  mapOrBadResponse,
  requireMessage,
  streamIdleTimeout,
  withCreatedSession,
  withPartial,
  type NetworkProviderOptions,
} from '../http';
import { ResponseShapeError, zodPathError } from '../mapping';
import {
  isCancelled,
  ProviderError,
  type Page,
  type SendMessageEventHandler,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../types';
import { FOUNDRY_NAME, FoundryClient } from './client';
import { mapFoundryAgent, mapFoundryExchange, mapFoundrySession, mapFoundrySessionPage } from './map';
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
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what discovery caught, unchanged
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
    const [meta, content] = await allOrAbort<[unknown, unknown]>(signal, (s) => [
      this.client.session(agentId, sessionId, s),
      this.client.content(agentId, sessionId, s),
    ]);
    const traceIds = traceIdsOf(content);
    const traces: Record<string, unknown> = {};
    const failures = new Map<string, ProviderError>();
    await mapLimit(traceIds, this.concurrency, async (traceId) => {
      try {
        const trace = await this.client.trace(agentId, sessionId, traceId, signal);
        const checked = FoundrySessionTraceSchema.safeParse(trace);
        if (checked.success) traces[traceId] = trace;
        else failures.set(traceId, zodPathError('Foundry', 'a session trace', checked.error));
      } catch (e) {
        if (isCancelled(e) || isRejectedToken(e)) throw e;
        failures.set(traceId, e instanceof ProviderError ? e : new ProviderError('network', (e as Error).message));
        this.options.log?.warn(`${FOUNDRY_NAME}: trace ${traceId} of session ${sessionId} failed: ${(e as Error).message}`);
      }
    });
    const session = mapOrBadResponse(FOUNDRY_NAME, 'a session', () =>
      mapFoundrySession(meta, content, traces, {
        connectionId: this.connection.id,
        agentId,
        agentName: this.names.get(agentId),
        sessionId,
      }),
    );
    return failures.size ? withTraceErrors(session, failures) : session;
  }

  /**
   * A new session when none is given (`POST …/sessions`), then `streamingContinue`: the answer's
   * markdown grows in one assistant message as its bytes arrive. When it is complete, the
   * exchange and its trace are read back so the tool calls and code behind the answer join it
   * (the result's ids are then the ones getSession gives). Stop aborts and sends `…/cancel` with
   * the message id and the text so far.
   */
  async sendMessage(req: SendMessageRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    requireMessage(req.message, FOUNDRY_NAME);
    const agentRid = req.agentId;
    const sessionRid = req.sessionId ?? (await this.createSession(agentRid, signal));
    const deliver = deliverer(onEvent, this.options.log, FOUNDRY_NAME);
    const messageId = randomUUID();
    // Foundry names the exchange (its trace id) only once it is stored: until then the message id stands in.
    const user: SessionEvent = {
      id: `${messageId}:user`,
      runId: messageId,
      kind: 'user_message',
      text: req.message,
      raw: { userInput: { text: req.message }, messageId },
    };
    const answer: SessionEvent & { kind: 'assistant_message' } = {
      id: `${messageId}:answer`,
      runId: messageId,
      kind: 'assistant_message',
      text: '',
    };
    const decoder = new TextDecoder('utf-8');
    let bytes = 0;
    // Each delivery is a snapshot the consumer may keep, but a shallow one: every field is a
    // primitive (strings are immutable), so the copy costs the same for a 1 MB answer as for a
    // word. A deep copy per chunk made a 1 MB answer in 50-character chunks cost ~12 s (issue 11, finding 4).
    const snapshot = <T extends SessionEvent>(e: T): T => ({ ...e });
    const grow = (text: string) => {
      if (!text) return;
      // The question goes out with the first words of the answer: a failure before them has no reply to keep.
      if (!answer.text) deliver([snapshot(user)]);
      answer.text += text;
      deliver([snapshot(answer)]);
    };
    try {
      await this.client.streamingContinue(
        agentRid,
        sessionRid,
        { userInput: { text: req.message }, parameterInputs: {}, messageId },
        (chunk) => {
          bytes += chunk.length;
          grow(decoder.decode(chunk, { stream: true }));
        },
        signal,
        streamIdleTimeout(this.options),
      );
      grow(decoder.decode());
    } catch (e) {
      if (isCancelled(e)) {
        // What was said so far goes with the cancel, so Foundry keeps the exchange (cut short) as
        // the chat shows it; with nothing said, nothing is stored.
        const said = answer.text || undefined;
        await bestEffortCancel(`${FOUNDRY_NAME} message ${messageId}`, this.options.log, (s) =>
          this.client.cancel(agentRid, sessionRid, messageId, said, s),
        );
      }
      // Nothing arrived: a session created just now still exists (Foundry keeps it), so the
      // failure names it and a retry continues it rather than leaving an empty one behind.
      if (!bytes) throw req.sessionId ? e : withCreatedSession(e, sessionRid);
      // The decoder is not flushed: bytes of a character the break cut in two are not text.
      answer.interrupted = true;
      deliver([snapshot(answer)]);
      throw withPartial(e, { sessionId: sessionRid, runId: messageId, events: [snapshot(user), snapshot(answer)] });
    }
    const stored = await this.storedExchange(agentRid, sessionRid, req.message, signal);
    if (stored) return { sessionId: sessionRid, runId: stored.runId, events: stored.events };
    return { sessionId: sessionRid, runId: messageId, events: [user, answer] };
  }

  private async createSession(agentRid: string, signal?: AbortSignal): Promise<string> {
    const json = await this.client.createSession(agentRid, signal);
    const rid = (json as { rid?: unknown } | undefined)?.rid;
    if (typeof rid !== 'string' || !rid) throw new ResponseShapeError('Foundry', 'a new session', 'rid', 'missing (the session has no id)');
    return rid;
  }

  /**
   * The exchange just streamed, as the session stores it, with its trace. Undefined when it
   * cannot be read: the streamed answer then stands (the caller still has the whole text).
   */
  private async storedExchange(
    agentRid: string,
    sessionRid: string,
    message: string,
    signal?: AbortSignal,
  ): Promise<{ runId: string; events: SessionEvent[] } | undefined> {
    const log = this.options.log;
    let exchange: unknown;
    try {
      const content = await this.client.content(agentRid, sessionRid, signal);
      const exchanges = (content as { exchanges?: unknown } | undefined)?.exchanges;
      if (!Array.isArray(exchanges) || !exchanges.length) throw new Error('the session has no exchanges');
      // The last exchange is ours; its question confirms it (another client may have chatted since).
      const ours = [...(exchanges as unknown[])]
        .reverse()
        .find((x) => (x as { userInput?: { text?: unknown } } | null)?.userInput?.text === message);
      exchange = ours ?? exchanges[exchanges.length - 1];
    } catch (e) {
      log?.warn(
        `${FOUNDRY_NAME}: could not read back the exchange of session ${sessionRid} (${(e as Error).message}); showing the streamed answer without its steps.`,
      );
      return undefined;
    }
    const traceId = (exchange as { result?: { sessionTraceId?: unknown } }).result?.sessionTraceId;
    const runId = typeof traceId === 'string' && traceId ? traceId : undefined;
    let trace: unknown;
    let failure: ProviderError | undefined;
    if (runId) {
      try {
        trace = await this.client.trace(agentRid, sessionRid, runId, signal);
        const checked = FoundrySessionTraceSchema.safeParse(trace);
        if (!checked.success) {
          failure = zodPathError('Foundry', 'a session trace', checked.error);
          trace = undefined;
        }
      } catch (e) {
        if (isCancelled(e)) return undefined;
        failure = e instanceof ProviderError ? e : new ProviderError('network', (e as Error).message);
        log?.warn(`${FOUNDRY_NAME}: trace ${runId} of session ${sessionRid} failed: ${(e as Error).message}`);
      }
    }
    try {
      const id = runId ?? `${sessionRid}:latest`;
      const events = mapFoundryExchange(exchange, trace, id);
      if (failure) events.splice(Math.min(1, events.length), 0, traceErrorEvent(id, runId ?? '', failure));
      return { runId: id, events };
    } catch (e) {
      log?.warn(
        `${FOUNDRY_NAME}: the exchange of session ${sessionRid} could not be read (${(e as Error).message}); showing the streamed answer.`,
      );
      return undefined;
    }
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
    this.options.log?.info(
      `${FOUNDRY_NAME}: read ${DISCOVERY_MAX_PAGES} pages of allSessions; agents used only in older sessions can be added by RID.`,
    );
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

/**
 * Puts an error event into the run each trace that could not be loaded belongs to (the last
 * exchange naming it, as the mapping shows a shared trace), right after the question.
 */
function withTraceErrors(session: Session, failures: Map<string, ProviderError>): Session {
  const owner = new Map<string, number>();
  session.runs.forEach((run, i) => {
    const id = (run.raw as { result?: { sessionTraceId?: unknown } } | undefined)?.result?.sessionTraceId;
    if (typeof id === 'string' && failures.has(id)) owner.set(id, i);
  });
  const runs = session.runs.map((run, i) => {
    const traceId = [...owner.keys()].find((id) => owner.get(id) === i);
    if (!traceId) return run;
    const events = [...run.events];
    events.splice(Math.min(1, events.length), 0, traceErrorEvent(run.id, traceId, failures.get(traceId)!));
    return { ...run, events };
  });
  return withTotals({ ...session, runs });
}

/** An error event standing in for the steps of an exchange whose trace could not be loaded. */
function traceErrorEvent(runId: string, traceId: string, failure: ProviderError): SessionEvent {
  return {
    id: `${runId}:trace-error`,
    runId,
    kind: 'error',
    code: failure.code,
    message: `The steps behind this answer (trace ${traceId}) could not be loaded: ${failure.message}`,
    raw: { sessionTraceId: traceId, code: failure.code, status: failure.details?.status, message: failure.message },
  };
}
