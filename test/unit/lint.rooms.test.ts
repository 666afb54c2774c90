// The architecture's rooms (docs/architecture.md) are lint rules in eslint.config.mjs. This suite
// lints small made-up files placed in each room and checks that the rule fires on the import
// the architecture forbids and stays quiet on the one it allows, so a broken pattern (a glob that
// matches nothing) cannot pass unnoticed.
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

describe('lint: the architecture as import rules', function () {
  this.timeout(60000);
  let eslint: ESLint;

  before(() => {
    // Type information is not needed for import rules, and these files do not exist on disk.
    eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: { languageOptions: { parserOptions: { project: false, projectService: false } } },
      ruleFilter: ({ ruleId }) => ruleId === RULE,
    });
  });

  async function restricted(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === RULE || m.fatal).map((m) => m.message);
  }

  const cases: Array<[file: string, forbidden: string, allowed: string]> = [
    ['src/model/x.ts', "import * as vscode from 'vscode';", "import { z } from './zod';"],
    ['src/model/x.ts', "import { createProvider } from '../providers';", "import { toMillis } from './time';"],
    ['src/providers/piper/x.ts', "import type { Uri } from 'vscode';", "import { toMillis } from '../../model/time';"],
    ['src/providers/x.ts', "import { describeError } from '../util/errors';", "import type { Session } from '../model';"],
    ['src/providers/x.ts', "import { ConnectionStore } from '../connections/store';", "import { ProviderError } from './types';"],
    ['src/protocol/x.ts', "import { createProvider } from '../providers';", "import type { Session } from '../model/schema';"],
    ['webview/render/x.ts', "import * as vscode from 'vscode';", "import type { SessionEvent } from '../../src/model/schema';"],
    [
      'webview/x.ts',
      "import { InspectorPanel } from '../src/views/inspector/panel';",
      "import { parseHostMessage } from '../src/protocol/messages';",
    ],
    ['src/util/x.ts', "import { ProviderError } from '../providers';", "import * as vscode from 'vscode';"],
    ['src/views/chat/x.ts', "import { InspectorPanel } from '../inspector/panel';", "import type { TreeNode } from '../tree/nodes';"],
    ['src/views/tree/x.ts', "import { ChatPanel } from '../chat/panel';", "import { toTreeItem } from './items';"],
    ['src/views/inspector/x.ts', "import { toTreeItem } from '../tree/items';", "import { RawDocuments } from '../rawDocuments';"],
    ['src/chat/x.ts', "import type * as vscode from 'vscode';", "import { runTurn } from './runTurn';"],
    ['src/chat/x.ts', "import { ChatPanel } from '../views/chat/panel';", "import type { TreeNode } from '../views/tree/nodes';"],
    ['src/chat/x.ts', "import { chooseAgent } from '../commands/chat';", "import type { Services } from '../services';"],
    [
      'src/views/chat/x.ts',
      "import { renderInspectorHtml } from '../inspector/html';",
      "import { WebviewPanelHost } from '../webviewHost/panelHost';",
    ],
    [
      'src/views/webviewHost/x.ts',
      "import { InspectorPanel } from '../inspector/panel';",
      "import { Disposable } from '../../util/disposable';",
    ],
  ];

  for (const [file, forbidden, allowed] of cases) {
    it(`${file}: refuses \`${forbidden}\`, accepts \`${allowed}\``, async () => {
      const bad = await restricted(file, `${forbidden}\nexport const x = 1;\n`);
      assert.equal(bad.length, 1, `expected one restricted-import report, got ${JSON.stringify(bad)}`);
      assert.deepStrictEqual(await restricted(file, `${allowed}\nexport const x = 1;\n`), []);
    });
  }

  it("the participant's glue to VS Code's chat and language model APIs (participant.ts, explain.ts) may import vscode", async () => {
    assert.deepStrictEqual(
      await restricted(
        'src/chat/participant.ts',
        "import * as vscode from 'vscode';\nimport { chooseAgent } from '../commands/chat';\nexport const x = [vscode, chooseAgent];\n",
      ),
      [],
    );
    assert.equal((await restricted('src/chat/conversation.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 1);
  });

  it('the rules name the room and what to do instead', async () => {
    const [message] = await restricted('src/model/x.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.match(message!, /AbortSignal/);
  });
});
