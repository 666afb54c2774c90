// The extension host's own share of opening a large Piper file: its events mapped slice by slice
// (fileSlices.ts: layout, JSON.parse of each batch, the schema's check, the mapping, unique ids)
// and each chunk packed for the page (forPage, JSON, its ASCII bytes in a room), as packChunk does;
// zlib's compression runs on libuv's threads and is left out. Beside it: a bare JSON.parse of the
// same bytes. In the real VS Code (bench/vscode.js) the host's mapping is most of the time from
// the first row to "all loaded"; this times that part alone, where the machine's other work moves
// it less.
import { generateSession } from '../src/providers/demo/generate';
import { mapPiperSlices } from '../src/providers/piper/fileSlices';
import { completeBytes, PiperLayoutScan } from '../src/providers/piper/layoutScan';
import { forPage } from '../src/protocol/header';
import { EVENT_CHUNK_SIZE } from '../src/protocol/messages';
import { TextRooms } from '../src/views/inspector/packChunk';
import { piperWire } from './normalise';

export interface HostSliceFigures {
  events: number;
  bytes: number;
  /** Mapping and packing, median of the rounds; then the mapping alone and the packing alone. */
  totalMs: number;
  mapMs: number;
  packMs: number;
  jsonParseMs: number;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

function once(buf: Buffer, rooms: TextRooms): { total: number; map: number; pack: number } {
  const t0 = performance.now();
  const slices = mapPiperSlices(buf, new PiperLayoutScan(completeBytes(buf)));
  let map = 0;
  let pack = 0;
  for (;;) {
    const a = performance.now();
    const step = slices.next();
    map += performance.now() - a;
    if (step.done) break;
    const b = performance.now();
    const events = step.value.events;
    for (let i = 0; i < events.length; i += EVENT_CHUNK_SIZE) {
      // As packChunk writes a large chunk (its gzip left out).
      const { room } = rooms.take(JSON.stringify(events.slice(i, i + EVENT_CHUNK_SIZE).map(forPage)));
      rooms.give(room);
    }
    pack += performance.now() - b;
  }
  return { total: performance.now() - t0, map, pack };
}

export function measureHostSlices(events: number, rounds = 5): HostSliceFigures {
  const buf = Buffer.from(piperWire(generateSession({ events, seed: 7 })));
  const rooms = new TextRooms();
  once(buf, rooms); // warmed: V8 has optimised the path before it is timed
  const runs = Array.from({ length: rounds }, () => once(buf, rooms));
  const parse = Array.from({ length: rounds }, () => {
    const t = performance.now();
    JSON.parse(buf.toString('utf8'));
    return performance.now() - t;
  });
  return {
    events,
    bytes: buf.length,
    totalMs: median(runs.map((r) => r.total)),
    mapMs: median(runs.map((r) => r.map)),
    packMs: median(runs.map((r) => r.pack)),
    jsonParseMs: median(parse),
  };
}
