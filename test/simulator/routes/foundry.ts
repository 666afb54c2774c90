// Foundry's AIP Agents v2 routes (under /api): every call must say `preview=true`, lists page with
// opaque tokens, errors use the platform shape `{ errorCode, errorName, errorInstanceId, parameters }`.
import type { FoundryData, FoundrySessionSeed } from '../data/foundry';
import { json, pause, Router, streamed, type SimAnswer, type SimRequest } from '../router';
import { foundryError, type ApiFlavour } from './flavour';

const BASE = '/api/v2/aipAgents/agents';
const MAX_PAGE = 100;
// The SDK documents 100 as the default page size (and the largest).
const DEFAULT_PAGE = 100;

function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function decodeToken(token: string, scope: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
    return t.s === scope && typeof t.o === 'number' && t.o >= 0 ? t.o : undefined;
  } catch {
    return undefined;
  }
}

/** `{ data, nextPageToken? }` for one page of `items`. */
function page(req: SimRequest, scope: string, items: FoundrySessionSeed[], data: FoundryData): SimAnswer {
  const sizeText = req.query.get('pageSize');
  const size = sizeText === null ? DEFAULT_PAGE : Number(sizeText);
  if (!Number.isInteger(size) || size < 1) return foundryError(400, 'InvalidPageSize', { pageSize: sizeText });
  const token = req.query.get('pageToken');
  const offset = token ? decodeToken(token, scope) : 0;
  if (offset === undefined) return foundryError(400, 'InvalidPageToken', { pageToken: token });
  const n = Math.min(size, MAX_PAGE);
  const body: Record<string, unknown> = { data: items.slice(offset, offset + n).map((s) => data.sessionJson(s)) };
  if (offset + n < items.length) body.nextPageToken = encodeToken(scope, offset + n);
  // Drift: the page's `data` is renamed.
  return json(body, 200, {
    drift: (b) => {
      const { data: d, ...rest } = b as Record<string, unknown>;
      return { ...rest, sessions: d };
    },
  });
}

export function foundryFlavour(data: FoundryData): ApiFlavour {
  const router = new Router();

  // Registered before `/{agentRid}` so the literal segment wins.
  router.on('GET', `${BASE}/allSessions`, (req) => page(req, 'all', data.sessions, data));

  router.on('GET', `${BASE}/:agent`, (_req, p) => {
    const agent = data.agent(p.agent!);
    return agent ? json(agent) : foundryError(404, 'AgentNotFound', { agentRid: p.agent });
  });

  router.on('GET', `${BASE}/:agent/sessions`, (req, p) => {
    if (!data.agent(p.agent!)) return foundryError(404, 'AgentNotFound', { agentRid: p.agent });
    return page(req, p.agent!, data.sessionOf(p.agent!), data);
  });

  const findSession = (p: Record<string, string>): FoundrySessionSeed | SimAnswer => {
    if (!data.agent(p.agent!)) return foundryError(404, 'AgentNotFound', { agentRid: p.agent });
    const s = data.session(p.session!);
    if (!s || s.agentRid !== p.agent) return foundryError(404, 'SessionNotFound', { agentRid: p.agent, sessionRid: p.session });
    return s;
  };
  const isAnswer = (x: unknown): x is SimAnswer => !!x && typeof x === 'object' && 'status' in x;

  router.on('GET', `${BASE}/:agent/sessions/:session`, (_req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    // Drift: a time becomes a number.
    return json(data.sessionJson(s), 200, {
      drift: (b) => {
        const o = structuredClone(b) as { metadata: Record<string, unknown> };
        o.metadata.createdTime = 1727812464;
        return o;
      },
    });
  });

  router.on('GET', `${BASE}/:agent/sessions/:session/content`, (_req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    // Drift: `exchanges` arrives as an object.
    return json(data.content(s), 200, { drift: (b) => ({ exchanges: { items: (b as { exchanges: unknown }).exchanges } }) });
  });

  router.on('GET', `${BASE}/:agent/sessions/:session/sessionTraces/:trace`, (_req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    const trace = data.trace(s, p.trace!);
    // Drift: the tool call groups arrive as a count.
    return trace
      ? json(trace, 200, {
          drift: (b) => ({ ...(b as object), toolCallGroups: ((b as { toolCallGroups?: unknown[] }).toolCallGroups ?? []).length }),
        })
      : foundryError(404, 'SessionTraceNotFound', { agentRid: p.agent, sessionRid: p.session, sessionTraceId: p.trace });
  });

  // Chat: create a session, continue it (blocking, or streamed as raw markdown bytes), cancel.
  router.on('POST', `${BASE}/:agent/sessions`, (req, p) => {
    if (!data.agent(p.agent!)) return foundryError(404, 'AgentNotFound', { agentRid: p.agent });
    return json(data.sessionJson(data.createSession(p.agent!, req.receivedAt)));
  });

  const continueBody = (req: SimRequest, p: Record<string, string>): { text: string } | SimAnswer => {
    const body = req.body as { userInput?: { text?: unknown }; parameterInputs?: unknown } | undefined;
    const where = { agentRid: p.agent, sessionRid: p.session };
    if (!body || typeof body.userInput?.text !== 'string')
      return foundryError(400, 'InvalidParameter', { ...where, parameter: 'userInput.text' });
    // Required even when the agent has no parameters (send {}).
    if (!body.parameterInputs || typeof body.parameterInputs !== 'object')
      return foundryError(400, 'InvalidParameter', { ...where, parameter: 'parameterInputs' });
    return { text: body.userInput.text };
  };
  const agentFailure = (text: string, p: Record<string, string>): SimAnswer | undefined =>
    text.toLowerCase().includes('error please')
      ? foundryError(400, 'AgentIterationsExceededLimit', {
          agentRid: p.agent,
          sessionRid: p.session,
          details: 'The agent used all its iterations without an answer (you asked for "error please").',
        })
      : undefined;

  router.on('POST', `${BASE}/:agent/sessions/:session/blockingContinue`, (req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    const body = continueBody(req, p);
    if (isAnswer(body)) return body;
    return agentFailure(body.text, p) ?? json(data.continueSession(s, body.text, req.receivedAt));
  });

  // Streamed answers in flight, by the client's messageId, so …/cancel can stop one. A cancel that
  // gives a `response` stores the exchange with it (interrupted); without one nothing is stored.
  const live = new Map<string, { cancelled?: { response?: string }; text: string; result: Record<string, unknown> }>();

  router.on('POST', `${BASE}/:agent/sessions/:session/streamingContinue`, (req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    const body = continueBody(req, p);
    if (isAnswer(body)) return body;
    const failure = agentFailure(body.text, p);
    if (failure) return failure;
    const messageId =
      typeof (req.body as { messageId?: unknown }).messageId === 'string'
        ? String((req.body as { messageId: string }).messageId)
        : undefined;
    const { result, trace } = data.answerFor(s, body.text);
    const markdown = String(result.agentMarkdownResponse);
    const state: { cancelled?: { response?: string }; text: string; result: Record<string, unknown> } = { text: '', result };
    if (messageId) live.set(messageId, state);
    const tokenPause = body.text.toLowerCase().includes('slow') ? 60 : 4;
    return streamed('application/octet-stream', async (write, closed) => {
      // Token by token, as the model writes it; a stop (cancel, or the client gone) keeps what was said.
      for (const token of markdown.split(/(?<=[ \n|])/)) {
        if (closed() || state.cancelled) break;
        write(token);
        state.text += token;
        await pause(tokenPause, closed);
      }
      if (messageId) live.delete(messageId);
      if (state.cancelled) {
        const response = state.cancelled.response;
        if (response !== undefined)
          data.record(
            s,
            body.text,
            { ...result, agentMarkdownResponse: response, interruptedOutput: true },
            { ...trace, status: 'COMPLETE' },
            req.receivedAt,
          );
        return;
      }
      // The client went away without a cancel: what was said is kept, cut short.
      const whole = state.text === markdown;
      data.record(
        s,
        body.text,
        whole ? result : { ...result, agentMarkdownResponse: state.text, interruptedOutput: true },
        whole ? trace : { ...trace, status: 'IN_PROGRESS' },
        req.receivedAt,
      );
    });
  });

  router.on('POST', `${BASE}/:agent/sessions/:session/cancel`, (req, p) => {
    const s = findSession(p);
    if (isAnswer(s)) return s;
    const body = req.body as { messageId?: unknown; response?: unknown } | undefined;
    const messageId = body?.messageId;
    if (typeof messageId !== 'string')
      return foundryError(400, 'InvalidParameter', { agentRid: p.agent, sessionRid: p.session, parameter: 'messageId' });
    const state = live.get(messageId);
    // Nothing streaming under that id (finished already, never started, cancelled already).
    if (!state || state.cancelled)
      return foundryError(400, 'CancelSessionFailedMessageNotInProgress', { messageId, agentRid: p.agent, sessionRid: p.session });
    const response = typeof body?.response === 'string' ? body.response : undefined;
    state.cancelled = response === undefined ? {} : { response };
    // With a response the exchange is stored with it and returned; without, nothing is stored.
    return json(response === undefined ? {} : { result: { ...state.result, agentMarkdownResponse: response, interruptedOutput: true } });
  });

  return {
    kind: 'foundry',
    prefix: '/foundry',
    router,
    error: (status, message, info) => foundryError(status, info?.name ?? message.replace(/[^A-Za-z]/g, ''), info?.params ?? {}),
    precheck(req) {
      if (!req.path.startsWith('/api/')) return foundryError(404, 'NotFound', { path: req.path });
      if (req.query.get('preview') !== 'true') return foundryError(400, 'ApiFeaturePreviewUsageOnly', {});
      return undefined;
    },
  };
}
