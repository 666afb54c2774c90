// Lint: typescript-eslint's type-aware rules plus the architecture's rooms as import rules
// (docs/architecture.md). `npm run lint` runs it; scripts/test-all.sh runs it right after the
// type check. A rule that today's code breaks in many places is a warning with a note saying so;
// everything else is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** `vscode` is the extension host's alone: these rooms run in plain Node or in the page. */
const noVscode = {
  name: 'vscode',
  message:
    'This room runs without VS Code (plain Node in the unit tests, or the webview): take an AbortSignal / ProviderLog / a callback instead (docs/architecture.md).',
};

/** Paths a pattern matches, written once for both `../x` and `../../x` depths. */
const up = (...rest) => rest.flatMap((r) => [`../${r}`, `../../${r}`, `../../../${r}`, `../../../../${r}`]);

const hostRooms = ['commands', 'connections', 'views', 'chat', 'log', 'extension', 'services', 'api', 'util'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'dist-vsix/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-results/**',
      '.venv/**',
      '.cache/**',
      'l10n/**',
      'test/vscode/lm-test-model/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The three programs tsc checks: host + tests, the pages, the plain-JS build and harness.
        project: ['./tsconfig.json', './webview/tsconfig.json', './tsconfig.js.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc already reports these (noUnusedLocals / noUnusedParameters); `_name` marks a deliberate skip.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // `void promise` is how the code says "fire and forget, errors handled inside".
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Off: the code writes `arr[i]!` as if `noUncheckedIndexedAccess` were on (the webview's
      // tsconfig has it; the host has ~480 indexed reads to settle first, the next step). This rule
      // would strip those `!`s and make that switch harder.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: `async` is how a method implements a Promise-returning interface (the demo provider,
      // Piper's listings), and it turns a throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      // An AbortSignal's reason and a caught value are `unknown`: passing them on unchanged is right.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Warnings, to settle one by one (each is a lenient reader's fallback today, ~10 places):
      // String(x) of a value that may be an object shows "[object Object]".
      '@typescript-eslint/no-base-to-string': 'warn',
      // Interfaces of callbacks written as methods (ReplayActions, renderer hooks) that are passed
      // around unbound: today they are arrow functions, so nothing breaks; declare them as
      // properties (`toStart: () => void`) when touching them.
      '@typescript-eslint/unbound-method': 'warn',
      // `unknown | undefined` documents "may be absent" in a few signatures.
      '@typescript-eslint/no-redundant-type-constituents': 'warn',
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value="vscode"]', message: 'Import vscode statically, at the top.' },
      ],
    },
  },

  // --- the rooms (docs/architecture.md) ---------------------------------------------------------
  {
    name: 'rooms/plain-node: src/model, src/providers, src/protocol never import vscode or the host',
    files: ['src/model/**/*.ts', 'src/providers/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: up(...hostRooms.flatMap((r) => [r, `${r}/**`])), message: 'Plain-Node rooms do not reach into the extension host.' },
          ],
        },
      ],
    },
  },
  {
    name: 'rooms/model: the model imports nothing of ours but itself',
    files: ['src/model/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: up('providers', 'providers/**', 'protocol', 'protocol/**', ...hostRooms.flatMap((r) => [r, `${r}/**`])),
              message: 'src/model is the bottom room: everything may import it, it imports none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'rooms/protocol: shared by host and page, so only the model below it',
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: up('providers', 'providers/**', ...hostRooms.flatMap((r) => [r, `${r}/**`])),
              message: 'src/protocol is bundled into the pages: it may import src/model only.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'rooms/webview: browser only',
    files: ['webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: up('src/providers', 'src/providers/**', ...hostRooms.flatMap((r) => [`src/${r}`, `src/${r}/**`])),
              message: 'The page sees the host only through postMessage: import src/model and src/protocol, nothing else of src/.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'rooms/util: helpers below the host rooms, never above the providers',
    files: ['src/util/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: up(
                'providers',
                'providers/**',
                'commands',
                'commands/**',
                'connections',
                'connections/**',
                'views',
                'views/**',
                'chat',
                'chat/**',
              ),
              message: 'src/util is imported by the rooms, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // The chat panel and the @agent participant share this domain (docs/architecture.md); it runs
    // in plain Node in the unit tests. Only the participant's glue to VS Code's chat and language
    // model APIs imports `vscode`. The host's types (Services, tree nodes) may be named, not run.
    name: 'rooms/chat: the chat domain never imports vscode, nor runs the views or commands',
    files: ['src/chat/**/*.ts'],
    ignores: ['src/chat/participant.ts', 'src/chat/explain.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: up('views', 'views/**', 'commands', 'commands/**'),
              allowTypeImports: true,
              message:
                "The chat's domain is used by the panel and the participant: hand it what it needs (a callback, a change listener) instead of importing them.",
            },
          ],
        },
      ],
    },
  },
  // One view room does not import another's internals. Allowed across rooms: the tree's node types
  // (what a command or a panel is handed). Both panels build on src/views/webviewHost/, which
  // imports no panel.
  ...[
    ['tree', ['inspector', 'chat', 'webviewHost']],
    ['inspector', ['tree', 'chat']],
    ['chat', ['tree', 'inspector']],
    ['webviewHost', ['tree', 'inspector', 'chat']],
  ].map(([room, others]) => ({
    name: `rooms/views/${room}: no other view room's internals`,
    files: [`src/views/${room}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: others.flatMap((o) => [`../${o}/*`, `!../${o}/nodes`]),
              message: "Another view room's internals: move what both need into a shared place (src/views/<shared>.ts) or the model.",
            },
          ],
        },
      ],
    },
  })),

  {
    name: 'tests and plain JS: reading JSON of a shape the test itself asserts',
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.js'],
    rules: {
      // Off in tests, the bench and plain JS (whose values tsc types as `any` unless JSDoc says
      // otherwise; tsconfig.js.json type-checks them instead): they read parsed JSON, page results and mocks whose shape the
      // assertion next to them checks (a wrong guess fails the test), so `any` there is the point.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Expected text is matched literally, indentation included.
      'no-regex-spaces': 'off',
    },
  },

  // --- where the code runs ----------------------------------------------------------------------
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The lint config itself is not in a tsconfig: lint it without types.
    files: ['eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Evaluated in the page as a string: the file is one function expression, which is its value.
    files: ['test/webview/vscodeStub.js', 'test/webview/contrast.js'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
