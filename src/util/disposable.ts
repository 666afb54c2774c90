// One base for host objects that own subscriptions, emitters and other disposables (the tree,
// the connection store, the two panels): register what you own (a panel registers itself last),
// and dispose() lets it all go once, in the order registered, even if one of them throws. Plain TypeScript (no `vscode`
// import), so it is unit-tested in Node; vscode.Disposable and EventEmitter fit `Disposer`.

/** Anything that can be let go: a vscode.Disposable, an EventEmitter, an event subscription. */
export interface Disposer {
  dispose(): unknown;
}

export abstract class Disposable implements Disposer {
  private readonly owned: Disposer[] = [];
  private disposedOnce = false;

  /** True once dispose() has started: late callbacks check it instead of touching what is gone. */
  protected get isDisposed(): boolean {
    return this.disposedOnce;
  }

  /** Owns `d` until this object is disposed; registered after that, it is disposed at once. */
  protected register<T extends Disposer>(d: T): T {
    if (this.disposedOnce) void d.dispose();
    else this.owned.push(d);
    return d;
  }

  /**
   * The subclass's own last work (abort a request, fire "disposed"), run once by dispose() before
   * what was registered goes. `isDisposed` is already true, so a listener that calls dispose()
   * again from here is a no-op.
   */
  protected onWillDispose(): void {}

  /** Runs onWillDispose, then disposes what was registered; once. */
  dispose(): void {
    if (this.disposedOnce) return;
    this.disposedOnce = true;
    const errors: unknown[] = [];
    try {
      this.onWillDispose();
    } catch (e) {
      errors.push(e);
    }
    for (const d of this.owned.splice(0)) {
      try {
        void d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
  }
}
