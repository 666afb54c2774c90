// The breakdown's compute time on a generated session of the given size, in the code as it ships
// (an esbuild bundle, minified: bench/bundle.ts), on the session as the inspector holds
// it (structured-cloned, as the page receives it; the host's sessions are parsed JSON the same
// way): computeBreakdown at once (the fold of every event, first call and again), what the tabs
// that list things cost when first read (every model call, the costliest, every tool result's
// size), and the live form the page keeps while a session streams: one event appended (or one
// streamed answer replaced) and the breakdown read again.
//
// The session straight from the generator is timed too: its token records are built by spreads
// that give each one a hidden class of its own (45,000 of them), so every property read on them
// misses V8's caches; no source the inspector reads builds events that way.
import type { computeBreakdown as ComputeBreakdown } from '../src/model/breakdown';
import type { Contribution as ContributionT, Peek as PeekT } from '../src/model/breakdownFold';
import type { BreakdownBuilder as Builder } from '../src/model/breakdownLive';
import type { Session, SessionEvent } from '../src/model/schema';
import { generateSession } from '../src/providers/demo/generate';
import { bundled } from './bundle';

/** The breakdown's code as the page ships it. */
interface BreakdownBundle {
  computeBreakdown: typeof ComputeBreakdown;
  BreakdownBuilder: typeof Builder;
  Peek: typeof PeekT;
  Contribution: typeof ContributionT;
}

export function breakdownBundle(): BreakdownBundle {
  return bundled<BreakdownBundle>(
    'breakdown',
    "export { computeBreakdown } from './src/model/breakdown'; export { BreakdownBuilder } from './src/model/breakdownLive'; export { Peek, Contribution } from './src/model/breakdownFold';",
  ).exports;
}

/**
 * The floor under the fold: every event read as the fold reads it (its kind's reader, its
 * figures, its run id compared with its run's), and nothing attributed. What is left above it is
 * the attribution; the floor itself is where the events sit in memory (100,000 events read cold).
 */
function readOnly({ Peek, Contribution }: BreakdownBundle, session: Session): number {
  const p = new Peek();
  const c = new Contribution();
  let seen = 0;
  for (const run of session.runs) {
    for (const e of run.events) {
      const read = p.of(e);
      if (read.runId !== run.id) seen++;
      seen += c.read(read, 0).known & 1;
    }
  }
  return seen;
}

export interface BreakdownFigures {
  events: number;
  /** computeBreakdown: first call, then the median of five more. */
  firstMs: number;
  againMs: number;
  /** The same, in CPU time (user + system of this process): what a loaded machine inflates less. */
  againCpuMs: number;
  /** The same on the session as generated (see above). */
  generatedMs: number;
  /** The floor: the same events only read, as the fold reads them (median of five). */
  readMs: number;
  /** The lists read once: calls, topCalls, topResults and the tools' result sizes (every result's JSON length). */
  listsMs: number;
  /** Median of: one event appended, then result(). */
  appendMs: number;
  /** Median of: a streamed answer's event replaced (same key), then result(). */
  replaceMs: number;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function cpuTime(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export function measureBreakdown(events: number): BreakdownFigures {
  const bundle = breakdownBundle();
  const { computeBreakdown, BreakdownBuilder } = bundle;
  // Warmed on a session of its own, so the first call on the measured one is a first call for
  // its data and not for V8.
  const warm = structuredClone(generateSession({ events: 20_000, seed: 11 }));
  for (let i = 0; i < 3; i++) {
    const b = computeBreakdown(warm);
    void [b.calls, b.topCalls, b.topResults, b.tools.map((t) => t.resultChars)];
  }
  const generated = generateSession({ events, seed: 7 });
  const session = structuredClone(generated);
  const firstMs = time(() => computeBreakdown(session));
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push(time(() => computeBreakdown(session)));
  const againCpuMs = median([0, 1, 2, 3, 4].map(() => cpuTime(() => computeBreakdown(session))));
  const generatedMs = median([0, 1, 2].map(() => time(() => computeBreakdown(generated))));
  readOnly(bundle, warm);
  const readMs = median([0, 1, 2, 3, 4].map(() => time(() => readOnly(bundle, session))));
  const b = computeBreakdown(session);
  const listsMs = time(() => void [b.calls, b.topCalls, b.topResults, b.tools.map((t) => t.resultChars)]);

  const live = BreakdownBuilder.of(session);
  live.result();
  const run = session.runs[session.runs.length - 1]!;
  const model = run.events.find((e) => e.kind === 'model_call' || e.tokens !== undefined);
  const appends: number[] = [];
  const replaces: number[] = [];
  for (let i = 0; i < 50; i++) {
    // A streamed turn: the answer arrives, grows twice, then its request's figures come.
    const id = `bench-${i}`;
    const answer = { id, runId: run.id, kind: 'assistant_message', text: 'Working on it', timeMs: 1e12 + i } as SessionEvent;
    appends.push(time(() => (live.put(id, answer), live.result())));
    const grown = {
      ...answer,
      text: 'Working on it, step two',
      latencyMs: 800,
      tokens: model?.tokens,
      model: model?.model,
    } as SessionEvent;
    replaces.push(time(() => (live.put(id, grown), live.result())));
  }
  return {
    events: session.runs.reduce((n, r) => n + r.events.length, 0),
    firstMs,
    againMs: median(again),
    againCpuMs,
    generatedMs,
    readMs,
    listsMs,
    appendMs: median(appends),
    replaceMs: median(replaces),
  };
}
