// Test-only language model (recipe: /work/shared/recipes/chat-view.md). Its answer streams in
// several parts and cites the event ids it finds in the prompt ([id]), so a test sees the answer
// grow in the Chat view and the links back to events; every prompt it receives is written to
// prompts.jsonl in its global storage folder, so a test can read exactly what the model was sent.
// Once vscode.lm hands the model out it writes ready.json there, so a UI test types only then.
// "LM Test Model: Withdraw" takes the model away (the no-model case); "…: Offer" brings it back.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.activate = (context) => {
  const dir = context.globalStorageUri.fsPath;
  fs.mkdirSync(dir, { recursive: true });
  const info = {
    id: 'scripted',
    name: 'Scripted Test Model',
    family: 'test',
    version: '1',
    maxInputTokens: Number(process.env.LM_TEST_MAX_INPUT_TOKENS) || 8000,
    maxOutputTokens: 1000,
    capabilities: { toolCalling: true },
  };
  const changed = new vscode.EventEmitter();
  let offered = true;
  const provider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => (offered ? [info] : []),
    provideLanguageModelChatResponse: async (_model, messages, _options, progress, token) => {
      const text = messages
        .map((m) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''))
        .join('\n');
      fs.appendFileSync(path.join(dir, 'prompts.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), text })}\n`);
      // The ids the prompt's lines carry ("[id] kind: …"), the one asked about first.
      const focus = /why the event \[([^\]\s]+)\] failed/.exec(text)?.[1];
      const ids = [...text.matchAll(/^\[([^\]\s]+)\] /gm)].map((m) => m[1]);
      const cited = [...new Set([focus, ids[1], ids[ids.length - 1]].filter(Boolean))];
      const parts = [
        'Scripted answer, ',
        `prompt of ${text.length} characters. `,
        focus ? `The event [${focus}] failed. ` : 'The session ',
        `See ${cited.map((id) => `[${id}]`).join(' and ')}.`,
      ];
      for (const part of parts) {
        if (token.isCancellationRequested) return;
        progress.report(new vscode.LanguageModelTextPart(part));
        await sleep(700);
      }
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : JSON.stringify(text)).length / 4),
  };
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('test-vendor', provider),
    vscode.commands.registerCommand('lmTestModel.withdraw', () => {
      offered = false;
      changed.fire();
    }),
    vscode.commands.registerCommand('lmTestModel.offer', () => {
      offered = true;
      changed.fire();
    }),
  );
  // Ready once vscode.lm gives the model out (what the Chat view needs before a request).
  void (async () => {
    for (let i = 0; i < 600; i++) {
      const models = await vscode.lm.selectChatModels({ vendor: 'test-vendor' });
      if (models.length) {
        fs.writeFileSync(path.join(dir, 'ready.json'), JSON.stringify({ id: models[0].id, maxInputTokens: models[0].maxInputTokens }));
        return;
      }
      await sleep(250);
    }
  })();
};
