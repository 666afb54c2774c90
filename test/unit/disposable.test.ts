import * as assert from 'assert';
import { Disposable, type Disposer } from '../../src/util/disposable';

class Owner extends Disposable {
  readonly extra: string[] = [];
  own<T extends Disposer>(d: T): T {
    return this.register(d);
  }
  get gone(): boolean {
    return this.isDisposed;
  }
  protected override onWillDispose(): void {
    this.extra.push(`own work, disposed already: ${this.isDisposed}`);
    // A "disposed" listener that disposes its panel again must not run any of this twice.
    this.dispose();
  }
}

function recorder(log: string[], name: string, fail = false): Disposer {
  return {
    dispose() {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  };
}

describe('Disposable (the host objects’ base)', () => {
  it('disposes what it owns once, in the order registered, after the subclass’s own work', () => {
    const log: string[] = [];
    const o = new Owner();
    const a = o.own(recorder(log, 'a'));
    o.own(recorder(log, 'b'));
    assert.equal(typeof a.dispose, 'function', 'register hands back what it was given');
    assert.equal(o.gone, false);
    o.dispose();
    o.dispose();
    assert.deepStrictEqual(log, ['a', 'b']);
    assert.deepStrictEqual(o.extra, ['own work, disposed already: true']);
    assert.equal(o.gone, true);
  });

  it('disposes at once what is registered after it was disposed', () => {
    const log: string[] = [];
    const o = new Owner();
    o.dispose();
    o.own(recorder(log, 'late'));
    assert.deepStrictEqual(log, ['late']);
  });

  it('one failing disposable does not keep the others alive, and its error is not swallowed', () => {
    const log: string[] = [];
    const o = new Owner();
    o.own(recorder(log, 'a', true));
    o.own(recorder(log, 'b'));
    assert.throws(() => o.dispose(), /a failed/);
    assert.deepStrictEqual(log, ['a', 'b']);

    const two = new Owner();
    two.own(recorder(log, 'c', true));
    two.own(recorder(log, 'd', true));
    assert.throws(
      () => two.dispose(),
      (e: unknown) => e instanceof AggregateError && e.errors.length === 2,
    );
  });
});
