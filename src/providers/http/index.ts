// The shared network layer of the Piper, Agno and Foundry providers.
export {
  createHttpClient,
  pathOf,
  DEFAULT_TIMEOUT_MS,
  type HttpClient,
  type HttpClientOptions,
  type HttpResponse,
  type RequestOptions,
  type QueryValue,
} from './client';
export { redactText, redactUrl, redactMessage, SECRET_PIECE } from './redact';
export { parseRetryAfter, backoffDelay, isIdempotent, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export { describeErrorBody } from './errorBody';
export { mapLimit, linkedAbort, allOrAbort } from './concurrency';
export { resolveBaseUrl } from './baseUrl';
export type { NetworkProviderOptions } from './options';
export { mapOrBadResponse } from './mapped';
export { requireToken } from './token';
export type { StreamRequestOptions, StreamResponse } from './stream';
export {
  streamIdleTimeout,
  wholeReplyTimeout,
  deliverer,
  withPartial,
  withCreatedSession,
  requireMessage,
  bestEffortCancel,
  STOP_CANCEL_TIMEOUT_MS,
  MIN_STREAM_IDLE_MS,
} from './reply';
