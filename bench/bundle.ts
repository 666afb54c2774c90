// Code as it ships, for the bench to time: an entry bundled by esbuild, minified as
// `node esbuild.js --production` does (the page's target), written to a temp file and required.
// tsx's per-file transpile keeps module boundaries and names that the shipped bundle has not, so
// its figures are not the ones a person waits for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles `source` (a module's text, its imports relative to the repository root, e.g.
 * `export { computeBreakdown } from './src/model/breakdown'`) into a file named `name`.js; returns
 * its exports and the file (a script run with `node --cpu-prof` can require it too).
 */
export function bundled<T>(name: string, source: string): { exports: T; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-bench-'));
  const file = path.join(dir, `${name}.js`);
  buildSync({
    stdin: { contents: source, resolveDir: path.join(__dirname, '..'), loader: 'ts' },
    outfile: file,
    bundle: true,
    minify: true,
    // The page's target (the breakdown runs in the inspector webview); cjs so Node can require it.
    target: 'es2022',
    platform: 'neutral',
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { exports: require(file) as T, file };
}
