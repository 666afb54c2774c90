// One tool call has one result. agno 3.1.10 reports a failed tool twice: ToolCallCompleted (its
// `tool.tool_call_error` true, its content "name(args) completed in …s.") and then ToolCallError with
// the error text and the same `tool`. Mapped one by one they are two results; this folds them.
import type { SessionEvent } from '../../model';

type ToolResult = Extract<SessionEvent, { kind: 'tool_result' }>;

/**
 * Folds every later result of a call id into the first one, in place: the first keeps its place and
 * time, an error wins (flag and text), missing fields are filled, and its `raw` becomes the list of
 * every payload that was folded so "Show raw JSON" still shows each of them.
 */
export function mergeToolResults(events: SessionEvent[]): void {
  const first = new Map<string, ToolResult>();
  const raws = new Map<ToolResult, unknown[]>();
  let kept = 0;
  for (const e of events) {
    if (e.kind === 'tool_result' && e.callId) {
      const into = first.get(e.callId);
      if (into) {
        const list = raws.get(into) ?? [into.raw];
        list.push(e.raw);
        raws.set(into, list);
        into.raw = list;
        foldResult(into, e);
        continue;
      }
      first.set(e.callId, e);
    }
    events[kept++] = e;
  }
  events.length = kept;
}

/** Folds `e` into `into`: the error wins (flag and text), missing fields are filled. */
export function foldResult(into: ToolResult, e: ToolResult): void {
  const missing = (v: unknown) => v === undefined || v === null;
  if (e.isError) {
    into.isError = true;
    // ToolCallError's `error` is the failure's own text; the Completed event may hold a summary.
    if (!missing(e.result)) into.result = e.result;
  } else if (missing(into.result) && !missing(e.result)) {
    into.result = e.result;
  }
  into.name ??= e.name;
  into.parentCallId ??= e.parentCallId;
  into.latencyMs ??= e.latencyMs;
  into.timestamp ??= e.timestamp;
  into.timeMs ??= e.timeMs;
  into.tokens ??= e.tokens;
  into.costUsd ??= e.costUsd;
  into.model ??= e.model;
  into.provider ??= e.provider;
}
