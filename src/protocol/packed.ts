// Event chunks on the wire as UTF-8 JSON bytes instead of object graphs. VS Code carries an
// ArrayBuffer from the extension host to the page as it is (transferred, not parsed), while an
// object graph is JSON-parsed in the workbench and structured-cloned twice on its way through the
// webview's frames: for a 100,000-event session that relay cost the workbench more than the page
// spent drawing. The page decodes and parses each chunk's bytes once and checks its events against
// the event schema with eventCheck.ts (zod's rules, without zod's cost on the page's hot path).
// The JSON is ASCII (asciiJson), which the page decodes fastest.
// Large chunks go gzip-compressed (the host's zlib, off its thread; the page's DecompressionStream):
// the workbench copies every byte it relays (a Blob each, read back), and a 100,000-event session's
// 57 MB of JSON is 7.5 MB compressed.
import type { SessionEvent } from '../model/schema';
import { checkEvents } from './eventCheck';
import type { HostMessage, ParseResult } from './messages';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * `session/eventsPacked`: the events (already cut for the page, see `forPage`) as JSON in ASCII
 * (asciiJson). The reference form of these bytes: the host writes the same ones its faster way
 * (packChunk.ts), and test/unit/protocol.test.ts holds the two equal.
 */
export function packEvents(events: readonly SessionEvent[]): HostMessage {
  return { type: 'session/eventsPacked', json: encoder.encode(asciiJson(JSON.stringify(events))) };
}

/**
 * JSON text with every character above U+007F written as its \u escape: the same value to
 * JSON.parse, in ASCII. One such character anywhere makes a whole chunk's text two-byte, and the
 * page's TextDecoder took ~4× as long to decode it (Chromium; 0.5 % of a generated session's
 * characters are quotes, arrows and ellipses), into a string twice the size.
 */
export function asciiJson(json: string): string {
  return json.replace(NON_ASCII, escapeRun);
}

const NON_ASCII = /[\u0080-\uffff]+/g;

function escapeRun(run: string): string {
  let out = '';
  for (let i = 0; i < run.length; i++) out += `\\u${run.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** The `session/events` message a packed chunk stands for, validated like any host message. */
export function unpackEvents(json: Uint8Array): ParseResult<HostMessage> {
  let events: unknown;
  try {
    events = JSON.parse(decoder.decode(json));
  } catch (e) {
    return { ok: false, error: `events: not UTF-8 JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const checked = checkEvents(events);
  return checked.ok ? { ok: true, value: { type: 'session/events', events: checked.value } } : checked;
}

/** A compressed chunk's JSON bytes, inflated (DecompressionStream: the browser's and Node's own zlib). */
export async function inflatePacked(gzip: Uint8Array): Promise<Uint8Array> {
  // A stream of the posted bytes themselves, not of a Blob of them: a Blob is registered with the
  // browser process and read back, which cost the page's thread ~1.5 ms per MB of JSON (Chromium).
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(gzip as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  return new Uint8Array(await new Response(source.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}
