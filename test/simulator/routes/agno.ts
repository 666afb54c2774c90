// AgentOS routes as agno 3.1.10 serves them (agno/os/routers/session/session.py, agents, teams,
// workflows): FastAPI validation of query parameters (422), 404 with `detail`, paging by page
// number with `meta`, and sorting in either direction.
import { AGNO_COMPONENTS, type AgnoComponentType, type AgnoData, type AgnoSessionRow } from '../data/agno';
import { json, pause, Router, streamed, type SimAnswer } from '../router';
import { fastApiError, fastApiValidation, type ApiFlavour } from './flavour';

const TYPES = new Set(['agent', 'team', 'workflow']);

function intParam(q: URLSearchParams, name: string, dflt: number, min: number): number | SimAnswer {
  const v = q.get(name);
  if (v === null) return dflt;
  if (!/^-?\d+$/.test(v))
    return fastApiValidation(['query', name], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', v);
  const n = Number(v);
  if (n < min) return fastApiValidation(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal', v);
  return n;
}

function typeParam(q: URLSearchParams): AgnoComponentType | undefined | SimAnswer {
  const t = q.get('type');
  if (t === null) return undefined;
  if (!TYPES.has(t)) return fastApiValidation(['query', 'type'], "Input should be 'agent', 'team' or 'workflow'", 'enum', t);
  return t as AgnoComponentType;
}

const isAnswer = (x: unknown): x is SimAnswer => !!x && typeof x === 'object' && 'status' in x;

export function agnoFlavour(data: AgnoData): ApiFlavour {
  const router = new Router();

  for (const type of ['agent', 'team', 'workflow'] as const) {
    router.on('GET', `/${type}s`, () => json(data.components(type)));
    router.on('GET', `/${type}s/:id`, (_req, p) => {
      const item = data.components(type).find((c) => c.id === p.id);
      return item ? json(item) : fastApiError(404, `${type[0]!.toUpperCase()}${type.slice(1)} not found`);
    });
  }

  router.on('GET', '/health', () => json({ status: 'ok', instantiated_at: '2025-10-01T12:00:00Z' }));
  router.on('GET', '/config', () =>
    json({
      os_id: 'sim-os',
      name: 'Simulated AgentOS',
      agents: AGNO_COMPONENTS.filter((c) => c.type === 'agent').map((c) => ({ id: c.id, name: c.name })),
      teams: AGNO_COMPONENTS.filter((c) => c.type === 'team').map((c) => ({ id: c.id, name: c.name })),
      workflows: AGNO_COMPONENTS.filter((c) => c.type === 'workflow').map((c) => ({ id: c.id, name: c.name })),
    }),
  );

  router.on('GET', '/sessions', (req) => {
    const q = req.query;
    const type = typeParam(q);
    if (isAnswer(type)) return type;
    const limit = intParam(q, 'limit', 20, 1);
    if (isAnswer(limit)) return limit;
    const page = intParam(q, 'page', 1, 0);
    if (isAnswer(page)) return page;
    const order = q.get('sort_order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc')
      return fastApiValidation(['query', 'sort_order'], "Input should be 'asc' or 'desc'", 'enum', order);
    const sortBy = q.get('sort_by') ?? 'created_at';
    const component = q.get('component_id');
    const user = q.get('user_id');
    const name = q.get('session_name')?.toLowerCase();
    let rows = data.rows.filter(
      (r) =>
        (!type || r.type === type) &&
        (!component || r.componentId === component) &&
        (!user || r.userId === user) &&
        (!name || r.name.toLowerCase().includes(name)),
    );
    const key = (r: AgnoSessionRow) => (sortBy === 'session_name' ? r.name : sortBy === 'updated_at' ? r.createdMs + 120_000 : r.createdMs);
    rows = [...rows].sort((a, b) => {
      const ka = key(a),
        kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return order === 'asc' ? c : -c;
    });
    const p = Math.max(1, page);
    const slice = rows.slice((p - 1) * limit, p * limit);
    const body = {
      data: slice.map((r) => data.listRow(r)),
      meta: { page: p, limit, total_pages: Math.ceil(rows.length / limit), total_count: rows.length, search_time_ms: 1.2 },
    };
    // Drift: the page's `data` is renamed.
    return json(body, 200, {
      drift: (b) => {
        const { data: d, ...rest } = b as Record<string, unknown>;
        return { ...rest, sessions: d };
      },
    });
  });

  // agno looks the session up in the table of the given type: another type is "not found". The
  // texts are agno's own (session.py): the detail and the runs routes word it differently.
  const findRow = (id: string, q: URLSearchParams, route: 'detail' | 'runs'): AgnoSessionRow | SimAnswer => {
    const type = typeParam(q);
    if (isAnswer(type)) return type;
    const row = data.row(id);
    if (row && (!type || row.type === type)) return row;
    if (route === 'runs') return fastApiError(404, `Session with ID ${id} not found`);
    return fastApiError(
      404,
      type ? `${type[0]!.toUpperCase()}${type.slice(1)} Session with id '${id}' not found` : `Session with id '${id}' not found`,
    );
  };

  router.on('GET', '/sessions/:id', (req, p) => {
    const row = findRow(p.id!, req.query, 'detail');
    if (isAnswer(row)) return row;
    // Drift: the required `session_id` is renamed.
    return json(data.detail(row), 200, {
      drift: (b) => {
        const { session_id, ...rest } = b as Record<string, unknown>;
        return { ...rest, id: session_id };
      },
    });
  });

  router.on('GET', '/sessions/:id/runs', (req, p) => {
    const row = findRow(p.id!, req.query, 'runs');
    if (isAnswer(row)) return row;
    // Drift: `run_id` becomes a number.
    return json(data.runs(row), 200, { drift: (b) => (b as Array<Record<string, unknown>>).map((r, i) => ({ ...r, run_id: i + 1 })) });
  });

  // Traces (agno/os/routers/traces/): the simulated AgentOS runs with tracing off, so it serves the
  // routes as a real one does then, with nothing in them.
  const noTraces = (req: { query: URLSearchParams }) => {
    const limit = intParam(req.query, 'limit', 20, 1);
    if (isAnswer(limit)) return limit;
    const page = intParam(req.query, 'page', 1, 0);
    if (isAnswer(page)) return page;
    return json({ data: [], meta: { page, limit, total_pages: 0, total_count: 0, search_time_ms: 0 } });
  };
  router.on('GET', '/traces', noTraces);
  router.on('GET', '/trace_session_stats', noTraces);
  router.on('GET', '/traces/:id', () => fastApiError(404, 'Trace not found'));

  router.on('GET', '/sessions/:id/runs/:runId', (req, p) => {
    const row = findRow(p.id!, req.query, 'runs');
    if (isAnswer(row)) return row;
    const run = data.runs(row).find((r) => r.run_id === p.runId);
    return run ? json(run) : fastApiError(404, `Run with ID ${p.runId} not found in session ${p.id}`);
  });

  // Chat: form fields (multipart or urlencoded, as FastAPI's Form reads both) message (required),
  // stream (default true), session_id, user_id. Streamed as agno's format_sse_event writes events.
  for (const type of ['agent', 'team'] as const) {
    router.on('POST', `/${type}s/:id/runs`, (req, p) => {
      if (!data.components(type).some((c) => c.id === p.id)) return fastApiError(404, `${type === 'agent' ? 'Agent' : 'Team'} not found`);
      const form = req.form;
      // FastAPI reads an empty form field as missing.
      if (!form || !form.message) return fastApiValidation(['body', 'message'], 'Field required', 'missing');
      const { turn } = data.chat(p.id!, form.message, form.session_id || undefined, form.user_id || undefined, req.receivedAt);
      if (form.stream === 'false') return json(turn.run);
      return streamed('text/event-stream; charset=utf-8', async (write, closed) => {
        for (const item of turn.sse) {
          if (closed()) break;
          if (turn.cancelRequested) {
            // POST …/cancel arrived: agno ends the run with RunCancelled and closes the stream.
            const events = turn.run.events as Array<Record<string, unknown>>;
            const cancelled = events[events.length - 1]!;
            write(`event: ${String(cancelled.event)}\ndata: ${JSON.stringify(cancelled)}\n\n`);
            break;
          }
          write('comment' in item ? `:${item.comment}\n\n` : `event: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`);
          turn.sent++;
          await pause(item.pauseMs, closed);
        }
        // The client went away (Stop, or the connection broke): agno cancels the run it was running.
        if (turn.sent < turn.sse.length) turn.cancel(turn.sent);
        turn.done = true;
      });
    });

    // Continue a paused run (agno/os/routers/agents/router.py continue_agent_run and the team's):
    // form `tools` (agents) or `requirements` (teams) as a JSON string, `session_id` required,
    // `stream` (default true). The rest of the run streams as a chat reply does.
    router.on('POST', `/${type}s/:id/runs/:runId/continue`, (req, p) => {
      if (!data.components(type).some((c) => c.id === p.id)) return fastApiError(404, `${type === 'agent' ? 'Agent' : 'Team'} not found`);
      const form = req.form ?? {};
      const field = type === 'agent' ? 'tools' : 'requirements';
      let decided: unknown;
      try {
        decided = form[field] ? JSON.parse(form[field]) : undefined;
      } catch {
        return fastApiError(400, `Invalid JSON in ${field} field`);
      }
      if (!form.session_id) return fastApiError(400, 'session_id is required for this action');
      const turn = data.turn(p.runId!);
      if (!turn || turn.sessionId !== form.session_id) return fastApiError(404, `Run ${p.runId} not found`);
      if (!turn.resume) return fastApiError(400, `Run ${p.runId} is not paused`);
      // The team route sends RunRequirement dicts: their tool_execution is the tool.
      const tools = Array.isArray(decided)
        ? decided.map((x) => (type === 'team' && x && typeof x === 'object' ? (x as { tool_execution?: unknown }).tool_execution : x))
        : [];
      const rest = turn.resume(tools);
      if ('status' in rest) return fastApiError(rest.status, rest.detail);
      if (form.stream === 'false') return json(turn.run);
      return streamed('text/event-stream; charset=utf-8', async (write, closed) => {
        for (const item of rest.sse) {
          if (closed()) break;
          write('comment' in item ? `:${item.comment}\n\n` : `event: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`);
          await pause(item.pauseMs, closed);
        }
      });
    });

    router.on('POST', `/${type}s/:id/runs/:runId/cancel`, (_req, p) => {
      const turn = data.turn(p.runId!);
      if (!turn) return fastApiError(404, `Run ${p.runId} not found`);
      // Stopped at once (the run is stored as cancelled); a stream still open ends with RunCancelled.
      if (!turn.done) {
        turn.cancelRequested = true;
        turn.cancel(turn.sent);
      }
      return json({});
    });
  }

  return {
    kind: 'agno',
    prefix: '/agno',
    router,
    error: (status, message) => fastApiError(status, message),
  };
}
