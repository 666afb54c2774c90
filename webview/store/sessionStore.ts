// What the inspector knows about the session on screen, apart from how it is drawn: the header,
// the events in session order, and the call graph (which result answers which call, how deep a
// call is nested). Renderers subscribe to changes; replay, filters, search and virtualised
// rendering (issue 4) read the same store without touching the DOM code.
import type { SessionEvent } from '../../src/model/schema';
import type { HostMessage, RunHeader, SessionHeader } from '../../src/protocol/messages';
import { SearchIndex } from './searchIndex';
import { eventSearchText, isErrorEvent } from './searchText';

export interface StoredEvent {
  /** Position in session order. */
  readonly index: number;
  /** Replaced when a live session sends the same event id again with more content. */
  event: SessionEvent;
  /** 0 at the top level; one more for every parent call above it. */
  readonly depth: number;
  /** For a tool_result: the index of the call it answers, when that call is in the session. */
  readonly callIndex?: number;
  /** The parentCallId names a call that is not in the session (yet). */
  readonly orphan?: boolean;
}

export type StoreStatus = 'idle' | 'loading' | 'streaming' | 'complete' | 'error';

export type StoreChange =
  | { type: 'loading'; title: string }
  | { type: 'begin'; header: SessionHeader; totalEvents: number }
  /** A run the header did not list showed up in the events; it is appended to `runs`. */
  | { type: 'run'; run: RunHeader }
  /** Events [from, to) were added; `live` when they came with session/append (a chat growing). */
  | { type: 'append'; from: number; to: number; live?: boolean }
  /** Events already shown were sent again with new content (a live answer growing); same places. */
  | { type: 'update'; indexes: number[] }
  /** All events are in; `header` when the host sent the full header with the end (a session read in slices). */
  | { type: 'end'; header?: SessionHeader }
  | { type: 'error'; message: string };

export type StoreListener = (change: StoreChange) => void;

/** Deeper nesting than this is drawn at this depth (the parent chain is still followed). */
export const MAX_DEPTH = 12;

/** The most events room is made for before they arrive (expectedEvents); past it, arrays grow as they fill. */
export const ROOM_AHEAD_LIMIT = 2_000_000;

export class SessionStore {
  status: StoreStatus = 'idle';
  header: SessionHeader | undefined;
  totalEvents = 0;

  /**
   * How many events the list may make room for ahead of their arrival: the count the host gave,
   * unless it is an estimate, and never more than ROOM_AHEAD_LIMIT (a provider's header can claim
   * any number; room for a billion would be gigabytes before one event came).
   */
  get expectedEvents(): number {
    return this.totalEstimated ? 0 : Math.min(this.totalEvents, ROOM_AHEAD_LIMIT);
  }
  /** `totalEvents` is the host's estimate (the page says "about"). */
  totalEstimated = false;
  loadingTitle = '';
  errorMessage = '';
  readonly events: StoredEvent[] = [];
  readonly runs: RunHeader[] = [];
  /** Per event, the lower-cased text search looks through (searchText.ts), made and joined in blocks when searched (searchIndex.ts). */
  readonly searchText = new SearchIndex((i) => eventSearchText(this.events[i]!.event));
  /** Indexes of error events and failed results, ascending ("next error", "only errors"). */
  readonly errorIndexes: number[] = [];
  /** How many events of each kind (the kind filter shows them). */
  readonly kindCounts = new Map<SessionEvent['kind'], number>();
  /** The session has grown through session/append since it loaded. */
  live = false;

  /**
   * Event id → index, built when first asked (a link from the chat, a reselect, a live upsert) and
   * then kept up: loading a million events does not pay for a million map entries it may never read.
   */
  private readonly byId = new Map<string, number>();
  private idsKnown = 0;
  private readonly callsById = new Map<string, number>();
  private readonly resultsByCall = new Map<number, number[]>();
  private readonly knownRuns = new Set<string>();
  private readonly listeners: StoreListener[] = [];

  subscribe(listener: StoreListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Applies one validated host message. Returns a warning when the message made no sense here. */
  apply(message: HostMessage): string | undefined {
    switch (message.type) {
      case 'session/loading':
        this.reset();
        this.status = 'loading';
        this.loadingTitle = message.title;
        this.emit({ type: 'loading', title: message.title });
        return undefined;
      case 'session/begin':
        this.reset();
        this.status = 'streaming';
        this.header = message.header;
        this.totalEvents = message.totalEvents;
        this.totalEstimated = message.totalEstimated === true;
        for (const run of message.header.runs) this.addRun(run);
        this.emit({ type: 'begin', header: message.header, totalEvents: message.totalEvents });
        return undefined;
      case 'session/events':
        if (this.status !== 'streaming') return `session/events arrived while ${this.status}; ignored`;
        this.appendEvents(message.events);
        return undefined;
      case 'session/end':
        if (this.status !== 'streaming') return `session/end arrived while ${this.status}; ignored`;
        this.status = 'complete';
        if (message.header) this.takeHeader(message.header);
        this.emit(message.header ? { type: 'end', header: message.header } : { type: 'end' });
        return undefined;
      case 'session/append':
        if (this.status !== 'streaming' && this.status !== 'complete') return `session/append arrived while ${this.status}; ignored`;
        this.live = true;
        {
          const before = this.events.length;
          this.appendEvents(message.events, true);
          this.totalEvents += this.events.length - before;
        }
        return undefined;
      case 'session/error':
        this.status = 'error';
        this.errorMessage = message.message;
        this.emit({ type: 'error', message: message.message });
        return undefined;
      default:
        // Messages that are not about the session's content (answers to page requests).
        return undefined;
    }
  }

  isError(index: number): boolean {
    const e = this.events[index];
    return e !== undefined && isErrorEvent(e.event);
  }

  get(index: number): StoredEvent | undefined {
    return this.events[index];
  }

  indexOfId(eventId: string): number | undefined {
    return this.ids().get(eventId);
  }

  /** Results answering the call at `callIndex`, in session order. */
  resultsOf(callIndex: number): readonly number[] {
    return this.resultsByCall.get(callIndex) ?? [];
  }

  private reset(): void {
    this.header = undefined;
    this.totalEvents = 0;
    this.totalEstimated = false;
    this.loadingTitle = '';
    this.errorMessage = '';
    this.events.length = 0;
    this.runs.length = 0;
    this.searchText.clear();
    this.errorIndexes.length = 0;
    this.kindCounts.clear();
    this.live = false;
    this.byId.clear();
    this.idsKnown = 0;
    this.callsById.clear();
    this.resultsByCall.clear();
    this.knownRuns.clear();
  }

  /**
   * The full header at the end: its runs (with their totals) replace the bare ones the events
   * named, in place; a run it does not list (none should be missing) stays after them.
   */
  private takeHeader(header: SessionHeader): void {
    this.header = header;
    const listed = new Set(header.runs.map((r) => r.id));
    const unlisted = this.runs.filter((r) => !listed.has(r.id));
    this.runs.length = 0;
    this.knownRuns.clear();
    for (const run of [...header.runs, ...unlisted]) this.addRun(run);
  }

  private addRun(run: RunHeader): void {
    this.knownRuns.add(run.id);
    this.runs.push(run);
  }

  private appendEvents(events: readonly SessionEvent[], live = false): void {
    const from = this.events.length;
    const updated: number[] = [];
    for (const event of events) {
      const known = live ? this.ids().get(event.id) : undefined;
      if (known !== undefined && known < from) {
        this.replace(known, event);
        updated.push(known);
        continue;
      }
      if (!this.knownRuns.has(event.runId)) {
        const run: RunHeader = { id: event.runId, eventCount: 0, totals: { tokens: {} } };
        this.addRun(run);
        this.emit({ type: 'run', run });
      }
      const index = this.events.length;
      this.events.push(this.place(event, index));
      this.searchText.push();
      if (isErrorEvent(event)) this.errorIndexes.push(index);
      this.kindCounts.set(event.kind, (this.kindCounts.get(event.kind) ?? 0) + 1);
    }
    if (updated.length) this.emit({ type: 'update', indexes: updated });
    if (this.events.length > from) this.emit({ type: 'append', from, to: this.events.length, ...(live ? { live } : {}) });
  }

  /** Same id, new content: the event keeps its place in the list and the call tree. */
  private replace(index: number, event: SessionEvent): void {
    this.events[index]!.event = event;
    this.searchText.set(index);
    if (isErrorEvent(event) && !this.errorIndexes.includes(index)) {
      this.errorIndexes.push(index);
      this.errorIndexes.sort((a, b) => a - b);
    }
  }

  /** Works out where an event sits in the call tree from the calls seen before it. */
  private place(event: SessionEvent, index: number): StoredEvent {
    let depth = 0;
    let callIndex: number | undefined;
    let orphan = false;
    const parentCallId = 'parentCallId' in event ? event.parentCallId : undefined;
    if (event.kind === 'tool_result' && event.callId !== undefined && this.callsById.has(event.callId)) {
      // A result sits beside the call it answers.
      callIndex = this.callsById.get(event.callId)!;
      depth = this.events[callIndex]!.depth;
      const list = this.resultsByCall.get(callIndex) ?? [];
      list.push(index);
      this.resultsByCall.set(callIndex, list);
    } else if (parentCallId !== undefined) {
      const parentIndex = this.callsById.get(parentCallId);
      if (parentIndex === undefined) orphan = true;
      depth = Math.min(MAX_DEPTH, (parentIndex === undefined ? 0 : this.events[parentIndex]!.depth) + 1);
    }
    if ((event.kind === 'tool_call' || event.kind === 'code_execution') && event.callId !== undefined) {
      this.callsById.set(event.callId, index);
    }
    return { index, event, depth, callIndex, orphan: orphan || undefined };
  }

  private ids(): Map<string, number> {
    // In session order, so a repeated id names its last event, as when the map was kept eagerly.
    for (; this.idsKnown < this.events.length; this.idsKnown++) this.byId.set(this.events[this.idsKnown]!.event.id, this.idsKnown);
    return this.byId;
  }

  private emit(change: StoreChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
