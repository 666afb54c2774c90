// Executed code: the source highlighted in its language (content/highlight.ts) with Copy and
// Open in Editor, the call's other inputs when it had any, and what it printed beneath, where
// names of workspace files become links. The tool's name (when the provider gives one) is the title.
import { button } from '../../components';
import { highlightInto } from '../../content/highlight';
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { jsonBlock } from '../jsonBlock';
import { textBlock } from '../textBlock';
import { callChips } from './tools';

export const codeExecution: EventRenderer<'code_execution'> = (e, stored, ctx) => {
  const language = e.language || 'plaintext';
  const tools = el('div', { class: 'block-tools' }, [
    el('span', { class: 'code-language', text: language }),
    button({
      label: 'Copy',
      icon: 'copy',
      ariaLabel: `Copy the ${language} code`,
      onClick: () => ctx.post({ type: 'copy', text: e.code }),
    }),
    button({
      label: 'Open in Editor',
      icon: 'go-to-file',
      ariaLabel: `Open the ${language} code in an editor`,
      onClick: () => ctx.post({ type: 'openCode', code: e.code, language }),
    }),
  ]);
  const source = textBlock(e.code, {
    className: 'code-text source-code',
    tag: 'pre',
    what: 'code',
    key: `${e.id}:code`,
    draw: (into, text) => highlightInto(into, text, language),
  });
  const body: Node[] = [el('div', { class: 'code-block' }, [tools, source])];
  if (e.arguments !== undefined) {
    body.push(el('div', { class: 'field-label', text: 'Arguments' }));
    body.push(jsonBlock(ctx, e.arguments, { what: `arguments of ${e.name ?? 'the code'}`, key: `${e.id}:arguments`, linkPaths: true }));
  }
  if (e.output !== undefined) {
    body.push(el('div', { class: 'field-label', text: 'Output' }));
    body.push(
      e.output.length
        ? textBlock(e.output, {
            className: 'code-text code-output',
            tag: 'pre',
            what: 'output',
            key: `${e.id}:output`,
            linkPaths: ctx.post,
          })
        : el('p', { class: 'empty-note', text: 'The code printed nothing.' }),
    );
  } else {
    body.push(el('p', { class: 'empty-note', text: 'No output was reported.' }));
  }
  return {
    icon: 'terminal',
    label: 'Code',
    title: e.name ?? language,
    chips: callChips(e.callId, e.parentCallId, stored),
    body,
  };
};
