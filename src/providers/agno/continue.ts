// Continuing an Agno run paused for a person: read the run as stored (its paused tools are the
// truth — agno resumes from them), apply the decisions (paused.ts), POST them to the run's
// /continue route and stream the rest through the same run stream as a chat reply. The result is
// the whole run as the session then stores it, so the paused turn is replaced by the finished run.
import type { SessionEvent } from '../../model';
import { bestEffortCancel, deliverer, streamIdleTimeout, withPartial, type NetworkProviderOptions } from '../http';
import { parseOrThrow } from '../mapping';
import { createSseDecoder } from '../sse';
import { isCancelled, ProviderError, type ContinueRunRequest, type SendMessageEventHandler, type SendMessageResult } from '../types';
import { AGNO_NAME, type AgnoClient, type AgnoComponentType } from './client';
import { mapAgnoRun } from './map';
import { decidedRequirements, decidedStepRequirements, decidedTools, memberPausedTools, requirementTools } from './paused';
import { AgnoRunSchema } from './schema';
import { AgnoRunStream } from './stream';

export interface ContinueDeps {
  client: AgnoClient;
  options: NetworkProviderOptions;
  /** Names the provider knows by id (team members): the member a requirement is routed to. */
  names?: ReadonlyMap<string, string>;
  /** The run as getSession maps it (read back after the stream), undefined when it cannot be read. */
  storedRun(sessionId: string, runId: string, signal?: AbortSignal): Promise<SessionEvent[] | undefined>;
}

/** The session's runs as AgentOS serves them (a team's member runs are among them). */
async function sessionRuns(deps: ContinueDeps, sessionId: string, signal?: AbortSignal): Promise<unknown[]> {
  const runs = await deps.client.runs(sessionId, 'team', signal);
  return Array.isArray(runs) ? (runs as unknown[]) : [];
}

/** One tool per call id, the last report winning (a member's own run is the freshest). */
function dedupe(tools: readonly unknown[]): Array<Record<string, unknown>> {
  const byId = new Map<string, Record<string, unknown>>();
  const rest: Array<Record<string, unknown>> = [];
  for (const t of tools) {
    if (!t || typeof t !== 'object') continue;
    const id = (t as { tool_call_id?: unknown }).tool_call_id;
    if (typeof id === 'string' && id) byId.set(id, t as Record<string, unknown>);
    else rest.push(t as Record<string, unknown>);
  }
  return [...byId.values(), ...rest];
}

/**
 * A tool with agno's @approval (approval_type "required") has an approval record, pending while
 * the run waits; AgentOS lists it under /approvals. The decision is recorded there first — who
 * decided, and the note, values or result — as agno's own interfaces (Slack) do, then the run is
 * continued with the decided tools: /continue resumes the run, /approvals only keeps the record
 * (and, where AgentOS enforces admin approval, lets the run continue). A record resolved already
 * the same way is fine; resolved the other way, nothing is sent: that decision stands in AgentOS.
 */
async function resolveApprovals(
  deps: ContinueDeps,
  tools: ReadonlyArray<Record<string, unknown>>,
  req: ContinueRunRequest,
  signal?: AbortSignal,
): Promise<void> {
  for (const d of req.decisions) {
    const t = tools.find((x) => x.tool_call_id === d.callId);
    const id = t && t.approval_type === 'required' && typeof t.approval_id === 'string' && t.approval_id ? t.approval_id : undefined;
    if (!id) continue;
    const status = d.outcome === 'rejected' ? 'rejected' : 'approved';
    const data: Record<string, unknown> = {};
    if (d.note) data.note = d.note;
    if (d.values) data.values = d.values;
    if (d.result !== undefined) data.result = d.result;
    const body = {
      status,
      ...(req.userId ? { resolved_by: req.userId } : {}),
      ...(Object.keys(data).length ? { resolution_data: data } : {}),
    } as const;
    try {
      await deps.client.resolveApproval(id, body, signal);
    } catch (e) {
      if (!(e instanceof ProviderError) || e.details?.status !== 409) {
        if (e instanceof ProviderError && (e.details?.status === 404 || e.details?.status === 503)) {
          // A server without approvals (its database has none): the run's own tools are the decision.
          deps.options.log?.info(
            `${AGNO_NAME}: approval ${id} could not be recorded (${e.details.status}); continuing run ${req.runId} with the decision.`,
          );
          continue;
        }
        throw e;
      }
      const now = (await deps.client.approval(id, signal)) as { status?: unknown; resolved_by?: unknown } | undefined;
      if (now?.status !== status) {
        const by = typeof now?.resolved_by === 'string' && now.resolved_by ? ` by ${now.resolved_by}` : '';
        throw new ProviderError(
          'validation',
          `${AGNO_NAME}: the approval for ${String(t?.tool_name ?? 'this tool')} was already ${String(now?.status ?? 'resolved')}${by} in AgentOS — reload the session to see where the run stands.`,
        );
      }
    }
  }
}

export async function continueAgnoRun(
  deps: ContinueDeps,
  type: AgnoComponentType,
  req: ContinueRunRequest,
  onEvent: SendMessageEventHandler,
  signal?: AbortSignal,
): Promise<SendMessageResult> {
  if (!req.decisions.length)
    throw new ProviderError(
      'validation',
      `${AGNO_NAME}: nothing was decided for run ${req.runId} — approve, reject or answer a pending step first.`,
    );
  const log = deps.options.log;
  const stored = parseOrThrow(AgnoRunSchema, await deps.client.run(req.sessionId, req.runId, type, signal), 'Agno', 'a run');
  let decided: string;
  let toolsSent: Array<Record<string, unknown>> = [];
  try {
    if (type === 'workflow') {
      // The workflow route takes its StepRequirements back, decided (step confirmations, values,
      // an agent or team step's tools in executor_requirements).
      decided = JSON.stringify(decidedStepRequirements(stored.step_requirements, req.decisions));
    } else if (type === 'team') {
      // A team's paused step is usually its member's tool: not in the team run's tools, but in the
      // requirements of its stored TeamRunPaused event (agno 3.1.10; the REST run has no
      // requirements) and in the member's own run, which says whom agno must route it to.
      const members = memberPausedTools(await sessionRuns(deps, req.sessionId, signal), req.runId, deps.names);
      toolsSent = decidedTools(dedupe([...(stored.tools ?? []), ...requirementTools(stored.events), ...members.tools]), req.decisions);
      decided = JSON.stringify(decidedRequirements(stored.events, toolsSent, members.members));
    } else {
      toolsSent = decidedTools(stored.tools, req.decisions);
      decided = JSON.stringify(toolsSent);
    }
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw new ProviderError(
      'validation',
      `${AGNO_NAME} cannot continue run ${req.runId}: ${(e as Error).message}. Reload the session to see where it stands.`,
    );
  }
  await resolveApprovals(deps, toolsSent, req, signal);
  // The run before continuing: what a broken stream's partial reply adds to.
  const before = mapAgnoRun(stored).events;

  const run = new AgnoRunStream('');
  const echo = new Set<string>();
  // The stream numbers its events from 0 as for a new run: renamed so they never replace the
  // stored run's own events, which carry the same numbers. The stream's stand-in user message goes.
  const rename = (e: SessionEvent): SessionEvent | undefined => {
    if (e.kind === 'user_message' && (echo.size === 0 || echo.has(e.id))) {
      echo.add(e.id);
      return undefined;
    }
    return { ...e, id: `${e.id}:continued` };
  };
  const deliverAll = deliverer(onEvent, log, AGNO_NAME);
  const deliver = (events: SessionEvent[]) => deliverAll(events.map(rename).filter((e): e is SessionEvent => !!e));
  const streamed = () =>
    run
      .events()
      .map(rename)
      .filter((e): e is SessionEvent => !!e);
  let ignored = 0;
  const sse = createSseDecoder({
    onEvent: (m) => deliver(run.push(m.event, m.data)),
    onError: (e) => {
      if (ignored++ < 5) log?.debug(`${AGNO_NAME}: ignored a line of the event stream (${e.type})`);
    },
  });
  try {
    await deps.client.continueStream(
      type,
      req.agentId,
      req.runId,
      { decided, session_id: req.sessionId, user_id: req.userId },
      (chunk) => sse.push(chunk),
      signal,
      streamIdleTimeout(deps.options),
    );
    const rest = sse.end();
    if (!run.end) {
      const cut = rest.leftover ? ` in the middle of an event (${rest.leftover.length} characters unfinished)` : '';
      throw new ProviderError(
        'network',
        `${AGNO_NAME} stopped streaming before the continued run finished${cut} — the reply is incomplete; reload the session to see where it stands.`,
        { action: 'retry' },
      );
    }
  } catch (e) {
    const got = streamed();
    if (isCancelled(e))
      await bestEffortCancel(`${AGNO_NAME} run ${req.runId}`, log, (s) =>
        deps.client.cancelRun(type, req.agentId, req.runId, req.sessionId, s),
      );
    // Nothing streamed: the run did not continue (a refused request, a network failure) and the
    // same decisions can be sent again. Something streamed: it did, and this is how far it got.
    if (!got.length) throw e;
    deliver(run.interrupt());
    throw withPartial(e, { sessionId: req.sessionId, runId: req.runId, events: [...before, ...streamed()] });
  }
  const events = (await deps.storedRun(req.sessionId, req.runId, signal)) ?? [...before, ...streamed()];
  return { sessionId: req.sessionId, runId: req.runId, events };
}
