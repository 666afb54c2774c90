/**
 * A message for people: what happened and, where we know it, what to do. Never a stack.
 * (A ProviderError's message is already written for people; it is an Error like any other here,
 * so src/util needs nothing from src/providers.)
 */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
