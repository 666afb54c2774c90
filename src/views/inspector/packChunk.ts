// An event chunk for the page, gzip-compressed when it is large (protocol/packed.ts says why). zlib
// runs on libuv's thread pool, so the host's thread goes on mapping the next slice meanwhile.
//
// What a chunk's bytes are written into is kept for the next chunk (TextRooms): a 100,000-event
// load packs fifty chunks of ~1.2 MB of JSON, and a new buffer for each, freed a moment later, is
// what glibc's malloc keeps after the panel closes rather than gives back (its threshold for
// mapping a block of its own rises with each such block freed, so the next ones come from the heap,
// between longer-lived allocations). Measured in the real VS Code (bench:vscode, 100,000-event
// file, three opens): the host's RSS kept after the close was +62 to +92 MB (median 81 of 9 runs)
// with a buffer per chunk, +47 to +70 MB (median 60 of 6) with 4 MB rooms and zlib writing its
// output in one piece. 2 MB rooms measured no better than none: a room malloc placed in its heap
// rather than in a mapping of its own pins the heap's top.
import { promisify } from 'util';
import * as zlib from 'zlib';
import type { SessionEvent } from '../../model';
import type { HostMessage } from '../../protocol/messages';
import { asciiJson } from '../../protocol/packed';

/** Below this many JSON bytes a chunk goes as it is (the first chunk of 200 events is ~200 KB). */
export const COMPRESS_FROM_BYTES = 64 * 1024;

const gzip = promisify(zlib.gzip);

/**
 * ASCII text's bytes, copied by Node one per character, in an ArrayBuffer of its own (never
 * Node's shared pool): VS Code posts the whole of it.
 */
function asciiBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.allocUnsafeSlow(text.length);
  bytes.write(text, 0, 'latin1');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, text.length);
}

const NON_ASCII = /[\u0080-\uffff]+/g;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * JSON text's bytes as asciiJson (protocol/packed.ts) would make them, written into `out`: the
 * ASCII stretches copied by Node one byte per character, each other character as its \u escape.
 * Gives the length written, or -1 when `out` is too short. One pass, and no escaped copy of the
 * text: asciiJson's replace built one (a string of pieces of a two-byte string, which Node then
 * wrote the slow way) and took ~170-220 ms per 55 MB of JSON; this takes ~80-110 ms (Node 24).
 */
export function writeAscii(json: string, out: Buffer): number {
  let o = 0;
  let from = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(json); m !== null; m = NON_ASCII.exec(json)) {
    const at = m.index;
    const end = at + m[0].length;
    if (o + (at - from) + 6 * (end - at) > out.length) return -1;
    o += out.write(json.slice(from, at), o, 'latin1');
    for (let i = at; i < end; i++) {
      const c = json.charCodeAt(i);
      out[o] = 0x5c; // \
      out[o + 1] = 0x75; // u
      out[o + 2] = HEX[c >> 12]!;
      out[o + 3] = HEX[(c >> 8) & 15]!;
      out[o + 4] = HEX[(c >> 4) & 15]!;
      out[o + 5] = HEX[c & 15]!;
      o += 6;
    }
    from = end;
  }
  if (o + (json.length - from) > out.length) return -1;
  return o + out.write(json.slice(from), o, 'latin1');
}

/**
 * Buffers a chunk's JSON is written into before it is compressed, taken and given back: only
 * zlib reads them (the page gets the compressed copy), so one is free again once its chunk is.
 * At most `keep` stay (as many as chunks are packed at once: the panel's CHUNKS_IN_FLIGHT and the
 * one being mapped); each is at least `size` bytes, larger when a chunk needs it.
 */
export class TextRooms {
  private readonly free: Array<Buffer<ArrayBuffer>> = [];

  constructor(
    private readonly keep = 6,
    private readonly size = 4 << 20,
  ) {}

  /** JSON text's ASCII bytes (writeAscii) in a free room; a new one when none is large enough. */
  take(json: string): { bytes: Uint8Array<ArrayBuffer>; room: Buffer<ArrayBuffer> } {
    const i = this.free.findIndex((b) => b.length >= json.length);
    let room = i >= 0 ? this.free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(json.length, this.size));
    let length = writeAscii(json, room);
    if (length < 0) {
      // Escapes made it longer than the room: a kept room of the escaped length (measured once),
      // else a new one; the room tried goes back to be kept if it was, a new one is let go.
      if (i >= 0) this.give(room);
      const ascii = asciiJson(json);
      const j = this.free.findIndex((b) => b.length >= ascii.length);
      room = j >= 0 ? this.free.splice(j, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(ascii.length, this.size));
      length = room.write(ascii, 0, 'latin1');
    }
    return { bytes: new Uint8Array(room.buffer, room.byteOffset, length), room };
  }

  /** The room is free again (its bytes are not read after this). */
  give(room: Buffer<ArrayBuffer>): void {
    if (this.free.length < this.keep) this.free.push(room);
  }

  /** Rooms kept for the next chunks (the tests read it). */
  get kept(): number {
    return this.free.length;
  }
}

const rooms = new TextRooms();

/**
 * The chunk's `session/eventsPacked` message: the events' JSON in ASCII (the same bytes as
 * packEvents gives), compressed (level 1: the fastest; JSON shrinks ~7× even so) from
 * COMPRESS_FROM_BYTES.
 */
export async function packChunk(events: readonly SessionEvent[], into: TextRooms = rooms): Promise<HostMessage> {
  const json = JSON.stringify(events);
  if (json.length < COMPRESS_FROM_BYTES) {
    // Small: sent as it is, unless its escapes make it large.
    const ascii = asciiJson(json);
    if (ascii.length < COMPRESS_FROM_BYTES) return { type: 'session/eventsPacked', json: asciiBytes(ascii) };
  }
  const { bytes, room } = into.take(json);
  try {
    // One output piece, not zlib's 16 KB ones joined (level 1 shrinks JSON well under half).
    const packed = await gzip(bytes, { level: 1, chunkSize: Math.max(COMPRESS_FROM_BYTES, bytes.byteLength >> 1) });
    // A plain Uint8Array with its own ArrayBuffer, not zlib's Buffer: in the one bench:vscode run
    // that posted the Buffer as it was, the panel was gone before its search box could be used.
    return { type: 'session/eventsPacked', json: new Uint8Array(packed), encoding: 'gzip' };
  } catch {
    return { type: 'session/eventsPacked', json: new Uint8Array(bytes) };
  } finally {
    into.give(room);
  }
}
