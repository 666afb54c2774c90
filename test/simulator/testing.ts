// Helpers for tests that run against the simulator: a ProviderLog that keeps every line,
// connections pointed at a running simulator, and the mocha hooks such a suite shares.
import assert from 'node:assert/strict';
import type { Connection } from '../../src/model';
import type { NetworkProviderOptions, ProviderLog, ProviderMemory } from '../../src/providers';
import { startSimulator, type Simulator } from './server';

export interface CapturedLog extends ProviderLog {
  lines: Array<{ level: string; message: string }>;
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => `[${l.level}] ${l.message}`).join('\n'),
  };
}

export function connectionFor(sim: Simulator, kind: 'piper' | 'agno' | 'foundry'): Connection {
  return {
    id: `${kind}-sim`,
    kind,
    label: `${kind} (simulator)`,
    baseUrl: sim.baseUrls[kind],
    ...(kind === 'piper' ? { orgId: sim.piperOrgId } : {}),
  };
}

/** Short waits so retry tests take milliseconds; the behaviour (what is retried, how often) is unchanged. */
export function fastOptions(log: ProviderLog, extra: Partial<NetworkProviderOptions> = {}): NetworkProviderOptions {
  return { log, maxRetries: 3, timeoutMs: 5000, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra };
}

export function memoryOf(
  agents: Array<{ id: string; label: string }>,
  sessions: Record<string, Array<{ id: string; title?: string; createdAt?: string }>> = {},
): ProviderMemory {
  return { agents: () => agents, sessions: (agentId) => sessions[agentId] ?? [] };
}

/** Every 8-character piece of `secret` found in `text`: a leak check looks for these, not only the whole token. */
export function tokenPieces(secret: string, text: string, size = 8): string[] {
  const found = new Set<string>();
  for (let i = 0; i + size <= secret.length; i++) if (text.includes(secret.slice(i, i + size))) found.add(secret.slice(i, i + size));
  return [...found];
}

/** Requests the simulator saw for paths containing `part` (control routes are never logged). */
export function hits(sim: Simulator, part: string): number {
  return sim.requests.filter((r) => r.path.includes(part)).length;
}

/**
 * The hooks every suite against the simulator shares: one simulator for the suite; before each
 * test its faults and request log are cleared and a fresh log is captured; after each, the token
 * must not be in that log (which a failed test prints). Declare it before the suite's own
 * beforeEach, which then finds `env.sim` and `env.log` ready.
 */
export function useSimulator(): { sim: Simulator; log: CapturedLog } {
  const env = {} as { sim: Simulator; log: CapturedLog };
  before(async () => {
    env.sim = await startSimulator();
  });
  after(() => env.sim.close());
  beforeEach(() => {
    env.sim.clearFaults();
    env.sim.clearRequests();
    env.log = captureLog();
  });
  afterEach(function () {
    const leaked = tokenPieces(env.sim.token, env.log.text());
    assert.deepEqual(leaked, [], `pieces of the token leaked into the log:\n${env.log.text()}`);
    if (this.currentTest?.state === 'failed') console.log(env.log.text());
  });
  return env;
}
