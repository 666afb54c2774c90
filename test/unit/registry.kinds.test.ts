// Issue 13's rule, as a test: a provider kind is named only in its own folder
// (src/providers/<kind>/) and in the registry (src/providers/registry.ts). Everywhere else the
// code asks the descriptor (descriptorOf, can), so adding a provider touches no other file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allDescriptors } from '../../src/providers/registry';

const SRC = path.resolve(__dirname, '../../src');
/** The pages: they know no kinds at all (the host sends the platform's name in the header). */
const WEBVIEW = path.resolve(__dirname, '../../webview');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** `'piper'`, `"piper"` or `` `piper` `` as a whole string. */
const literalOf = (kind: string) => new RegExp(`(['"\`])${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);

export function kindLiterals(files: string[], kinds: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = path
      .relative(SRC, file)
      .split(path.sep)
      .join('/')
      .replace(/^\.\.\//, '');
    if (rel === 'providers/registry.ts') continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const kind of kinds) {
      if (rel.startsWith(`providers/${kind}/`)) continue;
      const re = literalOf(kind);
      lines.forEach((line, i) => {
        if (re.test(line)) found.push(`${rel.startsWith('webview/') ? '' : 'src/'}${rel}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return found;
}

describe('provider kinds are named only in their folder and the registry', () => {
  const kinds = allDescriptors().map((d) => d.kind);

  it('the registry has the five kinds of today', () => {
    assert.deepStrictEqual([...kinds].sort(), ['agno', 'demo', 'foundry', 'otel', 'piper']);
  });

  it('no file outside src/providers/<kind>/ and src/providers/registry.ts writes a kind as a string, and no page does', () => {
    assert.deepStrictEqual(kindLiterals([...sources(SRC), ...sources(WEBVIEW)], kinds), []);
  });

  it('finds one when it is there (the check can fail)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kinds-'));
    try {
      const file = path.join(tmp, 'x.ts');
      fs.writeFileSync(file, "if (c.kind === 'agno') return;\nconst fine = 'agnostic';\n");
      assert.strictEqual(kindLiterals([file], kinds).length, 1);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
