// What the reader opened inside one event's content ("show all" on a long text, a JSON node they
// unfolded), kept outside the DOM and keyed by event id + part + path. Rows are dropped and
// re-created as they scroll in and out of view (virtualised list); a re-created row reads its
// state back from here, so an unfolded node stays unfolded. In memory only: it is cheap view
// state, and a reloaded page starting folded is fine.

/** Bounded so a long session of clicking around does not grow without limit. */
const MAX_ENTRIES = 20_000;

const entries = new Map<string, unknown>();

export function remembered<T>(key: string): T | undefined {
  return entries.get(key) as T | undefined;
}

export function remember(key: string, value: unknown): void {
  // Re-inserting moves the key to the end, so the oldest entries are the ones dropped.
  entries.delete(key);
  if (value === undefined) return;
  entries.set(key, value);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

export function forget(prefix: string): void {
  for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
}
