// What a page component holds on to outside its own elements — window and document listeners,
// ResizeObservers, timers, animation frames — registered in one DisposableStore so that
// disposing the component lets all of it go (the pattern of VS Code's own DisposableStore).
// Without it every `session/begin` (Retry, a reopened file, a reload after a chat reply) left the
// previous session's list listening to the window and redrawing detached rows on every scroll.

export interface Disposable {
  dispose(): void;
}

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
  listen<K extends keyof WindowEventMap>(
    target: Window,
    type: K,
    handler: (e: WindowEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): Disposable;
  listen<K extends keyof DocumentEventMap>(
    target: Document,
    type: K,
    handler: (e: DocumentEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): Disposable;
  listen<K extends keyof HTMLElementEventMap>(
    target: HTMLElement,
    type: K,
    handler: (e: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ): Disposable;
  listen(target: EventTarget, type: string, handler: (e: Event) => void, options?: AddEventListenerOptions): Disposable {
    target.addEventListener(type, handler, options);
    return this.add({ dispose: () => target.removeEventListener(type, handler, options) });
  }

  /** A ResizeObserver that is disconnected when the store is disposed. */
  resizeObserver(callback: ResizeObserverCallback): ResizeObserver {
    const observer = new ResizeObserver(callback);
    this.add({ dispose: () => observer.disconnect() });
    return observer;
  }

  /** `setTimeout` that does not fire after the store is disposed. */
  timeout(fn: () => void, ms: number): Disposable {
    const entry = { dispose: () => window.clearTimeout(id) };
    const id = window.setTimeout(() => {
      this.items.delete(entry);
      fn();
    }, ms);
    return this.add(entry);
  }

  /** `requestAnimationFrame` that does not fire after the store is disposed. */
  frame(fn: () => void): Disposable {
    const entry = { dispose: () => cancelAnimationFrame(id) };
    const id = requestAnimationFrame(() => {
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
