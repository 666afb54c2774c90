// What a page component holds on to outside its own elements — window and document listeners,
// ResizeObservers, timers, animation frames — registered in one DisposableStore so that
// disposing the component lets all of it go (the pattern of VS Code's own DisposableStore).
// Without it every `session/begin` (Retry, a reopened file, a reload after a chat reply) left the
// previous session's list listening to the window and redrawing detached rows on every scroll.

export interface Disposable {
  dispose(): void;
}

/** The events a target fires, by its kind (what `addEventListener` types its handler with). */
type EventMapOf<T> = T extends Window
  ? WindowEventMap
  : T extends Document
    ? DocumentEventMap
    : T extends HTMLElement
      ? HTMLElementEventMap
      : Record<string, Event>;

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `d` until the store is disposed; a store already disposed disposes it at once. */
  add<T extends Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.add(d);
    return d;
  }

  /** Disposes `d` now and forgets it. */
  delete(d: Disposable): void {
    if (this.items.delete(d)) d.dispose();
  }

  /** `target.addEventListener(type, handler, options)` until the store is disposed. */
  listen<T extends EventTarget, K extends keyof EventMapOf<T> & string>(
    target: T,
    type: K,
    handler: (e: EventMapOf<T>[K]) => void,
    options?: AddEventListenerOptions,
  ): Disposable {
    const listener = handler as unknown as EventListener;
    target.addEventListener(type, listener, options);
    return this.add({ dispose: () => target.removeEventListener(type, listener, options) });
  }

  /** A ResizeObserver that is disconnected when the store is disposed. */
  resizeObserver(callback: ResizeObserverCallback): ResizeObserver {
    const observer = new ResizeObserver(callback);
    this.add({ dispose: () => observer.disconnect() });
    return observer;
  }

  /** `setTimeout` that does not fire after the store is disposed. */
  timeout(fn: () => void, ms: number): Disposable {
    return this.once(
      (run) => window.setTimeout(run, ms),
      (id) => window.clearTimeout(id),
      fn,
    );
  }

  /** `requestAnimationFrame` that does not fire after the store is disposed. */
  frame(fn: () => void): Disposable {
    return this.once(requestAnimationFrame, cancelAnimationFrame, fn);
  }

  /** A callback scheduled once: forgotten when it runs, cancelled when the store is disposed first. */
  private once(schedule: (run: () => void) => number, cancel: (id: number) => void, fn: () => void): Disposable {
    const entry = { dispose: () => cancel(id) };
    const id = schedule(() => {
      this.items.delete(entry);
      fn();
    });
    return this.add(entry);
  }

  /** Disposes everything added, once; later adds are disposed at once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items];
    this.items.clear();
    for (const d of items) d.dispose();
  }
}
