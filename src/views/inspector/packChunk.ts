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
import { packEvents } from '../../protocol/packed';

/** Below this many JSON bytes a chunk goes as it is (the first chunk of 200 events is ~200 KB). */
export const COMPRESS_FROM_BYTES = 64 * 1024;

const gzip = promisify(zlib.gzip);

/**
 * ASCII text's bytes, copied by Node one per character: asciiJson's string is made of pieces of a
 * two-byte string, which TextEncoder encodes the slow way (~10× the time, 57 MB of JSON: 330 ms).
 * In an ArrayBuffer of its own (never Node's shared pool): VS Code posts the whole of it.
 */
function asciiBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.allocUnsafeSlow(text.length);
  bytes.write(text, 0, 'latin1');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, text.length);
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

  /** The text's bytes in a free room (a new one when none is large enough). */
  take(text: string): { bytes: Uint8Array<ArrayBuffer>; room: Buffer<ArrayBuffer> } {
    const i = this.free.findIndex((b) => b.length >= text.length);
    const room = i >= 0 ? this.free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(text.length, this.size));
    room.write(text, 0, 'latin1');
    return { bytes: new Uint8Array(room.buffer, room.byteOffset, text.length), room };
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

/** The chunk's `session/eventsPacked` message: compressed (level 1: the fastest; JSON shrinks ~7× even so) from COMPRESS_FROM_BYTES. */
export async function packChunk(events: readonly SessionEvent[], into: TextRooms = rooms): Promise<HostMessage> {
  let taken: ReturnType<TextRooms['take']> | undefined;
  const plain = packEvents(events, (text) => {
    if (text.length < COMPRESS_FROM_BYTES) return asciiBytes(text);
    taken = into.take(text);
    return taken.bytes;
  });
  if (plain.type !== 'session/eventsPacked' || !taken) return plain;
  const { bytes, room } = taken;
  try {
    // One output piece, not zlib's 16 KB ones joined (level 1 shrinks JSON well under half).
    const packed = await gzip(bytes, { level: 1, chunkSize: Math.max(COMPRESS_FROM_BYTES, bytes.byteLength >> 1) });
    // A plain Uint8Array with its own ArrayBuffer, not zlib's Buffer: in the one bench:vscode run
    // that posted the Buffer as it was, the panel was gone before its search box could be used.
    return { type: 'session/eventsPacked', json: new Uint8Array(packed), encoding: 'gzip' };
  } catch {
    // Sent as it is: in a copy of its own (the room is larger than the chunk, and is reused).
    return { type: 'session/eventsPacked', json: new Uint8Array(bytes) };
  } finally {
    into.give(room);
  }
}
