// Piper's two known routes, FastAPI-style: UUID path parameters are validated (422), unknown
// organisations and sessions are 404, and POST /responses answers and remembers the run.
import type { PiperData } from '../data/piper';
import { json, Router, type SimAnswer } from '../router';
import { fastApiError, fastApiValidation, type ApiFlavour } from './flavour';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function badUuid(loc: Array<string | number>, input: unknown): SimAnswer {
  return fastApiValidation(
    loc,
    'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]',
    'uuid_parsing',
    input,
  );
}

export function piperFlavour(data: PiperData): ApiFlavour {
  const router = new Router();

  const checkOrg = (org: string): SimAnswer | undefined => {
    if (!UUID.test(org)) return badUuid(['path', 'org_id'], org);
    if (org !== data.orgId) return fastApiError(404, 'Organization not found');
    return undefined;
  };

  router.on('GET', '/v1/orgs/:org/responses/sessions/:session/events', (_req, p) => {
    const bad = checkOrg(p.org!);
    if (bad) return bad;
    const payload = data.sessionEvents(p.session!);
    if (!payload) return fastApiError(404, 'Session not found');
    // Drift: `runs` arrives as an object instead of a list.
    return json(payload, 200, {
      unchanging: data.unchanging(p.session!),
      drift: (b) => ({ ...(b as object), runs: { count: ((b as { runs: unknown[] }).runs ?? []).length } }),
    });
  });

  const create = (req: Parameters<Parameters<Router['on']>[2]>[0], p: Record<string, string>): SimAnswer => {
    const bad = checkOrg(p.org!);
    if (bad) return bad;
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return fastApiValidation(['body'], 'Field required', 'missing');
    if (body.agent_id === undefined) return fastApiValidation(['body', 'agent_id'], 'Field required', 'missing');
    if (typeof body.agent_id !== 'string' || !UUID.test(body.agent_id)) return badUuid(['body', 'agent_id'], body.agent_id);
    if (body.message !== undefined && body.message !== null && typeof body.message !== 'string')
      return fastApiValidation(['body', 'message'], 'Input should be a valid string', 'string_type', body.message);
    if (
      body.profile_metadata !== undefined &&
      body.profile_metadata !== null &&
      (typeof body.profile_metadata !== 'object' || Array.isArray(body.profile_metadata))
    )
      return fastApiValidation(['body', 'profile_metadata'], 'Input should be a valid dictionary', 'dict_type', body.profile_metadata);
    if (!data.hasAgent(body.agent_id)) return fastApiError(404, 'Agent not found');
    if (typeof body.session_id === 'string' && !data.sessionEvents(body.session_id)) return fastApiError(404, 'Session not found');
    const answer = data.createResponse(
      {
        agent_id: body.agent_id,
        message: body.message as string | null | undefined,
        session_id: body.session_id as string | null | undefined,
        profile_metadata: body.profile_metadata as Record<string, unknown> | null | undefined,
      },
      req.receivedAt,
    );
    if (req.query.get('include_events') === 'false') answer.events = null;
    // Drift: the required `content` is renamed.
    return json(answer, 200, {
      drift: (b) => {
        const { content, ...rest } = b as Record<string, unknown>;
        return { ...rest, reply: content };
      },
    });
  };
  router.on('POST', '/v1/orgs/:org/responses', create);

  return {
    kind: 'piper',
    prefix: '/piper',
    router,
    error: (status, message) => fastApiError(status, message),
  };
}
