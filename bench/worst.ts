// The "worst inputs" section of `npm run bench` (issue 11): every function that takes agent text
// or provider bytes, fed the inputs that once froze the page or the extension host, at 1× and 10×
// size. Linear work shows as ~10× the time; quadratic as ~100×. The tests check the same inputs
// finish and count the work where it can be counted (test/unit/adversarial.*.test.ts); the times
// live here, where a slow machine does not fail anything.
import { performance } from 'node:perf_hooks';
import { findPaths, SCAN_CHARS } from '../webview/content/filePaths';
import { eventSearchText } from '../webview/store/searchText';
import { createSseDecoder } from '../src/providers/sse';
import { sessionToMarkdown, withTotals, type Session, type SessionEvent } from '../src/model';
import { agentTooltip } from '../src/views/tree/markdownText';
import { redactMessage } from '../src/providers/http/redact';

export interface WorstRow {
  what: string;
  figure: string;
  target: string;
  met: boolean;
}

/** Best of three, in ms: the figure is about growth, so noise from other processes is cut. */
function time(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function sse(text: string, chunk: number): void {
  const bytes = new TextEncoder().encode(text);
  const d = createSseDecoder({ onEvent() {}, onComment() {} });
  for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk));
  d.end();
}

const resultSession = (result: string): Session =>
  withTotals({
    id: 's',
    provider: 'demo',
    title: 'T',
    metadata: {},
    runs: [{ id: 'r', events: [{ id: 'e', runId: 'r', kind: 'tool_result', callId: 'c', result }] }],
  });

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { k: v, list: [i] };
  return v;
}

const CASES: Array<{ what: string; base: number; run: (n: number) => () => void }> = [
  {
    what: 'file links: dots then a letter',
    base: SCAN_CHARS / 10,
    run: (n) => {
      const t = '.'.repeat(n - 1) + 'a';
      return () => findPaths(t);
    },
  },
  {
    what: 'file links: one long path',
    base: SCAN_CHARS / 10,
    run: (n) => {
      const t = 'a/'.repeat(n / 2);
      return () => findPaths(t);
    },
  },
  {
    what: 'SSE: ": ping" flood, no blank line, 1 KB chunks',
    base: 800_000,
    run: (n) => {
      const t = ': ping\n'.repeat(n / 7);
      return () => sse(t, 1024);
    },
  },
  {
    what: 'SSE: one data line, 1 KB chunks',
    base: 1_000_000,
    run: (n) => {
      const t = `data: ${'x'.repeat(n)}\n\n`;
      return () => sse(t, 1024);
    },
  },
  {
    what: 'SSE: bare CR line ends, 512 B chunks',
    base: 800_000,
    run: (n) => {
      const t = '\r'.repeat(n);
      return () => sse(t, 512);
    },
  },
  {
    what: 'transcript: backtick runs',
    base: 30_000,
    run: (n) => {
      const s = resultSession('`a'.repeat(n));
      return () => sessionToMarkdown(s);
    },
  },
  {
    what: 'tooltip: id of backticks and brackets',
    base: 20_000,
    run: (n) => {
      const id = '`[x](y)'.repeat(n / 7);
      return () => agentTooltip({ id, name: id });
    },
  },
  {
    what: 'search text: deeply nested arguments',
    base: 2_000,
    run: (n) => {
      const e = { id: 'e', runId: 'r', kind: 'tool_call', name: 't', callId: 'c', arguments: nested(n) } as SessionEvent;
      return () => eventSearchText(e);
    },
  },
  {
    what: 'redaction: message with token pieces',
    base: 2_000,
    run: (n) => {
      const token = 'tok-Zq8v3LmN0pRs7TuW1xYa';
      const t = Array.from({ length: n }, (_, i) => token.slice(i % 8, (i % 8) + 9)).join(' ');
      return () => redactMessage(t, [token]);
    },
  },
];

export function measureWorst(): WorstRow[] {
  return CASES.map(({ what, base, run }) => {
    const small = time(run(base));
    const large = time(run(base * 10));
    const ratio = large / Math.max(small, 0.01);
    return {
      what: `worst input · ${what} (${base.toLocaleString('en-US')} → ${(base * 10).toLocaleString('en-US')})`,
      figure: `${small.toFixed(1)} ms → ${large.toFixed(1)} ms = ${ratio.toFixed(1)}×`,
      target: '≤ 20× (linear)',
      // Very small times are noise; under 5 ms at 10× counts as met whatever the ratio.
      met: ratio <= 20 || large < 5,
    };
  });
}
