// An event chunk for the page, gzip-compressed when it is large (protocol/packed.ts says why). zlib
// runs on libuv's thread pool, so the host's thread goes on mapping the next slice meanwhile.
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

/** The chunk's `session/eventsPacked` message: compressed (level 1: the fastest; JSON shrinks ~7× even so) from COMPRESS_FROM_BYTES. */
export async function packChunk(events: readonly SessionEvent[]): Promise<HostMessage> {
  const plain = packEvents(events, asciiBytes);
  if (plain.type !== 'session/eventsPacked' || plain.json.byteLength < COMPRESS_FROM_BYTES) return plain;
  try {
    const packed = await gzip(plain.json, { level: 1 });
    // A plain Uint8Array with its own ArrayBuffer, not zlib's Buffer: in the one bench:vscode run
    // that posted the Buffer as it was, the panel was gone before its search box could be used.
    return { type: 'session/eventsPacked', json: new Uint8Array(packed), encoding: 'gzip' };
  } catch {
    return plain;
  }
}
