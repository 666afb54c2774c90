// Test-only language model (recipe: /work/shared/recipes/chat-view.md): answers every request by
// echoing the first event id it finds in the prompt, so a test can check the prompt reached it.
'use strict';
const vscode = require('vscode');
exports.activate = (context) => {
  const info = {
    id: 'scripted',
    name: 'Scripted Test Model',
    family: 'test',
    version: '1',
    maxInputTokens: 8000,
    maxOutputTokens: 1000,
    capabilities: { toolCalling: true },
  };
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('test-vendor', {
      provideLanguageModelChatInformation: () => [info],
      provideLanguageModelChatResponse: async (_model, messages, _options, progress) => {
        const text = messages
          .map((m) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''))
          .join('\n');
        progress.report(new vscode.LanguageModelTextPart(`Scripted answer; prompt of ${text.length} characters.`));
      },
      provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : JSON.stringify(text)).length / 4),
    }),
  );
};
