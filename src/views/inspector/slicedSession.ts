// A session read in slices (providers/piper/fileSlices.ts, a file's or a provider's reply) as the parts a panel shows, and
// what the panel holds of it afterwards: the header and the byte ranges of its events, never the
// mapped events or their raw payloads. Raw JSON of an event reads its bytes again; export,
// compare and explain read the whole again — from the file, refused if it changed since it was
// opened, or from the reply's bytes a provider gave.
import * as vscode from 'vscode';
import * as fs from 'fs';
import type { Session } from '../../model';
import type { SlicedSession } from '../../providers/types';
import type { ArrivingBytes } from '../../providers/piper/layoutScan';
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
  const ids = new IdHashes();
  let index = 0;
  let frame: { session: Session; eventCounts: number[] };
  for (;;) {
    if (signal.aborted) return;
    const step = it.next();
    if (step.done) {
      frame = step.value;
      break;
    }
    const { events, head, totalEvents, totalEstimated, wait } = step.value;
    if (wait) {
      // More of the file is being read: the next slice needs it.
      await wait;
      continue;
    }
    if (head)
      yield { type: 'begin', frame: head, totalEvents: totalEvents ?? events.length, ...(totalEstimated ? { totalEstimated } : {}) };
    for (const e of events) ids.set(index++, e.id);
    if (events.length) yield { type: 'events', events };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { ranges, whole: map } = sliced;
  yield { type: 'end', held: slicedHeld(frame, ranges, ids.trim(), bytes, map) };
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
  private a: Int32Array = new Int32Array(1024);
  private b: Int32Array = new Int32Array(1024);
  private length = 0;

  set(i: number, id: string): void {
    if (i >= this.a.length) {
      // The count is known only when the last slice is mapped: room doubles as events come.
      const size = Math.max(i + 1, this.a.length * 2);
      this.a = grown(this.a, size);
      this.b = grown(this.b, size);
    }
    this.a[i] = hash(id, 0x811c9dc5);
    this.b[i] = hash(id, 0x01000193 ^ 0x5bd1e995);
    this.length = Math.max(this.length, i + 1);
  }

  /** Gives back the room not used (kept while the panel is open). */
  trim(): this {
    this.a = this.a.slice(0, this.length);
    this.b = this.b.slice(0, this.length);
    return this;
  }

  find(id: string): number | undefined {
    const x = hash(id, 0x811c9dc5);
    const y = hash(id, 0x01000193 ^ 0x5bd1e995);
    for (let i = 0; i < this.length; i++) if (this.a[i] === x && this.b[i] === y) return i;
    return undefined;
  }
}

function grown(from: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  out.set(from);
  return out;
}

function hash(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

const changedMessage = (name: string) => vscode.l10n.t('“{0}” changed since it was opened: open it again to see what it holds now.', name);

/** Whether the file is still what it was when opened (same size and modification time); throws a message for the user if not. */
async function checkUnchanged(path: string, name: string, opened: fs.Stats): Promise<void> {
  const now = await fs.promises.stat(path).catch(() => undefined);
  if (!now) throw new Error(vscode.l10n.t('“{0}” is no longer there: open it again from where it is now.', name));
  if (now.size !== opened.size || now.mtimeMs !== opened.mtimeMs) throw new Error(changedMessage(name));
}

/** A file's bytes, read again at offsets; refused once its size or modification time is not what it was when opened. */
export function fileBytes(path: string, name: string, opened: fs.Stats): ByteSource {
  return {
    async read(start, end) {
      await checkUnchanged(path, name, opened);
      const handle = await fs.promises.open(path, 'r');
      try {
        const out = Buffer.alloc(end - start);
        const { bytesRead } = await handle.read(out, 0, out.length, start);
        if (bytesRead !== out.length) throw new Error(changedMessage(name));
        return out;
      } finally {
        await handle.close();
      }
    },
    async all() {
      await checkUnchanged(path, name, opened);
      return fs.promises.readFile(path);
    },
  };
}

/** The first read of a file being opened: enough for its first slice (200 events are ~200 KB). */
const FIRST_READ_BYTES = 1 << 20;
/** Reads grow to this (each doubles what was read): few calls, and a run cut by a read's end is scanned again only a few times. */
const MAX_READ_BYTES = 32 << 20;

/** A file being read while its first slices are mapped: `close` lets go of its handle (done by itself once all is read). */
export interface ArrivingFile extends ArrivingBytes {
  close(): Promise<void>;
}

/**
 * A file's bytes, read at offsets while the layout is scanned (fs FileHandle.read): the first MB
 * at once, then each read doubling, the next always under way while the last is scanned. Refused
 * (a message for the user) when the file is shorter or changed by the time its last byte is read.
 */
export async function arrivingFile(path: string, name: string, opened: fs.Stats): Promise<ArrivingFile> {
  const handle = await fs.promises.open(path, 'r');
  const buf = Buffer.allocUnsafe(opened.size);
  let filled = 0;
  let closed = false;
  let next: Promise<void> | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const read = async (): Promise<void> => {
    if (closed) throw new Error(vscode.l10n.t('“{0}” is no longer being read.', name));
    const want = Math.min(buf.length - filled, Math.min(MAX_READ_BYTES, Math.max(FIRST_READ_BYTES, filled)));
    const { bytesRead } = await handle.read(buf, filled, want, filled);
    if (bytesRead === 0) throw new Error(changedMessage(name));
    filled += bytesRead;
    if (filled < buf.length) return;
    await close();
    await checkUnchanged(path, name, opened);
  };
  const file: ArrivingFile = {
    buf,
    get filled() {
      return filled;
    },
    get complete() {
      return filled >= buf.length;
    },
    more() {
      if (filled >= buf.length) return Promise.resolve();
      const reading = (next ??= read());
      return reading.finally(() => {
        if (next !== reading) return;
        // The next read starts now, while what came is scanned and mapped.
        next = filled < buf.length && !closed ? read() : undefined;
        next?.catch(() => undefined);
      });
    },
    close,
  };
  return file;
}

/** Bytes a provider sent (kept as they came: the only copy of that reply). */
export function memoryBytes(buf: Uint8Array): ByteSource {
  return {
    read: async (start, end) => buf.subarray(start, end),
    all: async () => buf,
  };
}
