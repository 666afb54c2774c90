// Server-sent events from a byte stream. The parsing itself is eventsource-parser's (comments,
// keep-alives, CR/LF/CRLF line ends, multi-line data, `id`, `retry`); this adds what a streamed
// HTTP body needs around it: UTF-8 decoding that keeps a character split across two chunks whole,
// and telling, at the end, whether the body stopped in the middle of an event (a cut stream).
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';

export type SseMessage = EventSourceMessage;

export interface SseHandlers {
  onEvent(message: SseMessage): void;
  /** Comment lines (`: ping`), which servers send as keep-alives. */
  onComment?(comment: string): void;
  /** Lines the parser could not use (unknown fields, an oversized event); the stream goes on. */
  onError?(error: ParseError): void;
}

export interface SseEnd {
  /** Text after the last complete event that never became one (not counting comments): the body was cut. */
  leftover: string;
  /** The body ended inside a multi-byte UTF-8 character. */
  brokenCharacter: boolean;
}

export interface SseDecoder {
  push(chunk: Uint8Array): void;
  /** The body ended; anything unfinished is reported, never dispatched as an event. */
  end(): SseEnd;
}

/** Events are small; a "line" larger than this is a broken or hostile stream, not an event. */
const MAX_BUFFER = 8 * 1024 * 1024;

/** A blank line (in any of the three line-end styles) ends an event. */
const EVENT_BOUNDARY = /(?:\r\n|\r|\n)(?:\r\n|\r|\n)/g;

export function createSseDecoder(handlers: SseHandlers): SseDecoder {
  const decoder = new TextDecoder('utf-8');
  const parser = createParser({
    onEvent: (m) => handlers.onEvent(m),
    onComment: (c) => handlers.onComment?.(c),
    onError: (e) => handlers.onError?.(e),
    maxBufferSize: MAX_BUFFER,
  });
  // What has arrived since the last blank line: only kept to tell a cut stream at the end.
  let tail = '';

  const feed = (text: string) => {
    if (!text) return;
    parser.feed(text);
    tail += text;
    let last = -1;
    for (const m of tail.matchAll(EVENT_BOUNDARY)) last = m.index + m[0].length;
    if (last >= 0) tail = tail.slice(last);
    if (tail.length > MAX_BUFFER) tail = tail.slice(-MAX_BUFFER);
  };

  return {
    push(chunk) {
      feed(decoder.decode(chunk, { stream: true }));
    },
    end() {
      const rest = decoder.decode();
      feed(rest);
      const leftover = tail
        .split(/\r\n|\r|\n/)
        .filter((line) => line && !line.startsWith(':'))
        .join('\n');
      return { leftover, brokenCharacter: rest.includes('\uFFFD') };
    },
  };
}
