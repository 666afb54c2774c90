import assert from 'node:assert/strict';
import { toIso, toMillis } from '../../src/model';

const UTC_10AM = Date.UTC(2026, 9, 1, 10, 0, 0); // 2026-10-01T10:00:00Z

describe('model time', () => {
  describe('epoch numbers', () => {
    it('reads small numbers as seconds and large ones as milliseconds', () => {
      assert.equal(toMillis(UTC_10AM / 1000), UTC_10AM);
      assert.equal(toMillis(UTC_10AM), UTC_10AM);
      assert.equal(toMillis(UTC_10AM / 1000 + 0.25), UTC_10AM + 250, 'fractional seconds');
      assert.equal(toMillis(0), 0);
    });

    it('switches from seconds to milliseconds at 10^11', () => {
      assert.equal(toMillis(99_999_999_999), 99_999_999_999_000);
      assert.equal(toMillis(100_000_000_000), 100_000_000_000);
    });

    it('reads numeric strings like numbers', () => {
      assert.equal(toMillis(String(UTC_10AM / 1000)), UTC_10AM);
      assert.equal(toMillis(` ${UTC_10AM} `), UTC_10AM);
      assert.equal(toMillis(`${UTC_10AM / 1000}.5`), UTC_10AM + 500);
    });

    it('turns epoch values into ISO strings', () => {
      assert.equal(toIso(UTC_10AM / 1000), '2026-10-01T10:00:00.000Z');
      assert.equal(toIso(UTC_10AM), '2026-10-01T10:00:00.000Z');
    });
  });

  describe('ISO strings', () => {
    it('reads nanosecond precision, keeping the order of distinct milliseconds', () => {
      const times = [
        '2026-10-01T10:00:00.000000001Z',
        '2026-10-01T10:00:00.123456789Z',
        '2026-10-01T10:00:00.124000001Z',
        '2026-10-01T10:00:01.999999999Z',
      ];
      const ms = times.map(toMillis);
      assert.deepEqual(ms, [UTC_10AM, UTC_10AM + 123, UTC_10AM + 124, UTC_10AM + 1999]);
      for (let i = 1; i < ms.length; i++) assert.ok(ms[i]! > ms[i - 1]!);
    });

    it('keeps the sub-millisecond digits in the ISO string as given', () => {
      assert.equal(toIso('2026-10-01T10:00:00.123456789Z'), '2026-10-01T10:00:00.123456789Z');
      assert.equal(toIso('2026-10-01T12:00:00.123456+02:00'), '2026-10-01T12:00:00.123456+02:00');
    });

    it('applies explicit offsets, with and without nanoseconds', () => {
      assert.equal(toMillis('2026-10-01T12:00:00+02:00'), UTC_10AM);
      assert.equal(toMillis('2026-10-01T05:30:00.5-04:30'), UTC_10AM + 500);
      assert.equal(toMillis('2026-10-01T12:00:00.123456789+02:00'), UTC_10AM + 123);
    });

    it('reads an ISO time without a zone as UTC, whatever the machine time zone', () => {
      assert.equal(toMillis('2026-10-01T10:00:00'), UTC_10AM);
      assert.equal(toMillis('2026-10-01T10:00:00.250'), UTC_10AM + 250);
      assert.equal(toMillis('2026-10-01T10:00:00.123456'), UTC_10AM + 123);
      assert.equal(toMillis('2026-10-01T10:00'), UTC_10AM);
    });

    it('round-trips: toIso never changes the instant', () => {
      for (const v of ['2026-10-01T10:00:00', '2026-10-01T10:00:00.123456789Z', '2026-10-01T12:00:00+02:00', UTC_10AM / 1000, UTC_10AM]) {
        assert.equal(toMillis(toIso(v)), toMillis(v), String(v));
      }
    });
  });

  describe('anything else', () => {
    it('returns undefined instead of throwing', () => {
      for (const v of [undefined, null, '', '   ', 'yesterday', 'not a date', Number.NaN, Infinity, -Infinity, {}, [], true]) {
        assert.equal(toMillis(v), undefined, String(v));
        assert.equal(toIso(v), undefined, String(v));
      }
    });
  });
});

describe('model time edge cases', () => {
  it('reads Python-style space-separated times as UTC and refuses non-dates', () => {
    assert.equal(toMillis('2026-10-01 10:00:00'), Date.UTC(2026, 9, 1, 10));
    assert.equal(toIso('2026-10-01T10:00:00'), '2026-10-01T10:00:00.000Z');
    assert.equal(toMillis('-5'), undefined);
    assert.equal(toMillis('yesterday'), undefined);
  });
});
