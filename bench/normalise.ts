// Parse + validate + normalise of a Piper session-events response, against a bare JSON.parse of
// the same bytes. The sessions come from the demo generator, in Piper's wire format.
import { generateSession } from '../src/providers/demo/generate';
import { mapPiperSession } from '../src/providers/piper/map';
import type { Session } from '../src/model';

export interface NormaliseFigures {
  events: number;
  bytes: number;
  jsonParseMs: number;
  normaliseMs: number;
  ratio: number;
  /** The very first call, before V8 has optimised anything: what opening one session costs. */
  coldMs: number;
}

/** The wire payload Piper would send for this session (the demo keeps each event's raw RunEvent). */
export function piperWire(session: Session): string {
  return JSON.stringify({
    session: session.raw,
    runs: session.runs.map((r) => ({ ...(r.raw as object), events: r.events.map((e) => e.raw) })),
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function measureNormalise(events: number): NormaliseFigures {
  const text = piperWire(generateSession({ events, seed: 7 }));
  const rounds = events >= 100_000 ? 3 : events >= 10_000 ? 5 : 15;
  // Warm both paths first so V8 has optimised them: a small session goes through the mapping too
  // quickly for one pass to do that, and unwarmed medians would measure V8's tiering instead.
  // Same number of events warmed at every size; the cold first call is reported beside.
  JSON.parse(text);
  const coldMs = time(() => mapPiperSession(JSON.parse(text)));
  for (let warmed = events; warmed < 30_000; warmed += events) {
    JSON.parse(text);
    mapPiperSession(JSON.parse(text));
  }
  const parse: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < rounds; i++) {
    parse.push(time(() => JSON.parse(text)));
    full.push(time(() => mapPiperSession(JSON.parse(text))));
  }
  const jsonParseMs = median(parse);
  const normaliseMs = median(full);
  return { events, bytes: Buffer.byteLength(text), jsonParseMs, normaliseMs, ratio: normaliseMs / jsonParseMs, coldMs };
}
