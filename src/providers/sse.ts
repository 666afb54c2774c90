// Server-sent events from a byte stream. The parsing itself is eventsource-parser's (comments,
// keep-alives, CR/LF/CRLF line ends, multi-line data, `id`, `retry`); this adds what a streamed
// HTTP body needs around it: UTF-8 decoding that keeps a character split across two chunks whole,
// telling, at the end, whether the body stopped in the middle of an event (a cut stream), and
// going on after an event too large to keep.
//
// Every chunk costs work in proportion to its own length, never to what came before: the decoder
// runs in the extension host, shared with every other extension, and a server may send anything —
// an endless run of `: ping` lines without a blank line once cost ~10 ms per 1 KB chunk because
// the whole unfinished tail was searched again each time (issue 11, finding 3).
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
  /** Characters looked at so far by the decoder's own scan: equal to the characters received (the tests count it). */
  readonly scanned: number;
}

/** The largest event kept (a 10 MB tool result in one data line is still shown); more is dropped and reported. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

const LF = 10;
const CR = 13;
const COLON = 58;

export function createSseDecoder(handlers: SseHandlers): SseDecoder {
  const decoder = new TextDecoder('utf-8');
  let overflowed = false;
  const parser = createParser({
    onEvent: (m) => handlers.onEvent(m),
    onComment: (c) => handlers.onComment?.(c),
    onError: (e) => {
      if (e.type === 'max-buffer-size-exceeded') overflowed = true;
      handlers.onError?.(e);
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });

  // What arrived since the last blank line, minus comment lines: only kept to tell a cut stream
  // at the end. Built line by line as the characters go past, each looked at once.
  let pendingLines: string[] = [];
  let pendingChars = 0;
  let lineParts: string[] = [];
  let lineLength = 0;
  let lineIsComment = false;
  let afterCR = false;
  let scanned = 0;
  /** After an oversized event: the rest of its line is skipped until a line end, then parsing resumes. */
  let skippingLine = false;

  const keep = (part: string) => {
    if (lineIsComment || !part || pendingChars >= MAX_EVENT_CHARS) return;
    lineParts.push(part);
    pendingChars += part.length;
  };
  const endLine = () => {
    if (lineLength === 0) {
      if (pendingLines.length) pendingLines = [];
      pendingChars = 0;
    } else if (!lineIsComment && lineParts.length) {
      pendingLines.push(lineParts.join(''));
    }
    if (lineParts.length) lineParts = [];
    lineLength = 0;
    lineIsComment = false;
  };

  /** Scans `text` once; returns the offset just after its first line end (or -1). */
  const scan = (text: string): number => {
    let firstLineEnd = -1;
    let segment = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === LF && afterCR) {
          afterCR = false;
          segment = i + 1;
          if (firstLineEnd < 0) firstLineEnd = i + 1;
          continue;
        }
        keep(text.slice(segment, i));
        endLine();
        afterCR = c === CR;
        segment = i + 1;
        if (firstLineEnd < 0) firstLineEnd = i + 1;
      } else {
        afterCR = false;
        if (lineLength === 0) lineIsComment = c === COLON;
        lineLength++;
      }
    }
    keep(text.slice(segment));
    scanned += text.length;
    return firstLineEnd;
  };

  const feed = (text: string) => {
    if (!text) return;
    const startsAfterCR = afterCR;
    const firstLineEnd = scan(text);
    if (skippingLine) {
      if (firstLineEnd < 0) return;
      skippingLine = false;
      text = text.slice(firstLineEnd);
    }
    // The parser gets LF line ends only: on text with a CR it searches for the next LF from every
    // line, to the end of the chunk — 64 KB of bare CRs cost ~0.5 s. CR, LF and CRLF mean the
    // same in SSE; a CRLF split across two chunks loses its LF here, its CR having become one.
    if (startsAfterCR && text.charCodeAt(0) === LF) text = text.slice(1);
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (!text) return;
    parser.feed(text);
    if (overflowed) {
      // eventsource-parser stops for good after an oversized event; start it again on the next line.
      overflowed = false;
      parser.reset();
      skippingLine = true;
    }
  };

  return {
    push(chunk) {
      feed(decoder.decode(chunk, { stream: true }));
    },
    end() {
      const rest = decoder.decode();
      feed(rest);
      const last = lineParts.length && !lineIsComment ? [lineParts.join('')] : [];
      const leftover = [...pendingLines, ...last].filter((line) => line && !line.startsWith(':')).join('\n');
      return { leftover, brokenCharacter: rest.includes('\uFFFD') };
    },
    get scanned() {
      return scanned;
    },
  };
}
