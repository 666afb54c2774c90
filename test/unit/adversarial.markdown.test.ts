// Issue 11, findings 6 and 7 and their class: agent text inside markdown the extension writes.
// A transcript fence is never closed early and never throws (300,000 backtick runs once overflowed
// the stack); a tree tooltip never turns an agent's id, name or description into a link, an image
// or formatting. Checked by parsing what we write with markdown-it, as a reader would.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { longestBacktickRun, sessionToMarkdown, withTotals, type Session } from '../../src/model';
import { agentTooltip, codeSpan, escapeMd } from '../../src/views/tree/markdownText';

const md = new MarkdownIt({ html: false, linkify: true });

type Token = ReturnType<MarkdownIt['parse']>[number];
function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

const sessionWith = (result: string): Session =>
  withTotals({
    id: 's',
    provider: 'demo',
    title: 'T',
    metadata: {},
    runs: [{ id: 'r', events: [{ id: 'e', runId: 'r', kind: 'tool_result', callId: 'c', result }] }],
  });

/** Text built from the characters that make markdown structure. */
const markdownish = fc
  .array(
    fc.constantFrom(
      '`',
      '``',
      '```',
      '[',
      ']',
      '(',
      ')',
      '!',
      'http://evil.example/x.png',
      '<img src=x>',
      '*',
      '_',
      '\n',
      '\n\n',
      ' ',
      'a',
      '\\',
      '&amp;',
      '#',
      '|',
      '~',
      'www.evil.example',
      ':',
      '-',
      '=',
    ),
    { maxLength: 40 },
  )
  .map((p) => p.join(''));

describe('markdown the extension writes around agent text (issue 11, findings 6 and 7)', () => {
  it('a transcript of a result with 300,000 backtick runs is written, its fence longer than every run', () => {
    const text = '`a'.repeat(150_000) + ' ``b``'.repeat(75_000);
    const out = sessionToMarkdown(sessionWith(text));
    assert.ok(out.includes(`\`\`\`\n${text}\n\`\`\``));
    assert.equal(longestBacktickRun(text), 2);
  });

  it('a fenced result reads back exactly as it was, whatever it holds (property)', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string()), (text) => {
        const fences = md.parse(sessionToMarkdown(sessionWith(text)), {}).filter((t) => t.type === 'fence');
        assert.equal(fences.length, 1);
        assert.equal(fences[0]!.content, `${text}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('longestBacktickRun agrees with a plain reading (property)', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string()), (text) => {
        assert.equal(longestBacktickRun(text), Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)));
      }),
    );
  });

  it('an agent id with backticks cannot add a link or an image to its tooltip', () => {
    const id = 'x` [click](https://evil.example) ![t](https://evil.example/t.png) `y';
    const tokens = flatten(md.parse(agentTooltip({ id, name: 'Agent' }), {}));
    assert.deepEqual(
      tokens.filter((t) => ['link_open', 'image', 'html_inline', 'html_block'].includes(t.type)).map((t) => t.type),
      [],
    );
    assert.equal(tokens.find((t) => t.type === 'code_inline')?.content, id);
  });

  it('tooltips show any id, name and description as themselves: no links, images, html or formatting (property)', () => {
    const nonBlank = fc.oneof(markdownish, fc.string()).filter((s) => /[^\s\u2028\u2029]/.test(s.trim()));
    fc.assert(
      fc.property(nonBlank, nonBlank, fc.oneof(markdownish, fc.string()), (id, name, description) => {
        const tokens = flatten(md.parse(agentTooltip({ id, name, description: description || undefined }), {}));
        const bad = tokens.filter((t) =>
          [
            'link_open',
            'image',
            'html_inline',
            'html_block',
            'em_open',
            's_open',
            'heading_open',
            'code_block',
            'fence',
            'table_open',
            'bullet_list_open',
            'ordered_list_open',
            'blockquote_open',
            'hr',
          ].includes(t.type),
        );
        assert.deepEqual(
          bad.map((t) => t.type),
          [],
        );
        const flat = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
        assert.equal(tokens.find((t) => t.type === 'code_inline')?.content, flat(id));
        const strong = tokens.findIndex((t) => t.type === 'strong_open');
        const shownName = tokens
          .slice(
            strong + 1,
            tokens.findIndex((t) => t.type === 'strong_close'),
          )
          .map((t) => t.content)
          .join('');
        assert.equal(shownName, flat(name).trim());
      }),
      // Found by a run of this property: blank lines and spaces before the description's text made
      // an indented code block once the line breaks became spaces.
      {
        numRuns: 400,
        examples: [
          ['!', '`', '\n\n  \n\n`'],
          ['a', 'b', '\t\tx'],
          ['a', 'b', '    `x`'],
        ],
      },
    );
  });

  it('codeSpan and escapeMd keep everything on one line', () => {
    assert.ok(!codeSpan('a\n\nb').includes('\n'));
    assert.ok(!escapeMd('a\r\n\r\nb').includes('\n'));
  });
});
