// Small helpers shared by the unit tests (provider, chat and mapping suites).
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { ProviderError } from '../../src/providers/types';

export type Of<K extends SessionEvent['kind']> = Extract<SessionEvent, { kind: K }>;

/** The events of one kind, typed as that kind. */
export const ofKind = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K): Array<Of<K>> =>
  events.filter((e): e is Of<K> => e.kind === kind);

/** Awaits `p` (or calls it) and returns the ProviderError it must fail with. */
export async function rejects(p: Promise<unknown> | (() => unknown)): Promise<ProviderError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected a ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ProviderError, but it succeeded');
}
