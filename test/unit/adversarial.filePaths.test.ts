// Issue 11, finding 2 and the class behind it: file-link detection runs on every tool result and
// printed output the page shows (up to SCAN_CHARS of it, at every redraw), so no input may cost
// more than a pass over it. The worst inputs run at full size here — a quadratic scan of them
// takes minutes, past mocha's timeout — and the bench times them at 1× and 10× ("worst inputs").
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findPaths, looksLikePath, MAX_MATCHES, SCAN_CHARS, trimTrailingPunctuation } from '../../webview/content/filePaths';

/** Inputs that made a regex backtrack, or that are as long as a scan goes, at `n` characters (all of them inside the scan). */
export function worstPathInputs(n: number): Record<string, string> {
  return {
    'dots then a letter': '.'.repeat(n - 1) + 'a',
    'dashes, plus and at signs then a slash': '-+@'.repeat(Math.ceil(n / 3)).slice(0, n - 2) + '/x',
    'one long path': 'a/'.repeat(Math.ceil(n / 2)).slice(0, n - 4) + 'b.ts',
    slashes: '/'.repeat(n),
    'dotted words': 'a.'.repeat(Math.ceil(n / 2)).slice(0, n),
    'colons and digits': ':1'.repeat(Math.ceil(n / 2)).slice(0, n),
  };
}

describe('file-path detection never takes more than a pass (issue 11, finding 2)', () => {
  it('the worst inputs at the full scan length finish and find what is there', function () {
    this.timeout(10_000);
    for (const [name, text] of Object.entries(worstPathInputs(SCAN_CHARS))) {
      assert.equal(text.length, SCAN_CHARS, name);
      const found = findPaths(text);
      assert.ok(found.length <= MAX_MATCHES, name);
      for (const m of found) assert.ok(looksLikePath(m.path), `${name}: ${m.path}`);
    }
    assert.deepEqual(
      findPaths(`see src/a.ts${'.'.repeat(SCAN_CHARS - 20)}`).map((m) => m.path),
      ['src/a.ts'],
    );
  });

  it('trims trailing punctuation exactly as the old pattern did (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w.@+~/-]{0,40}$/), (token) => {
        assert.equal(trimTrailingPunctuation(token), token.replace(/[.\-+@]+$/, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('matches cut the text at their offsets, look like paths and stay within bounds (property)', () => {
    const pathy = fc
      .array(fc.constantFrom('src/', 'a.ts', '.', '..', '/', '-', '@', ':12', ' ', '\n', 'x', 'README.md', '\\', 'https://h/', '~'), {
        maxLength: 60,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(pathy, fc.string({ maxLength: 200 })), (text) => {
        const found = findPaths(text);
        assert.ok(found.length <= MAX_MATCHES);
        let previousEnd = 0;
        for (const m of found) {
          assert.ok(m.start >= previousEnd && m.end > m.start && m.end <= text.length);
          assert.ok(text.slice(m.start, m.end).startsWith(m.path));
          assert.ok(looksLikePath(m.path));
          previousEnd = m.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
