// Executed code: the source in a monospace block labelled with its language, with Copy and Open
// in Editor, and what it printed beneath.
import { button } from '../../components';
import { el } from '../../dom';
import type { EventRenderer } from '../eventView';
import { textBlock } from '../textBlock';
import { callChips } from './tools';

export const codeExecution: EventRenderer<'code_execution'> = (e, stored, ctx) => {
  const language = e.language || 'plaintext';
  const tools = el('div', { class: 'block-tools' }, [
    el('span', { class: 'code-language', text: language }),
    button({ label: 'Copy', icon: 'copy', ariaLabel: `Copy the ${language} code`, onClick: () => ctx.post({ type: 'copy', text: e.code }) }),
    button({
      label: 'Open in Editor',
      icon: 'go-to-file',
      ariaLabel: `Open the ${language} code in an editor`,
      onClick: () => ctx.post({ type: 'openCode', code: e.code, language }),
    }),
  ]);
  const body: Node[] = [
    el('div', { class: 'code-block' }, [tools, textBlock(e.code, { className: 'code-text source-code', tag: 'pre', what: 'code' })]),
  ];
  if (e.output !== undefined) {
    body.push(el('div', { class: 'field-label', text: 'Output' }));
    body.push(
      e.output.length
        ? textBlock(e.output, { className: 'code-text code-output', tag: 'pre', what: 'output' })
        : el('p', { class: 'empty-note', text: 'The code printed nothing.' }),
    );
  } else {
    body.push(el('p', { class: 'empty-note', text: 'No output was reported.' }));
  }
  return {
    icon: 'terminal',
    label: 'Code',
    title: language,
    chips: callChips(e.callId, e.parentCallId, stored),
    body,
  };
};
