// agno's metrics objects (on runs, messages, tools and events) read into the model's units, one
// way for stored sessions (map.ts) and live streams (stream.ts).
import type { TokenUsage } from '../../model';
import { tokenUsage } from '../mapping';
import type { AgnoMetrics, AgnoRunEvent } from './schema';

/** agno writes 0 for counts it never measured (its own to_dict drops them): 0 means "not said". */
export function counted(n: number | null | undefined): number | undefined {
  return typeof n === 'number' && n !== 0 ? n : undefined;
}

export function metricsTokens(m: AgnoMetrics | null | undefined): TokenUsage | undefined {
  if (!m) return undefined;
  const t = tokenUsage(
    m.input_tokens,
    m.output_tokens,
    counted(m.cache_read_tokens),
    counted(m.cache_write_tokens),
    counted(m.reasoning_tokens),
  );
  if (t) return t;
  return typeof m.total_tokens === 'number' ? { total: m.total_tokens } : undefined;
}

/**
 * ModelRequestCompleted carries the request's counts at the top level, zeros included (agno 3.1.10
 * sends cache_read_tokens: 0 for a model that reports no cache): 0 is "not said", as in metricsTokens.
 */
export function requestTokens(ev: AgnoRunEvent): TokenUsage | undefined {
  return tokenUsage(
    counted(ev.input_tokens),
    counted(ev.output_tokens),
    counted(ev.cache_read_tokens),
    counted(ev.cache_write_tokens),
    counted(ev.reasoning_tokens),
  );
}

/**
 * agno prices nothing itself, but its metrics carry `cost` when the model provider reports one
 * (OpenRouter, for instance). Anything else stays unknown, never zero.
 */
export function metricsCost(m: AgnoMetrics | null | undefined): number | undefined {
  return typeof m?.cost === 'number' && Number.isFinite(m.cost) ? m.cost : undefined;
}

/** agno's durations are seconds; the model's latencies are milliseconds. */
export function secondsToMs(s: number | null | undefined): number | undefined {
  if (typeof s !== 'number' || !Number.isFinite(s)) return undefined;
  // A duration too large to hold in milliseconds is not a duration: unknown (the raw payload keeps it).
  const ms = Math.round(s * 1e6) / 1e3;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The model behind a run: AgentOS's run schemas have no run-level `model`, but agno's RunMetrics
 * keep one entry per model it called in `details` (`{ model: [{ id, provider, …tokens }] }`, other
 * keys for output, parser or memory models). The run's own model is the first `model` entry.
 */
export function metricsModel(m: AgnoMetrics | null | undefined): { id?: string; provider?: string } | undefined {
  const details = m?.details;
  if (!details || typeof details !== 'object') return undefined;
  const list = (details as Record<string, unknown>).model;
  const first: unknown = Array.isArray(list)
    ? list.find((x) => x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string')
    : undefined;
  if (!first) return undefined;
  const { id, provider } = first as { id: string; provider?: unknown };
  return typeof provider === 'string' && provider ? { id, provider } : { id };
}
