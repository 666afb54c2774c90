// Entry point of the extension-host test suite, the `extensionTestsPath` contract shared by
// @vscode/test-electron (desktop, run-desktop.js) and our code-server runner (run-ext-tests.js):
// VS Code requires this module inside the extension host and awaits run().
//
// Output is plain `[ext-test] …` lines: in code-server the extension host's console reaches the
// runner through the browser console, where the spec reporter's `%s` placeholders arrive unexpanded.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

const PREFIX = '[ext-test]';
const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

/** One line per test, failures with their error and stack, and a summary line. */
class PlainLineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const say = (line: string) => console.log(`${PREFIX} ${line}`);
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) say(`${suite.fullTitle()}`);
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      passed++;
      say(`  ✓ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      pending++;
      say(`  - ${test.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      failed++;
      say(`  ✗ ${test.fullTitle()}`);
      for (const line of String((err && (err.stack || err.message)) || err)
        .split('\n')
        .slice(0, 12))
        say(`      ${line}`);
    });
    runner.once(EVENT_RUN_END, () => say(`${passed} passing, ${failed} failing, ${pending} pending`));
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: PlainLineReporter });
  // Every bundled *.test.js next to this file, in name order so runs are reproducible.
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
