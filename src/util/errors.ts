import { ProviderError } from '../providers';

/** A message for people: what happened and, where we know it, what to do. Never a stack. */
export function describeError(e: unknown): string {
  if (e instanceof ProviderError) return e.message;
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
