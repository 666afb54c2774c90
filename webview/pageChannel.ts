// What both pages (inspector and chat) do with the host's messages, in one place: validate each
// against the page's protocol (a message that does not fit is logged, never half-applied), keep
// the core `page/restore` in the saved state, hand the rest to the page, log what throws, report
// page errors, and say `ready` once listening — the host holds its posts until then.
import type { ParseResult } from '../src/protocol/core';
import { host } from './vscodeApi';

export interface PageChannelOptions<M extends { type: string }> {
  /** "Inspector" or "Chat", in the log lines. */
  name: string;
  parse(data: unknown): ParseResult<M>;
  /** Applies one valid message; returns a warning when it made no sense here. */
  apply(message: Exclude<M, { type: 'page/restore' }>): string | undefined | void;
}

export interface PageChannel {
  /** One message as it arrived (the inspector queues them and calls this a slice at a time). */
  receive(data: unknown): void;
  /** Reports page errors to the host and posts `ready`: call once the page listens for messages. */
  start(): void;
}

export function pageChannel<M extends { type: string }>(o: PageChannelOptions<M>): PageChannel {
  return {
    receive(data) {
      const parsed = o.parse(data);
      if (!parsed.ok) {
        const claimed = (data as { type?: unknown } | null | undefined)?.type;
        const type = typeof claimed === 'string' ? claimed.slice(0, 60) : typeof data;
        host.log('warn', `${o.name} ignored a message that does not fit the protocol (${type}): ${parsed.error}`);
        return;
      }
      const m = parsed.value;
      if (isRestore(m)) return host.keepRestoreKey(m.key);
      try {
        const warning = o.apply(m as Exclude<M, { type: 'page/restore' }>);
        if (warning) host.log('warn', `${o.name}: ${warning}`);
      } catch (e) {
        host.log('error', `${o.name} could not apply ${m.type}: ${String(e)}`);
      }
    },
    start() {
      window.addEventListener('error', (e) => host.log('error', `${o.name} page error: ${e.message}`));
      window.addEventListener('unhandledrejection', (e) => host.log('error', `${o.name} page error: ${String(e.reason)}`));
      host.post({ type: 'ready' });
    },
  };
}

function isRestore(m: { type: string }): m is { type: 'page/restore'; key: Record<string, unknown> } {
  return m.type === 'page/restore';
}
