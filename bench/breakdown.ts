// The breakdown's compute time on a generated session: the first call on a session (every tool
// result's size measured) and a recomputation (what a live update costs: sizes are remembered).
import { computeBreakdown } from '../src/model/breakdown';
import { generateSession } from '../src/providers/demo/generate';

export interface BreakdownFigures {
  events: number;
  firstMs: number;
  againMs: number;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function measureBreakdown(events: number): BreakdownFigures {
  // Warmed on a session of its own, so the first call on the measured one is a first call for
  // its data and not for V8.
  const warm = generateSession({ events: 20_000, seed: 11 });
  for (let i = 0; i < 3; i++) computeBreakdown(warm);
  const session = generateSession({ events, seed: 7 });
  const firstMs = time(() => computeBreakdown(session));
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push(time(() => computeBreakdown(session)));
  again.sort((a, b) => a - b);
  return { events: session.runs.reduce((n, r) => n + r.events.length, 0), firstMs, againMs: again[2] };
}
