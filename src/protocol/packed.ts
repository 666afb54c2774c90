// Event chunks on the wire as UTF-8 JSON bytes instead of object graphs. VS Code carries an
// ArrayBuffer from the extension host to the page as it is (transferred, not parsed), while an
// object graph is JSON-parsed in the workbench and structured-cloned twice on its way through the
// webview's frames: for a 100,000-event session that relay cost the workbench more than the page
// spent drawing. The page decodes and parses each chunk's bytes once and checks its events against
// the event schema with eventCheck.ts (zod's rules, without zod's cost on the page's hot path).
// Large chunks go gzip-compressed (the host's zlib, off its thread; the page's DecompressionStream):
// the workbench copies every byte it relays (a Blob each, read back), and a 100,000-event session's
// 57 MB of JSON is 7.5 MB compressed.
import type { SessionEvent } from '../model/schema';
import { checkEvents } from './eventCheck';
import type { HostMessage, ParseResult } from './messages';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** `session/eventsPacked`: the events (already cut for the page, see `forPage`) as UTF-8 JSON. */
export function packEvents(events: readonly SessionEvent[]): HostMessage {
  return { type: 'session/eventsPacked', json: encoder.encode(JSON.stringify(events)) };
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
  // Posted bytes are ArrayBuffer-backed (a Blob refuses a SharedArrayBuffer's, which the type allows).
  const stream = new Blob([gzip as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
