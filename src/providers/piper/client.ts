// Piper's HTTP routes (the two the public docs show), on the shared network layer. Returns the
// raw JSON; validation and mapping live in schema.ts / map.ts.
import {
  createHttpClient,
  pathOf,
  requireToken,
  resolveBaseUrl,
  wholeReplyTimeout,
  type HttpClient,
  type NetworkProviderOptions,
} from '../http';
import { ProviderError } from '../types';

export const PIPER_DEFAULT_BASE_URL = 'https://api.letpiper.com';
export const PIPER_NAME = 'Piper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PiperCreateBody {
  agent_id: string;
  /** null asks the agent for a greeting. */
  message: string | null;
  session_id?: string;
  profile_metadata?: Record<string, unknown>;
}

export class PiperClient {
  readonly http: HttpClient;
  /** The create response comes only when the agent's whole run is over. */
  private readonly replyTimeoutMs: number;

  constructor(
    baseUrl: string | undefined,
    readonly orgId: string,
    token: string | undefined,
    options: NetworkProviderOptions = {},
    connectionLabel = 'Piper',
  ) {
    const base = resolveBaseUrl(baseUrl, { providerName: PIPER_NAME, defaultUrl: PIPER_DEFAULT_BASE_URL });
    token = requireToken(token, PIPER_NAME, connectionLabel);
    this.replyTimeoutMs = wholeReplyTimeout(options);
    this.http = createHttpClient({
      baseUrl: base,
      token,
      providerName: PIPER_NAME,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      log: options.log,
      retry: options.retry,
      // Only a hint: other token kinds may exist, so the prefix is never enforced.
      authHint: token.startsWith('pat_') ? undefined : 'Piper platform tokens start with "pat_".',
      forbiddenHint: `Check that the token belongs to organisation ${orgId}.`,
    });
  }

  /** `GET /v1/orgs/{org}/responses/sessions/{session}/events`: the session with all its runs and events. */
  sessionEvents(sessionId: string, signal?: AbortSignal): Promise<unknown> {
    return this.http.get(pathOf`/v1/orgs/${this.orgId}/responses/sessions/${sessionId}/events`, {
      signal,
      what: `session "${sessionId}" in organisation ${this.orgId}`,
    });
  }

  /** The same route's reply as its bytes, for mapping in slices (fileSlices.ts): the route does not page. */
  async sessionEventsBytes(sessionId: string, signal?: AbortSignal): Promise<Uint8Array> {
    const data = await this.http.get(pathOf`/v1/orgs/${this.orgId}/responses/sessions/${sessionId}/events`, {
      signal,
      bytes: true,
      what: `session "${sessionId}" in organisation ${this.orgId}`,
    });
    return data instanceof Uint8Array ? data : new TextEncoder().encode(JSON.stringify(data ?? null));
  }

  /** `POST /v1/orgs/{org}/responses/?include_events=true`: one whole reply (not streamed, never retried). */
  createResponse(body: PiperCreateBody, signal?: AbortSignal): Promise<unknown> {
    return this.http.post(pathOf`/v1/orgs/${this.orgId}/responses/`, body, {
      signal,
      timeoutMs: this.replyTimeoutMs,
      params: { include_events: true },
      what: `agent "${body.agent_id}"${body.session_id ? ` or session "${body.session_id}"` : ''}`,
    });
  }
}

/** The organisation id is part of every route: check it before any request. */
export function checkPiperOrgId(orgId: string | undefined): string {
  const id = orgId?.trim();
  if (!id)
    throw new ProviderError(
      'config',
      'The Piper connection has no organisation id — edit the connection and enter your org id (a UUID from the Piper dashboard).',
      { action: 'editConnection' },
    );
  if (!UUID.test(id))
    throw new ProviderError(
      'config',
      `The Piper organisation id "${id}" is not a UUID — edit the connection (it looks like 3c90c3cc-0d44-4b50-8888-8dd25736052a).`,
      { action: 'editConnection' },
    );
  return id;
}
