// List prices (USD per million tokens) of the models the samples pretend to use, so every event's
// cost follows from its tokens the way a real platform would bill it.
import type { TokenUsage } from '../../model';

export interface ModelInfo {
  provider: string;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export const MODELS = {
  'gpt-4.1': { provider: 'openai', input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { provider: 'openai', input: 0.4, output: 1.6, cacheRead: 0.1 },
  'o4-mini': { provider: 'openai', input: 1.1, output: 4.4, cacheRead: 0.275 },
  'claude-sonnet-4-5': { provider: 'anthropic', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
} satisfies Record<string, ModelInfo>;

export type ModelName = keyof typeof MODELS;

/** Reasoning tokens are billed as output, cache tokens at their own (lower) rates. */
export function costOf(model: ModelName, t: TokenUsage): number {
  const m: ModelInfo = MODELS[model];
  const usd =
    (t.input ?? 0) * m.input +
    ((t.output ?? 0) + (t.reasoning ?? 0)) * m.output +
    (t.cacheRead ?? 0) * (m.cacheRead ?? m.input) +
    (t.cacheWrite ?? 0) * (m.cacheWrite ?? m.input);
  // Whole micro-cents, as billing APIs report them; avoids 17-digit floats in the UI.
  return Math.round(usd * 100) / 1e8;
}

/** A rough token count (about four characters a token), enough to keep samples proportionate. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
