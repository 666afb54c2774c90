// What makes each simulated API itself besides its routes: where it lives, how its errors look
// and what it checks before routing (Foundry insists on `preview=true`).
import type { Router, SimAnswer, SimRequest } from '../router';

export interface ApiFlavour {
  kind: 'piper' | 'agno' | 'foundry';
  /** Path prefix of this API on the simulator, e.g. `/agno`. */
  prefix: string;
  router: Router;
  /** A provider-shaped error answer. */
  error(status: number, message: string, info?: { name?: string; params?: Record<string, unknown> }): SimAnswer;
  /** Checked before routing; an answer here ends the request. */
  precheck?(req: SimRequest): SimAnswer | undefined;
}

/** FastAPI's error shapes (Piper and Agno). */
export function fastApiError(status: number, message: string): SimAnswer {
  return { status, body: { detail: message } };
}

export function fastApiValidation(loc: Array<string | number>, msg: string, type: string, input?: unknown): SimAnswer {
  return { status: 422, body: { detail: [{ type, loc, msg, input }] } };
}

const FOUNDRY_CODES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  503: 'INTERNAL',
};

let instance = 0;

/** Foundry's platform error shape. */
export function foundryError(status: number, errorName: string, parameters: Record<string, unknown> = {}): SimAnswer {
  instance++;
  return {
    status,
    body: {
      errorCode: FOUNDRY_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
      errorName,
      errorInstanceId: `00000000-0000-4000-8000-${String(instance).padStart(12, '0')}`,
      parameters,
    },
  };
}
