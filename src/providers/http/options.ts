// Options the network providers accept on top of the shared ProviderOptions.
import type { ProviderOptions } from '../types';
import type { RetryPolicy } from './retry';

export interface NetworkProviderOptions extends ProviderOptions {
  /** Backoff tuning (tests shorten the waits; the extension keeps the defaults). */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /**
   * Longest silence of a streamed chat reply before giving up (default: the request timeout, at
   * least two minutes — agents think and run tools between chunks). Tests shorten it.
   */
  streamIdleTimeoutMs?: number;
  /** Deadline of a reply that arrives in one piece (default: the request timeout, at least five minutes). Tests shorten it. */
  wholeReplyTimeoutMs?: number;
  /** How many Foundry traces are fetched at once (default 4). */
  concurrency?: number;
}
