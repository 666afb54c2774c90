// A run as AgentOS streams it (POST /agents/{id}/runs with stream=true: one server-sent event per
// RunOutputEvent, agno 3.1.10 agno/os/utils.py format_sse_event) → normalised events as they
// arrive, through the reducer the stored path uses too (reducer.ts), so a streamed reply looks like
// the same run opened later, with what only the live stream has:
// - RunContent chunks (which agno does not store) grow one assistant message, and chunks carrying
//   `reasoning_content` grow one reasoning event; each growth is re-delivered under the same id;
// - a failing tool arrives as ToolCallCompleted (tool_call_error: true) and then ToolCallError:
//   one tool result, completed in place;
// - a team member's or a workflow step's events (their own `run_id`) go to a reducer of their own
//   and carry that run's id, as when the session is read back: their answer is never the team's,
//   their tokens never the leader's, their RunCompleted never the end of the run; what they pause
//   on is a pending step of the run itself (the run the person continues), as when read back.
// Anything unknown becomes an `other` event with all its fields; a data line that is not JSON too.
// Delivered events are shallow copies made once per server-sent event (the reducer never mutates
// an event deeper than its own fields), not deep clones of a growing answer on every chunk.
import type { SessionEvent } from '../../model';
import { otherEvent, textOf } from '../mapping';
import { AgnoRunReducer, agnoEventName, runOf, type AgnoRunEnd } from './reducer';
import { AgnoRunEventSchema } from './schema';

export type { AgnoRunEnd } from './reducer';

export class AgnoRunStream {
  /** The run's id (from RunStarted, else the first event that names one). */
  runId?: string;
  sessionId?: string;
  /** Every event so far, in the order they first arrived (the run's own and its members'). */
  private readonly list: SessionEvent[] = [];
  private readonly known = new Set<SessionEvent>();
  private changed = new Set<SessionEvent>();
  /** One reducer per run the stream speaks of: the run itself, then each member or step run. */
  private readonly runs = new Map<string, AgnoRunReducer>();
  private first?: AgnoRunReducer;
  private streamEnd?: AgnoRunEnd;

  /** `message` is what the user sent: the run's first event, as in a stored run. */
  constructor(private readonly message: string) {}

  /** How the run ended, as the stream said it (undefined: the stream has not said). */
  get end(): AgnoRunEnd | undefined {
    return (this.runId ? this.runs.get(this.runId)?.end : undefined) ?? this.streamEnd;
  }

  /** Every event so far, as copies. */
  events(): SessionEvent[] {
    return this.list.map((e) => ({ ...e }));
  }

  /**
   * One server-sent event (its `event` field and its `data` text). Returns the events it added
   * or changed, as copies, in the order of the list.
   */
  push(sseEvent: string | undefined, data: string): SessionEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      // Not JSON (a proxy's text, a framework's error line): shown, not dropped.
      const own = this.own(undefined, undefined);
      own.push({ ...own.base(undefined), kind: 'other', type: sseEvent || 'message', text: data, fields: { data }, raw: data });
      return this.flush();
    }
    const raw = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : { data: json };
    const parsed = AgnoRunEventSchema.safeParse(raw);
    if (!parsed.success) {
      const own = this.own(undefined, undefined);
      own.push(otherEvent(raw, sseEvent || (typeof raw.event === 'string' ? raw.event : 'unknown'), own.base(raw.created_at)));
      return this.flush();
    }
    const ev = parsed.data;
    const name = agnoEventName(ev.event ?? sseEvent);
    if (name === 'error' && !ev.event?.startsWith('Run')) {
      // AgentOS's own error frame (agno/os/utils.py sse_error_frame): `{ event: "error", error }`.
      const own = this.own(undefined, undefined);
      own.push({ ...own.base(ev.created_at), kind: 'error', message: textOf(ev.error) || 'The server reported an error', raw });
      this.streamEnd ??= 'error';
      return this.flush();
    }
    if (name === 'RunStarted' && this.runId === undefined) this.sessionId ??= ev.session_id ?? undefined;
    const own = this.own(ev.run_id, ev.created_at);
    this.sessionId ??= ev.session_id ?? undefined;
    const target = runOf(ev, this.runId ?? own.runId);
    this.reducer(target).event(ev.event ? ev : { ...ev, event: sseEvent }, raw);
    return this.flush();
  }

  /**
   * The stream stopped before the run ended (Stop, or a dropped connection): the answer being
   * written is marked interrupted. Returns the events that changed.
   */
  interrupt(): SessionEvent[] {
    const last = [...this.list].reverse().find((e) => e.kind === 'assistant_message');
    if (last) this.runs.get(last.runId)?.interrupt();
    return this.flush();
  }

  /**
   * The run's own reducer; the first event creates it and puts the user's message first. Events
   * before any run id was known (a proxy's line) make it under "run": the run id, once known,
   * then names the same reducer.
   */
  private own(runId: string | null | undefined, time: unknown): AgnoRunReducer {
    if (this.runId === undefined && runId) {
      this.runId = runId;
      if (this.first && !this.runs.has(runId)) this.runs.set(runId, this.first);
    }
    if (!this.first) {
      this.first = new AgnoRunReducer(this.runId ?? 'run', {}, (e) => this.note(e));
      this.runs.set(this.first.runId, this.first);
      this.first.push({ ...this.first.base(time), kind: 'user_message', text: this.message, raw: { run_input: this.message } });
    }
    return this.first;
  }

  private reducer(runId: string): AgnoRunReducer {
    let r = this.runs.get(runId);
    if (!r) {
      // A member's or step's pause is answered on the run this stream started: shown there, once.
      r = new AgnoRunReducer(runId, { pausesTo: this.first }, (e) => this.note(e));
      this.runs.set(runId, r);
    }
    return r;
  }

  private note(e: SessionEvent): void {
    if (!this.known.has(e)) {
      this.known.add(e);
      this.list.push(e);
    }
    this.changed.add(e);
  }

  private flush(): SessionEvent[] {
    const out = this.list.filter((e) => this.changed.has(e)).map((e) => ({ ...e }));
    this.changed = new Set();
    return out;
  }
}
