// The breakdown's compute time on a generated session: the one-shot computeBreakdown (first call,
// every tool result's size measured; then a recomputation), and the live form the inspector keeps
// while a session streams: folding the whole session in once, then one event appended (or one
// streamed answer replaced) and the breakdown read again — what each update of the page costs.
import { computeBreakdown } from '../src/model/breakdown';
import { BreakdownBuilder } from '../src/model/breakdownLive';
import type { SessionEvent } from '../src/model/schema';
import { generateSession } from '../src/providers/demo/generate';

export interface BreakdownFigures {
  events: number;
  firstMs: number;
  againMs: number;
  /** BreakdownBuilder.of(session) + result(): the live form's first fold. */
  foldMs: number;
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

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export function measureBreakdown(events: number): BreakdownFigures {
  // Warmed on a session of its own, so the first call on the measured one is a first call for
  // its data and not for V8.
  const warm = generateSession({ events: 20_000, seed: 11 });
  for (let i = 0; i < 3; i++) {
    computeBreakdown(warm);
    BreakdownBuilder.of(warm).result();
  }
  const session = generateSession({ events, seed: 7 });
  const firstMs = time(() => computeBreakdown(session));
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push(time(() => computeBreakdown(session)));

  let live: BreakdownBuilder | undefined;
  const foldMs = time(() => {
    live = BreakdownBuilder.of(session);
    live.result();
  });
  const run = session.runs[session.runs.length - 1]!;
  const model = run.events.find((e) => e.kind === 'model_call' || e.tokens !== undefined);
  const appends: number[] = [];
  const replaces: number[] = [];
  for (let i = 0; i < 50; i++) {
    // A streamed turn: the answer arrives, grows twice, then its request's figures come.
    const id = `bench-${i}`;
    const answer = { id, runId: run.id, kind: 'assistant_message', text: 'Working on it', timeMs: 1e12 + i } as SessionEvent;
    appends.push(time(() => (live!.put(id, answer), live!.result())));
    const grown = {
      ...answer,
      text: 'Working on it, step two',
      latencyMs: 800,
      tokens: model?.tokens,
      model: model?.model,
    } as SessionEvent;
    replaces.push(time(() => (live!.put(id, grown), live!.result())));
  }
  return {
    events: session.runs.reduce((n, r) => n + r.events.length, 0),
    firstMs,
    againMs: median(again),
    foldMs,
    appendMs: median(appends),
    replaceMs: median(replaces),
  };
}
