// Sessions for the event-content tests: one with the content a reader inspects (nested tool
// results, long strings, file paths, markdown, code, several runs with tokens and cost), and a
// hostile one whose every field tries to break out of the page.
import { withTotals, type Session, type SessionEvent } from '../../src/model';

const t = (second: number) => `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z`;

export const LONG_TITLE = `A very long title. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}The end.`;

export const MARKDOWN_ANSWER = [
  '## Findings',
  '',
  'The **card expired**, see the [billing docs](https://example.com/docs/billing?x=1) or https://status.example.com.',
  '',
  '- first point with `inline code`',
  '- second point',
  '',
  '```python',
  'import math',
  'def area(r):',
  '    return math.pi * r ** 2  # square',
  '```',
  '',
  '| plan | customers |',
  '|:-----|----------:|',
  '| pro  | 100       |',
  '',
  '![chart](https://example.com/chart.png)',
  '',
  '[a relative link](src/app.ts) and [a bad one](javascript:window.__pwned=1)',
].join('\n');

export const PYTHON_CODE =
  'import pandas as pd\n\ndef load(path):\n    """Read the CSV."""\n    return pd.read_csv(path)  # 42 rows\n\nprint(load("data/sales.csv").shape)';

export function contentSession(): Session {
  const events: SessionEvent[] = [
    { id: 'c1', runId: 'r1', kind: 'user_message', text: 'Summarise the search results.', timestamp: t(0), tokens: { input: 10 } },
    {
      id: 'c2',
      runId: 'r1',
      kind: 'tool_call',
      name: 'search',
      callId: 'call_1',
      arguments: { query: 'invoices', path: 'src/app.ts', files: ['./data/sales.csv', 'README.md:3', 'missing/nowhere.py'], limit: 5 },
      timestamp: t(1),
      latencyMs: 420,
      model: 'gpt-4.1',
      tokens: { input: 1500, output: 60, cacheRead: 1000, cacheWrite: 200, reasoning: 30 },
      costUsd: 0.0123,
    },
    {
      id: 'c3',
      runId: 'r1',
      kind: 'tool_result',
      name: 'search',
      callId: 'call_1',
      result: {
        count: 4,
        results: [
          { title: 'Invoice 1', url: 'https://example.com/1' },
          { title: 'Invoice 2', url: 'https://example.com/2' },
          { title: 'Invoice 3', url: 'https://example.com/3' },
          { title: 'Invoice 4', url: 'https://example.com/4', note: LONG_TITLE },
        ],
        'weird key': { 'a.b': true, nothing: null },
      },
      timestamp: t(2),
    },
  ];
  const run2: SessionEvent[] = [
    {
      id: 'c4',
      runId: 'r2',
      kind: 'code_execution',
      language: 'python',
      code: PYTHON_CODE,
      output: '(42, 3)\nSaved report to output/report.md\n  File "/nonexistent/abs/tool.py", line 12, in <module>\n',
      timestamp: t(3),
      latencyMs: 1800,
      tokens: { input: 800, output: 120 },
      costUsd: 0.004,
    },
    {
      id: 'c5',
      runId: 'r2',
      kind: 'assistant_message',
      text: MARKDOWN_ANSWER,
      timestamp: t(4),
      model: 'gpt-4.1',
      tokens: { input: 2000, output: 300 },
      costUsd: 0.02,
    },
  ];
  const run3: SessionEvent[] = [
    { id: 'c6', runId: 'r3', kind: 'user_message', text: 'Thanks!', timestamp: t(5) },
    { id: 'c7', runId: 'r3', kind: 'assistant_message', text: 'You are welcome.', timestamp: t(6), tokens: { input: 100, output: 5 } },
    { id: 'c8', runId: 'r3', kind: 'error', code: 'E_TIMEOUT', message: 'The follow-up timed out after 30 s.', timestamp: t(7) },
  ];
  return withTotals({
    id: 'sess-content',
    provider: 'demo',
    title: 'Event content',
    createdAt: t(0),
    metadata: {},
    runs: [
      { id: 'r1', title: 'Search', events },
      { id: 'r2', title: 'Analyse', events: run2 },
      // Tokens but no cost: one bar, not two.
      { id: 'r3', title: 'Follow-up', events: run3 },
    ],
  });
}

// ---- hostile content ------------------------------------------------------------------------

export const SCRIPT = '<script>window.__pwned = "script"</script>';
export const IMG = '<img src=x onerror="window.__pwned = \'img\'">';
export const JS_LINK_HTML = '<a href="javascript:window.__pwned=\'a\'">click me</a>';
export const JS_LINK_MD =
  "[click me](javascript:window.__pwned='md') [also](JAVASCRIPT:alert(1)) [data](data:text/html,<script>alert(1)</script>)";
export const HIDE_CSS = '<style>body{display:none !important} *{visibility:hidden}</style>';
export const STYLE_ATTR = '<div style="position:fixed;inset:0;background:red;z-index:99999">covered</div>';

export const HOSTILE_ALL = [
  SCRIPT,
  IMG,
  JS_LINK_HTML,
  JS_LINK_MD,
  HIDE_CSS,
  STYLE_ATTR,
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload="window.__pwned=\'svg\'"></svg>',
].join('\n\n');

/** Events whose text, names, arguments and code are hostile; the huge ones are added in the page. */
export function hostileSession(): Session {
  const events: SessionEvent[] = [
    { id: 'x1', runId: 'hx', kind: 'user_message', text: HOSTILE_ALL },
    {
      id: 'x2',
      runId: 'hx',
      kind: 'assistant_message',
      text: `# Answer\n\n${HOSTILE_ALL}\n\n<details open><summary>x</summary>${SCRIPT}</details>`,
    },
    { id: 'x3', runId: 'hx', kind: 'reasoning', text: HOSTILE_ALL },
    {
      id: 'x4',
      runId: 'hx',
      kind: 'tool_call',
      name: `${IMG}<b>bold</b>`,
      callId: `"><script>window.__pwned=1</script>`,
      arguments: { html: HOSTILE_ALL, [`${SCRIPT}key`]: IMG, url: 'javascript:window.__pwned=2', style: STYLE_ATTR },
    },
    {
      id: 'x5',
      runId: 'hx',
      kind: 'tool_result',
      callId: `"><script>window.__pwned=1</script>`,
      result: `${HOSTILE_ALL}\nsee ./src/${IMG}.ts`,
    },
    {
      id: 'x6',
      runId: 'hx',
      kind: 'code_execution',
      language: `python"><script>window.__pwned=3</script>`,
      code: `</code></pre>${HOSTILE_ALL}\nprint(1)`,
      output: HOSTILE_ALL,
    },
    {
      id: 'x7',
      runId: 'hx',
      kind: 'code_execution',
      language: 'javascript',
      code: `document.body.innerHTML = '${IMG}';\nwindow.__pwned = 'code';`,
      output: '',
    },
    { id: 'x8', runId: 'hx', kind: 'error', code: SCRIPT, message: HOSTILE_ALL },
    { id: 'x9', runId: 'hx', kind: 'other', type: SCRIPT, text: HOSTILE_ALL, fields: { [IMG]: STYLE_ATTR, nested: { html: SCRIPT } } },
    // Placeholders the test fills in the page: a 10 MB string and JSON nested 10,000 deep.
    { id: 'big-answer', runId: 'hx', kind: 'assistant_message', text: 'replaced in the page' },
    { id: 'big-result', runId: 'hx', kind: 'tool_result', name: 'dump', result: 'replaced in the page' },
    {
      id: 'big-output',
      runId: 'hx',
      kind: 'code_execution',
      language: 'python',
      code: 'print("x" * 10_000_000)',
      output: 'replaced in the page',
    },
    { id: 'deep-args', runId: 'hx', kind: 'tool_call', name: 'deep', callId: 'deep_1', arguments: 'replaced in the page' },
    { id: 'deep-text', runId: 'hx', kind: 'tool_result', callId: 'deep_1', result: 'replaced in the page' },
    { id: 'after', runId: 'hx', kind: 'reasoning', text: 'A later event: its fold must still open promptly.\nSecond line.' },
  ];
  return withTotals({
    id: 'sess-hostile',
    provider: 'demo',
    title: `Hostile ${SCRIPT}`,
    metadata: { note: IMG },
    runs: [{ id: 'hx', title: SCRIPT, events }],
  });
}
