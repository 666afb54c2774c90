// Small helpers for running several requests of one user action together: a bounded pool (so a
// session with fifty exchanges does not open fifty sockets) and a signal that aborts siblings.

/** Runs `fn` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * A child of `parent`: aborts when the parent does, or when `abort()` is called (e.g. because a
 * sibling request failed and the others are no longer needed). Call `dispose()` when done.
 */
export function linkedAbort(parent: AbortSignal | undefined): { signal: AbortSignal; abort(): void; dispose(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    dispose: () => parent?.removeEventListener('abort', onAbort),
  };
}

/** Like Promise.all, but aborts the other requests as soon as one fails. */
export async function allOrAbort<T extends readonly unknown[]>(
  parent: AbortSignal | undefined,
  start: (signal: AbortSignal) => { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const link = linkedAbort(parent);
  try {
    const promises = start(link.signal);
    for (const p of promises) p.catch(() => link.abort());
    return (await Promise.all(promises)) as unknown as T;
  } finally {
    link.dispose();
  }
}
