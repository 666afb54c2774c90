// Giving a closed session's memory back. An idle extension host allocates too little for V8 to
// start a full collection by itself, so what a closed 100,000-event inspector held stayed
// resident (measured in the real VS Code: +330 MB ten seconds after the close). A collection
// alone is not enough: V8 frees the objects but keeps the pages they lived on committed for
// reuse (Node 24, the code-server host: heap 5 MB in use of 141 MB committed, RSS unchanged),
// and the host's RSS stayed +254 MB. The inspector protocol's collection (HeapProfiler.
// collectGarbage, through an in-process session: no port opens) is V8's memory-reducing one,
// which also gives those pages back (bench:vscode: RSS after a 100,000-event close within
// ~50 MB of before). It costs a pause proportional to what is still alive, small once the
// session is gone.
import * as inspector from 'inspector';
import * as vm from 'vm';

/** Sessions at least this large are worth a collection of their own when let go. */
export const COLLECT_AFTER_EVENTS = 10_000;

/**
 * Asks V8 for a full, memory-reducing collection shortly (after the closing code has dropped its
 * references); resolves once it is done (or was not possible).
 */
export function collectGarbageSoon(delayMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void collectNow().then(resolve), delayMs);
    timer.unref?.();
  });
}

async function collectNow(): Promise<void> {
  if (await reduceMemory()) return;
  try {
    // Not through the inspector (a runtime without it): Node's documented way to start a
    // collection without --expose-gc ("eager" execution); the pages may stay committed.
    await vm.measureMemory({ execution: 'eager' });
  } catch {
    // Neither: V8 collects on its own schedule.
  }
}

/** HeapProfiler.collectGarbage on an in-process inspector session; false when that is not possible. */
function reduceMemory(): Promise<boolean> {
  return new Promise((resolve) => {
    let session: inspector.Session | undefined;
    try {
      session = new inspector.Session();
      session.connect();
      session.post('HeapProfiler.collectGarbage', (error) => {
        // Not from inside the callback: disconnecting there blocks the thread for good (Node 20 and 24).
        setImmediate(() => session?.disconnect());
        resolve(!error);
      });
    } catch {
      session?.disconnect();
      resolve(false);
    }
  });
}
