// Received telemetry, kept in the extension's global storage as one append-only JSON-lines file:
// a batch is written and flushed to disk before the receiver acknowledges it, so what a sender was
// told arrived survives a crash or a reload. Bounded by size and age: old batches are dropped by
// rewriting the file (to a temporary file, then renamed over it). In memory: spans by trace, and
// sessions mapped on demand, again only for the sessions a new batch touched. Plain Node.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session, SessionSummary } from '../../model';
import { tokenSum } from '../../model';
import { sessionKeysOfTrace, sessionsFromSpans } from './map';
import type { FlatLog, FlatSpan } from './otlp';

export interface TraceStoreOptions {
  dir: string;
  /** Largest file kept; older batches go first. */
  maxBytes: number;
  /** Batches older than this are dropped (0 keeps them). */
  maxAgeDays: number;
  now?: () => number;
  connectionId?: string;
}

interface Line {
  v: 1;
  /** Milliseconds since the epoch when it arrived. */
  at: number;
  spans?: FlatSpan[];
  logs?: FlatLog[];
}

export const STORE_FILE = 'received-telemetry.jsonl';

export class TraceStore {
  private readonly file: string;
  private readonly byTrace = new Map<string, FlatSpan[]>();
  private readonly logsByTrace = new Map<string, FlatLog[]>();
  private looseLogs: FlatLog[] = [];
  /** The sessions each trace's spans belong to (one, unless spans in it name different sessions). */
  private readonly traceKey = new Map<string, string[]>();
  private readonly keyTraces = new Map<string, Set<string>>();
  private readonly cache = new Map<string, Session>();
  private readonly dirty = new Set<string>();
  private size = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly emitter = new EventEmitter();
  /** Lines the file held that could not be read (a write cut short by a crash): skipped, counted. */
  skippedLines = 0;

  private constructor(private readonly o: TraceStoreOptions) {
    this.file = path.join(o.dir, STORE_FILE);
  }

  static async open(o: TraceStoreOptions): Promise<TraceStore> {
    const store = new TraceStore(o);
    await fs.promises.mkdir(o.dir, { recursive: true });
    await store.load();
    return store;
  }

  get spanCount(): number {
    let n = 0;
    for (const list of this.byTrace.values()) n += list.length;
    return n;
  }

  get bytes(): number {
    return this.size;
  }

  /** Called with the ids of the sessions a batch changed. */
  onDidChange(listener: (sessionIds: string[]) => void): { dispose(): void } {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  /** Writes the batch to disk (flushed), then takes it in; resolves once it is safe to acknowledge. */
  append(spans: FlatSpan[], logs: FlatLog[] = []): Promise<void> {
    const line: Line = { v: 1, at: this.now() };
    if (spans.length) line.spans = spans;
    if (logs.length) line.logs = logs;
    const text = `${JSON.stringify(line)}\n`;
    const run = async () => {
      const fh = await fs.promises.open(this.file, 'a');
      try {
        await fh.appendFile(text, 'utf8');
        await fh.datasync();
      } finally {
        await fh.close();
      }
      this.size += Buffer.byteLength(text);
      const touched = this.take(line);
      if (this.size > this.o.maxBytes) await this.compact();
      if (touched.length) this.emitter.emit('change', touched);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Empties the file and the memory. */
  clear(): Promise<void> {
    const run = async () => {
      const ids = [...this.keyTraces.keys()];
      await fs.promises.rm(this.file, { force: true });
      this.reset();
      this.emitter.emit('change', ids);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Sessions of one agent (or all), newest first, as the tree lists them. */
  summaries(agentId?: string): SessionSummary[] {
    return this.sessions()
      .filter((s) => agentId === undefined || s.agentId === agentId)
      .map((s) => ({
        id: s.id,
        agentId: s.agentId ?? 'unknown_service',
        title: s.title,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        messageCount: s.totals.messages,
        tokens: tokenSum(s.totals.tokens),
        costUsd: s.totals.costUsd,
      }));
  }

  agents(): Array<{ id: string; name: string; sessions: number; updatedAt?: string }> {
    const out = new Map<string, { id: string; name: string; sessions: number; updatedAt?: string }>();
    for (const s of this.sessions()) {
      const id = s.agentId ?? 'unknown_service';
      const a = out.get(id) ?? { id, name: s.agentName ?? id, sessions: 0 };
      a.sessions++;
      if (!a.updatedAt || (s.updatedAt ?? '') > a.updatedAt) a.updatedAt = s.updatedAt;
      out.set(id, a);
    }
    return [...out.values()].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }

  session(id: string): Session | undefined {
    this.refresh();
    return this.cache.get(id);
  }

  sessions(): Session[] {
    this.refresh();
    return [...this.cache.values()].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }

  /** Waits for writes in progress (tests, and Stop before Clear). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private reset(): void {
    this.byTrace.clear();
    this.logsByTrace.clear();
    this.looseLogs = [];
    this.traceKey.clear();
    this.keyTraces.clear();
    this.cache.clear();
    this.dirty.clear();
    this.size = 0;
  }

  /** Adds a stored line to memory; returns the session ids it touched. */
  private take(line: Line): string[] {
    const touchedTraces = new Set<string>();
    for (const s of line.spans ?? []) {
      const list = this.byTrace.get(s.traceId) ?? [];
      list.push(s);
      this.byTrace.set(s.traceId, list);
      touchedTraces.add(s.traceId);
    }
    let looseTouched = false;
    for (const l of line.logs ?? []) {
      if (l.traceId) {
        const list = this.logsByTrace.get(l.traceId) ?? [];
        list.push(l);
        this.logsByTrace.set(l.traceId, list);
        touchedTraces.add(l.traceId);
      } else {
        this.looseLogs.push(l);
        looseTouched = true;
      }
    }
    const touched = new Set<string>();
    for (const t of touchedTraces) {
      const spans = this.byTrace.get(t);
      // Logs of a trace whose spans have not arrived yet wait in logsByTrace under the trace's own key.
      const keys = spans?.length ? sessionKeysOfTrace(t, spans) : [`trace:${t}`];
      for (const before of this.traceKey.get(t) ?? []) {
        if (keys.includes(before)) continue;
        this.keyTraces.get(before)?.delete(t);
        if (!this.keyTraces.get(before)?.size) {
          this.keyTraces.delete(before);
          this.cache.delete(before);
        } else this.dirty.add(before);
        touched.add(before);
      }
      this.traceKey.set(t, keys);
      for (const key of keys) {
        const set = this.keyTraces.get(key) ?? new Set<string>();
        set.add(t);
        this.keyTraces.set(key, set);
        this.dirty.add(key);
        touched.add(key);
      }
    }
    if (looseTouched) {
      this.dirty.add(LOOSE);
      touched.add(LOOSE);
    }
    return [...touched].map((k) => (k === LOOSE ? this.looseSessionId() : k));
  }

  private looseSessionId(): string {
    return sessionsFromSpans([], this.looseLogs.slice(0, 1))[0]?.id ?? 'logs';
  }

  private refresh(): void {
    if (!this.dirty.size) return;
    for (const key of this.dirty) {
      if (key === LOOSE) {
        for (const s of sessionsFromSpans([], this.looseLogs, { connectionId: this.o.connectionId })) this.cache.set(s.id, s);
        continue;
      }
      const traces = [...(this.keyTraces.get(key) ?? [])];
      const spans = traces.flatMap((t) => this.byTrace.get(t) ?? []);
      const logs = traces.flatMap((t) => this.logsByTrace.get(t) ?? []);
      if (!spans.length) {
        // Only logs so far: shown with the other loose log records until their spans arrive.
        this.cache.delete(key);
        continue;
      }
      const mapped = sessionsFromSpans(spans, logs, { connectionId: this.o.connectionId }).filter((s) => s.id === key);
      if (mapped[0]) this.cache.set(key, mapped[0]);
      else this.cache.delete(key);
    }
    this.dirty.clear();
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const lines = this.parse(text);
    const kept = this.retain(lines);
    if (kept.length !== lines.length || this.skippedLines) await this.rewrite(kept);
    else this.size = Buffer.byteLength(text);
    for (const l of kept) this.take(l.line);
  }

  private parse(text: string): Array<{ line: Line; bytes: number }> {
    const out: Array<{ line: Line; bytes: number }> = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        const line = JSON.parse(raw) as Line;
        if (line && line.v === 1 && typeof line.at === 'number') out.push({ line, bytes: Buffer.byteLength(raw) + 1 });
        else this.skippedLines++;
      } catch {
        this.skippedLines++;
      }
    }
    return out;
  }

  /** What the size and age limits keep, oldest first. */
  private retain(lines: Array<{ line: Line; bytes: number }>): Array<{ line: Line; bytes: number }> {
    const oldest = this.o.maxAgeDays > 0 ? this.now() - this.o.maxAgeDays * 86_400_000 : -Infinity;
    let kept = lines.filter((l) => l.line.at >= oldest);
    let total = kept.reduce((a, l) => a + l.bytes, 0);
    // Down to 80 % of the limit, so the next batches do not rewrite the file every time.
    const target = total > this.o.maxBytes ? this.o.maxBytes * 0.8 : this.o.maxBytes;
    let drop = 0;
    while (drop < kept.length && total > target) total -= kept[drop++]!.bytes;
    if (drop) kept = kept.slice(drop);
    return kept;
  }

  private async rewrite(kept: Array<{ line: Line; bytes: number }>): Promise<void> {
    const tmp = `${this.file}.tmp`;
    const body = kept.map((l) => JSON.stringify(l.line)).join('\n') + (kept.length ? '\n' : '');
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.writeFile(body, 'utf8');
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, this.file);
    this.size = Buffer.byteLength(body);
  }

  /** Applies the limits to what is on disk and in memory (after an append went over the size). */
  private async compact(): Promise<void> {
    const text = await fs.promises.readFile(this.file, 'utf8');
    const kept = this.retain(this.parse(text));
    await this.rewrite(kept);
    const before = new Set(this.keyTraces.keys());
    this.reset();
    this.size = kept.reduce((a, l) => a + l.bytes, 0);
    for (const l of kept) this.take(l.line);
    const gone = [...before].filter((k) => !this.keyTraces.has(k));
    if (gone.length) this.emitter.emit('change', gone);
  }

  /** Applies the age limit now (the host calls this now and then). */
  prune(): Promise<void> {
    const p = this.queue.then(() => this.compact());
    this.queue = p.catch(() => undefined);
    return p;
  }
}

const LOOSE = '\u0000loose-logs';
