// A long agentic coding task generated from a seed: thousands of events (runs of tool calls,
// code, reasoning, delegated sub-agents, the odd failure) for the "large session" sample and for
// benchmarks at any size. Same options → same session, byte for byte: no Math.random, no clock.
import type { Session } from '../../model';
import { type RunBuilder, SessionBuilder } from './builder';
import type { ModelName } from './pricing';
import { Rng } from './prng';

export interface GenerateOptions {
  /** Exactly this many events in the session. */
  events: number;
  seed: number;
  id?: string;
  title?: string;
  agentId?: string;
  agentName?: string;
  /** ISO time of the first event. */
  start?: string;
  model?: ModelName;
}

export const GENERATED_DEFAULTS = {
  title: 'Migrate the monorepo build to native ES modules',
  agentId: 'coding-agent',
  agentName: 'Coding Agent',
  start: '2026-11-25T08:30:00.000Z',
  model: 'claude-sonnet-4-5' as ModelName,
};

const PACKAGES = [
  'core',
  'cli',
  'api-client',
  'ui-kit',
  'billing',
  'auth',
  'search',
  'notifications',
  'reports',
  'workers',
  'shared-config',
  'telemetry',
];
const FILES = [
  'index.ts',
  'client.ts',
  'config.ts',
  'errors.ts',
  'retry.ts',
  'cache.ts',
  'types.ts',
  'utils/paths.ts',
  'utils/dates.ts',
  'server.ts',
  'queue.ts',
  'schema.ts',
];
const PATTERNS = ['require\\(', '__dirname', 'module\\.exports', 'import .* = require', 'jest\\.mock', 'process\\.mainModule'];
const THOUGHTS = [
  'The failing import is a CommonJS default export; with esModuleInterop off it has to become a namespace import.',
  'Before editing, check whether anything else in the workspace imports this path with a deep import.',
  '`__dirname` does not exist in ESM. Replace it with `fileURLToPath(new URL(".", import.meta.url))` and keep one helper for it.',
  'The test runner still loads the CommonJS build; switch the package to the ESM entry in `exports` before running it.',
  'Two packages depend on each other through barrel files; fix the cycle first or the ESM loader will see undefined bindings.',
  'That error came from a flaky network mock, not from the change. Re-run once before digging in.',
  'JSON imports need an import attribute in Node 22: `with { type: "json" }`.',
];
const USER_FOLLOW_UPS = [
  'Continue with the next package.',
  'Looks good, carry on.',
  'CI on main is red after the last merge, can you check it is not us?',
  'Please keep the public API of {pkg} unchanged, other teams depend on it.',
  'How far along are we? Then keep going.',
  'Skip the docs for now, just code and tests.',
];

/** Generates the session; `options.events` events exactly, identical on every call. */
export function generateSession(options: GenerateOptions): Session {
  const o = { ...GENERATED_DEFAULTS, ...options };
  const total = Math.max(0, Math.floor(o.events));
  const rng = new Rng(o.seed);
  const s = new SessionBuilder({
    slug: `generated/${o.seed}/${total}`,
    id: o.id,
    agentId: o.agentId,
    agentName: o.agentName,
    title: o.title,
    start: o.start,
    model: o.model,
    metadata: {
      channel: 'cli',
      user: 'dev@example.com',
      repository: 'acme/platform',
      branch: 'chore/esm-migration',
      generatedSeed: o.seed,
    },
  });
  const state = { count: 0, runs: 0, pkgIndex: 0 };
  while (state.count < total) {
    s.run({ title: `Step ${state.runs + 1}`, pauseMs: rng.int(4_000, 40_000), reportTotals: true }, (r) =>
      generateRun(r, rng, state, total),
    );
    state.runs++;
  }
  return s.build();
}

interface GenState {
  count: number;
  runs: number;
  pkgIndex: number;
}

function generateRun(r: RunBuilder, rng: Rng, state: GenState, total: number): void {
  const pkg = () => PACKAGES[state.pkgIndex % PACKAGES.length];
  const emit = (n: number) => (state.count += n);

  if (state.runs === 0) {
    r.system('You are a coding agent working in acme/platform. Make small, reviewed commits. Run the package tests after every change.');
    emit(1);
    if (state.count >= total) return;
    r.user(
      'Migrate every package in this monorepo from CommonJS to native ES modules. Keep the public APIs unchanged and all tests green. Commit per package.',
    );
  } else {
    r.user(rng.pick(USER_FOLLOW_UPS).replace('{pkg}', pkg()));
  }
  emit(1);
  if (state.count >= total) return;

  const planned = rng.int(4, 40);
  for (let step = 0; ; step++) {
    const left = total - state.count;
    if (left <= 1 || step >= planned) {
      if (left === 2) {
        r.reasoning(rng.pick(THOUGHTS), { effort: 'low' });
        emit(1);
      }
      closeRun(r, rng, pkg());
      emit(1);
      state.pkgIndex++;
      return;
    }
    emit(stepOnce(r, rng, pkg(), left - 1));
  }
}

/** One step of work that fits in `room` events; returns how many events it added. */
function stepOnce(r: RunBuilder, rng: Rng, pkg: string, room: number): number {
  if (r.contextTokens > 120_000) {
    r.compactContext(rng.int(18_000, 26_000));
    return 1;
  }
  const roll = rng.float();
  if (room >= 4 && roll < 0.06) return delegate(r, rng, pkg, room);
  if (roll < 0.18) {
    r.reasoning(rng.pick(THOUGHTS), { effort: rng.pick(['low', 'medium', 'high'] as const) });
    return 1;
  }
  if (roll < 0.23) {
    pythonStep(r, rng, pkg);
    return 1;
  }
  if (roll < 0.235) {
    r.code(
      'sql',
      "SELECT package, count(*) AS failures\nFROM ci.test_runs\nWHERE branch = 'chore/esm-migration' AND status = 'failed'\nGROUP BY 1 ORDER BY 2 DESC LIMIT 5;",
      ` package | failures\n---------+---------\n ${pkg.padEnd(8)}|       ${rng.int(1, 9)}\n(1 row)`,
    );
    return 1;
  }
  if (roll < 0.25) {
    const [code, message] = rng.pick([
      ['rate_limited', 'Model provider returned 429; retrying in 12 s.'],
      ['tool_timeout', 'run_shell did not finish within 120 s and was killed.'],
      ['overloaded', 'The model is overloaded (529). Retried on the fallback region.'],
    ] as const);
    r.error(code, message);
    return 1;
  }
  if (room < 2) {
    r.reasoning(rng.pick(THOUGHTS), { effort: 'low' });
    return 1;
  }
  toolPair(r, rng, pkg);
  return 2;
}

function toolPair(r: RunBuilder, rng: Rng, pkg: string, parent?: string): void {
  const file = `packages/${pkg}/src/${rng.pick(FILES)}`;
  const kind = rng.int(0, 9);
  const nested = parent ? { parent } : {};
  if (kind <= 2) {
    const id = r.toolCall('read_file', { path: file }, nested);
    if (rng.chance(0.05)) r.toolResult(id, { error: `ENOENT: no such file or directory, open '${file}'` }, { ...nested, isError: true });
    else r.toolResult(id, { path: file, lines: rng.int(20, 400), content: sourceSnippet(rng, pkg) }, nested);
  } else if (kind <= 4) {
    const pattern = rng.pick(PATTERNS);
    const id = r.toolCall('search_code', { pattern, path: `packages/${pkg}` }, nested);
    const hits = Array.from({ length: rng.int(0, 6) }, () => ({
      file: `packages/${pkg}/src/${rng.pick(FILES)}`,
      line: rng.int(1, 300),
      text: `const x = ${pattern.replace(/\\/g, '')}…`,
    }));
    r.toolResult(id, { pattern, matches: hits.length, hits }, nested);
  } else if (kind <= 6) {
    const id = r.toolCall(
      'edit_file',
      { path: file, old_str: "const path = require('node:path');", new_str: "import path from 'node:path';" },
      nested,
    );
    r.toolResult(
      id,
      {
        path: file,
        replaced: 1,
        diff: `@@ -${rng.int(1, 40)},1 +${rng.int(1, 40)},1 @@\n-const path = require('node:path');\n+import path from 'node:path';`,
      },
      nested,
    );
  } else if (kind <= 8) {
    const id = r.toolCall('run_tests', { package: pkg, reporter: 'json' }, nested);
    const failed = rng.chance(0.15);
    r.toolResult(id, testReport(rng, pkg, failed), { ...nested, isError: failed, latencyMs: rng.int(4_000, 45_000) });
  } else {
    const id = r.toolCall('run_shell', { command: `pnpm --filter @acme/${pkg} build`, timeoutSec: 120 }, nested);
    r.toolResult(
      id,
      {
        exitCode: 0,
        stdout: `> @acme/${pkg} build\n> tsc -p tsconfig.build.json\n\nDone in ${rng.int(2, 30)}.${rng.int(0, 9)}s`,
        stderr: '',
      },
      { ...nested, latencyMs: rng.int(2_000, 30_000) },
    );
  }
}

/** A reviewer sub-agent: a parent call whose own tool calls nest under it. */
function delegate(r: RunBuilder, rng: Rng, pkg: string, room: number): number {
  const k = Math.min(rng.int(1, 3), Math.floor((room - 2) / 2));
  const parent = r.toolCall(
    'delegate_reviewer',
    { task: `Review the ESM changes in packages/${pkg} for broken imports`, maxSteps: k * 2 },
    { toolType: 'agent' },
  );
  for (let i = 0; i < k; i++) toolPair(r, rng, pkg, parent);
  r.toolResult(parent, { verdict: rng.chance(0.8) ? 'approve' : 'request_changes', comments: rng.int(0, 4), stepsUsed: k * 2 });
  return 2 + 2 * k;
}

function pythonStep(r: RunBuilder, rng: Rng, pkg: string): void {
  const slow = rng.int(3, 8);
  const code = [
    'import json, statistics',
    `report = json.load(open("packages/${pkg}/test-report.json"))`,
    'durations = sorted((t["durationMs"], t["name"]) for t in report["tests"])',
    'print("median ms:", statistics.median(d for d, _ in durations))',
    `for ms, name in durations[-${slow}:]:`,
    '    print(f"{ms:>7} {name}")',
  ].join('\n');
  const lines = [`median ms: ${rng.int(3, 60)}`];
  for (let i = 0; i < slow; i++)
    lines.push(`${String(rng.int(200, 9000)).padStart(7)} ${pkg} › ${rng.pick(FILES).replace('.ts', '')} › case ${rng.int(1, 40)}`);
  r.code('python', code, lines.join('\n'));
}

function sourceSnippet(rng: Rng, pkg: string): string {
  return [
    "'use strict';",
    "const path = require('node:path');",
    `const { createLogger } = require('@acme/telemetry');`,
    '',
    `const log = createLogger('${pkg}');`,
    `module.exports.resolveAsset = (name) => path.join(__dirname, 'assets', name); // ${rng.int(1, 999)}`,
  ].join('\n');
}

/** A JSON test report; every few dozen steps this is the "big nested payload" of the session. */
function testReport(rng: Rng, pkg: string, failed: boolean): unknown {
  const count = rng.chance(0.1) ? rng.int(60, 120) : rng.int(3, 12);
  const tests = Array.from({ length: count }, (_, i) => {
    const bad = failed && i === count - 1;
    return {
      name: `${pkg} › ${rng.pick(FILES).replace('.ts', '')} › case ${i + 1}`,
      status: bad ? 'failed' : 'passed',
      durationMs: rng.int(1, 900),
      ...(bad
        ? {
            failure: {
              message: 'SyntaxError: Cannot use import statement outside a module',
              stack: [`at packages/${pkg}/src/index.ts:1:1`, 'at ModuleJob.run (node:internal/modules/esm/module_job:271:25)'],
            },
          }
        : {}),
    };
  });
  return { package: `@acme/${pkg}`, passed: tests.filter((t) => t.status === 'passed').length, failed: failed ? 1 : 0, tests };
}

function closeRun(r: RunBuilder, rng: Rng, pkg: string): void {
  r.assistant(
    `Migrated **@acme/${pkg}** to ESM:\n\n` +
      `- ${rng.int(3, 40)} files changed (\`require\` → \`import\`, \`__dirname\` → \`import.meta.url\`)\n` +
      `- \`package.json\`: \`"type": "module"\` and an \`exports\` map\n` +
      `- tests: ${rng.int(20, 400)} passed\n\nCommitted as \`${(rng.int(0, 0xfffffff) >>> 0).toString(16).padStart(7, '0')}\`.`,
  );
}
