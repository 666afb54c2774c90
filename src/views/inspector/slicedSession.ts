// A session read in slices (providers/piper/fileSlices.ts, a file's or a provider's reply) as the parts a panel shows, and
// what the panel holds of it afterwards: the header and the byte ranges of its events, never the
// mapped events or their raw payloads. Raw JSON of an event reads its bytes again; export,
// compare and explain read the whole again — from the file, refused if it changed since it was
// opened, or from the reply's bytes a provider gave.
import * as vscode from 'vscode';
import * as fs from 'fs';
import type { Session } from '../../model';
import type { SlicedSession } from '../../providers/types';
import type { HeldSession, SessionPart } from './sources';

/** Where a sliced session's bytes are read again from. */
export interface ByteSource {
  /** The bytes [start, end) as they were when opened; throws (a message for the user) when they changed. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** All the bytes, as they were when opened; throws when they changed. */
  all(): Promise<Uint8Array>;
}

/** Above this many events "Raw JSON" of the whole session shows its header and runs, not every event (it would not fit one string). */
const WHOLE_RAW_MAX_EVENTS = 100_000;

/**
 * The session's parts, mapped slice by slice: the first slice's header and events, each slice
 * after it, then the full header. Between slices the host gets a turn (messages, other panels).
 * The bytes are let go with this generator unless `bytes` keeps them.
 */
export async function* slicedParts(sliced: SlicedSession, bytes: ByteSource, signal: AbortSignal): AsyncGenerator<SessionPart> {
  const it = sliced.slices();
  const ids = new IdHashes(sliced.totalEvents);
  let index = 0;
  let frame: { session: Session; eventCounts: number[] };
  for (;;) {
    if (signal.aborted) return;
    const step = it.next();
    if (step.done) {
      frame = step.value;
      break;
    }
    const { events, head } = step.value;
    if (head) yield { type: 'begin', frame: head, totalEvents: sliced.totalEvents };
    for (const e of events) ids.set(index++, e.id);
    if (events.length) yield { type: 'events', events };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { ranges, whole: map } = sliced;
  yield { type: 'end', held: slicedHeld(frame, ranges, ids, bytes, map) };
}

function slicedHeld(
  frame: { session: Session; eventCounts: number[] },
  ranges: SlicedSession['ranges'],
  ids: IdHashes,
  bytes: ByteSource,
  map: SlicedSession['whole'],
): HeldSession {
  // The runs' raw payloads are read again with the whole session: only what the header shows stays.
  const info: Session = { ...frame.session, runs: frame.session.runs.map(({ raw: _raw, ...run }) => run) };
  const whole = async (): Promise<Session> => map(await bytes.all());
  return {
    info,
    eventCounts: frame.eventCounts,
    whole,
    raw: async (eventId) => {
      const i = ids.find(eventId);
      if (i === undefined) return undefined;
      const b = await bytes.read(ranges.start(i), ranges.end(i));
      const value: unknown = JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8'));
      const type = (value as { event_type?: unknown } | null)?.event_type;
      return { value, kind: typeof type === 'string' ? type : undefined };
    },
    sessionRaw: async () => ((info.totals.events ?? 0) <= WHOLE_RAW_MAX_EVENTS ? whole() : info),
  };
}

/**
 * Each event's id as two 32-bit hashes (8 bytes an event instead of a string and a map entry):
 * finding an id scans them (a millisecond at a million). Two different ids with both hashes equal
 * are about one in 10^19 a pair.
 */
class IdHashes {
  private readonly a: Int32Array;
  private readonly b: Int32Array;

  constructor(n: number) {
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
  }

  set(i: number, id: string): void {
    this.a[i] = hash(id, 0x811c9dc5);
    this.b[i] = hash(id, 0x01000193 ^ 0x5bd1e995);
  }

  find(id: string): number | undefined {
    const x = hash(id, 0x811c9dc5);
    const y = hash(id, 0x01000193 ^ 0x5bd1e995);
    for (let i = 0; i < this.a.length; i++) if (this.a[i] === x && this.b[i] === y) return i;
    return undefined;
  }
}

function hash(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** A file's bytes, read again at offsets; refused once its size or modification time is not what it was when opened. */
export function fileBytes(path: string, name: string, opened: fs.Stats): ByteSource {
  const check = async () => {
    const now = await fs.promises.stat(path).catch(() => undefined);
    if (!now || now.size !== opened.size || now.mtimeMs !== opened.mtimeMs)
      throw new Error(
        now
          ? vscode.l10n.t('“{0}” changed since it was opened: open it again to see what it holds now.', name)
          : vscode.l10n.t('“{0}” is no longer there: open it again from where it is now.', name),
      );
  };
  return {
    async read(start, end) {
      await check();
      const handle = await fs.promises.open(path, 'r');
      try {
        const out = Buffer.alloc(end - start);
        const { bytesRead } = await handle.read(out, 0, out.length, start);
        if (bytesRead !== out.length)
          throw new Error(vscode.l10n.t('“{0}” changed since it was opened: open it again to see what it holds now.', name));
        return out;
      } finally {
        await handle.close();
      }
    },
    async all() {
      await check();
      return fs.promises.readFile(path);
    },
  };
}

/** Bytes a provider sent (kept as they came: the only copy of that reply). */
export function memoryBytes(buf: Uint8Array): ByteSource {
  return {
    read: async (start, end) => buf.subarray(start, end),
    all: async () => buf,
  };
}
