// @ts-check
// Builds the bundles: the extension host (Node, CommonJS, `vscode` left external), the
// inspector webview and the chat webview (browser, IIFE). `--production` minifies without source maps (what ships);
// `--watch` rebuilds on change; `--tests` also bundles the extension-host test suite.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/**
 * Prints errors in the problem-matcher format VS Code's esbuild watch tasks understand.
 * @type {import('esbuild').Plugin}
 */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile || build.initialOptions.outdir})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Replaces axios' xhr and http adapters by a stub: the host pins the fetch adapter.
 * @type {import('esbuild').Plugin}
 */
const axiosFetchAdapterOnly = {
  name: 'axios-fetch-adapter-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/(xhr|http)\.js$/ }, (args) =>
      /[\\/]axios[\\/]lib[\\/]adapters$/.test(args.resolveDir)
        ? { path: path.resolve('scripts/shims/axios-adapter-unused.js') }
        : undefined,
    );
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  plugins: watch ? [problemReporter] : [],
};

/** @type {import('esbuild').BuildOptions[]} */
const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The OpenTelemetry room is its own bundle, required at run time when the receiver starts.
    external: ['vscode', './otel.js'],
    // axios picks its Node adapter through the "node" export condition.
    mainFields: ['module', 'main'],
    // zod and axios probe `navigator` to tell browsers from Node; in the extension host that probe
    // logs a "navigator is now a global in nodejs" migration error. They run in Node: say so.
    define: { navigator: 'undefined' },
    // Sample text in many scripts stays as UTF-8 instead of \u escapes (VS Code reads UTF-8).
    charset: 'utf8',
    alias: { 'form-data': './scripts/shims/form-data.js' },
    plugins: [...(common.plugins ?? []), axiosFetchAdapterOnly],
  },
  {
    // The trace receiver, OTLP decoding (protobufjs + opentelemetry-proto) and mapping: loaded by
    // src/views/otel/bundle.ts only when the receiver starts or an OTLP file is read.
    ...common,
    entryPoints: ['src/providers/otel/index.ts'],
    outfile: 'dist/otel.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    charset: 'utf8',
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The chat panel: its own page, reusing the inspector's event renderers and components.
    ...common,
    entryPoints: ['webview/chat/main.ts'],
    outfile: 'dist/chat.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (tests) {
  const suiteDir = 'test/vscode/suite';
  configs.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: fs
      .readdirSync(suiteDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(suiteDir, f)),
    outdir: 'out/test/vscode/suite',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', './otel.js'],
  });
}

/** The webview loads codicons as a local resource: copy the font and its CSS beside the bundle. */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

async function main() {
  copyCodicons();
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
