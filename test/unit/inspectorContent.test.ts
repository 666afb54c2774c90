// The pure parts of the inspector's event content, in Node: finding file paths in agent output,
// JSONPath formatting, and copying JSON that may be nested far too deep for JSON.stringify.
import * as assert from 'assert';
import { findPaths, looksLikePath, MAX_MATCHES } from '../../webview/content/filePaths';
import { formatPath } from '../../webview/content/jsonPath';
import { deeperThan, PRETTY_MAX_DEPTH, stringifyIteratively, stringifyPretty } from '../../src/model/jsonText';

describe('inspector content: file paths in agent text', () => {
  const paths = (text: string) => findPaths(text).map((m) => (m.line ? `${m.path}:${m.line}` : m.path));

  it('finds relative, dotted and absolute paths, with a line suffix', () => {
    assert.deepStrictEqual(paths('edit src/foo.ts and ./data/x.csv, then /abs/path.py:12 (see README.md:3:7).'), [
      'src/foo.ts',
      './data/x.csv',
      '/abs/path.py:12',
      'README.md:3',
    ]);
    const m = findPaths('  File "/work/app/main.py", line 4')[0]!;
    assert.deepStrictEqual(m, { start: 8, end: 25, path: '/work/app/main.py' });
  });

  it('leaves URLs, versions, abbreviations and prose alone', () => {
    assert.deepStrictEqual(paths('https://example.com/a/b.ts file:///etc/passwd.txt gpt-4.1 e.g. v1.2.3 and/or 3/4 example.com'), []);
    assert.deepStrictEqual(paths('~/secret.txt C:\\x\\y.py'), []);
    assert.ok(!looksLikePath('data/2026/11'), 'no extension and no anchor');
    assert.ok(looksLikePath('./bin/run'), 'anchored without an extension');
    assert.ok(looksLikePath('Makefile.am') === false, 'unknown bare extension');
  });

  it('gives offsets that cut the text exactly, and stops at a bound', () => {
    const text = 'a src/x.py:9 b';
    const [m] = findPaths(text);
    assert.strictEqual(text.slice(m!.start, m!.end), 'src/x.py:9');
    assert.strictEqual(findPaths('f.py '.repeat(1000)).length, MAX_MATCHES);
  });
});

describe('inspector content: JSONPath', () => {
  it('uses dots for identifiers and brackets for the rest', () => {
    assert.strictEqual(formatPath(['results', 3, 'title']), '$.results[3].title');
    assert.strictEqual(formatPath(['weird key', 'a.b', '$ok', '9x']), '$["weird key"]["a.b"].$ok["9x"]');
    assert.strictEqual(formatPath([]), '$');
  });
});

describe('inspector content: copying JSON', () => {
  it('matches JSON.stringify for ordinary values, pretty and compact', () => {
    const v = { a: [1, 'x', null, true, { b: [], c: {} }], 'k"q': -1.5, u: undefined, n: NaN };
    assert.strictEqual(stringifyIteratively(v), JSON.stringify(v, null, 2));
    assert.strictEqual(stringifyIteratively(v, 0), JSON.stringify(v));
    assert.strictEqual(stringifyPretty(v), JSON.stringify(v, null, 2));
  });

  it('copies 100,000 levels without overflowing the stack, compact so it stays small', () => {
    let deep: unknown = { leaf: '<script>' };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { k: deep } : [deep];
    assert.ok(deeperThan(deep, PRETTY_MAX_DEPTH));
    const text = stringifyPretty(deep);
    assert.ok(text.length < 700_000, `${text.length} characters`);
    assert.ok(text.startsWith('{"k":[{"k":[') && text.includes('[{"leaf":"<script>"}]}'), text.slice(0, 40));
    assert.strictEqual(text.split('[').length - 1, 50_000);
  });

  it('marks a cycle instead of looping', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    // (A cycle is endlessly deep, so it is copied compact.)
    assert.strictEqual(stringifyPretty(a), JSON.stringify({ x: 1, self: '[circular]' }));
  });
});
