// The message protocol between the extension host and the chat webview: the core every page speaks
// (core.ts: ready, log, copy, openCode, links, showRaw — what the shared event renderers post) plus
// the chat's own; none of the inspector's. Like messages.ts it is imported by both sides, and every
// message received is validated with it, so a message that does not fit is logged and ignored
// instead of half-applied.
import * as z from '../model/zod';
import { ProviderKindSchema, SessionEventSchema } from '../model/schema';
import { CoreHostMessageSchema, CorePageMessageSchema, parseWith } from './core';
import { forPage as forPageEvent } from './header';
import type { SessionEvent } from '../model/schema';

/** How a reply ended. `failed`: nothing arrived (the message may not have reached the agent). */
export const TurnStatusSchema = z.enum(['pending', 'streaming', 'complete', 'incomplete', 'cancelled', 'failed']);
export type TurnStatus = z.infer<typeof TurnStatusSchema>;

/** A person's answer to one pending step of a paused run (see PendingDecision in providers/types.ts). */
export const PendingDecisionSchema = z.object({
  callId: z.string(),
  outcome: z.enum(['approved', 'rejected', 'provided']),
  note: z.optional(z.string()),
  values: z.optional(z.record(z.string(), z.unknown())),
  result: z.optional(z.string()),
});
export type ChatPendingDecision = z.infer<typeof PendingDecisionSchema>;

/** One exchange: what the user sent and the run that answered it. */
export const ChatTurnSchema = z.object({
  id: z.string(),
  /** What the user typed; empty for a greeting; absent for turns replayed from a stored session. */
  userText: z.optional(z.string()),
  status: TurnStatusSchema,
  events: z.array(SessionEventSchema),
  /** Wall-clock milliseconds from send to the end of the reply, as the host measured it. */
  elapsedMs: z.optional(z.number()),
  /** Why the reply failed or stopped short, in words for people. */
  error: z.optional(z.string()),
  startedAt: z.optional(z.string()),
  /**
   * Decisions on the turn's pending steps that were sent and not yet taken: while the run
   * continues, and after a continue that failed (kept for Retry, nothing lost).
   */
  decisions: z.optional(z.array(PendingDecisionSchema)),
});
export type ChatTurn = z.infer<typeof ChatTurnSchema>;

export const ChatTargetInfoSchema = z.object({
  provider: ProviderKindSchema,
  connectionLabel: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  sessionId: z.optional(z.string()),
  sessionTitle: z.optional(z.string()),
  /** The provider answers an empty message with a greeting (Piper, demo). */
  canGreet: z.boolean(),
  /** The reply streams in; when false the page shows a waiting state until it arrives whole. */
  streams: z.boolean(),
  /** The provider can continue a run paused for a person (Approve / Reject / answer in the page). */
  canContinue: z.optional(z.boolean()),
});
export type ChatTargetInfo = z.infer<typeof ChatTargetInfoSchema>;

// ---- host → chat page ------------------------------------------------------------------------
export const ChatHostMessageSchema = z.discriminatedUnion('type', [
  ...CoreHostMessageSchema.def.options,
  /** Everything the page shows, sent when it says it is ready (and again after a reload). */
  z.object({
    type: z.literal('chat/init'),
    target: ChatTargetInfoSchema,
    turns: z.array(ChatTurnSchema),
    /** The saved draft; the page prefers its own saved state when it has one for this chat. */
    draft: z.string(),
    /** Earlier turns are still loading (Continue Session). */
    loadingHistory: z.boolean(),
    historyError: z.optional(z.string()),
  }),
  /** The stored session's earlier runs arrived (Continue Session). */
  z.object({ type: z.literal('chat/history'), turns: z.array(ChatTurnSchema), error: z.optional(z.string()) }),
  z.object({ type: z.literal('chat/turnStart'), turn: ChatTurnSchema }),
  /** Events of a turn as they stream; an id seen before replaces the earlier delivery in place. */
  z.object({ type: z.literal('chat/events'), turnId: z.string(), events: z.array(SessionEventSchema) }),
  /** A paused turn continues with these decisions: its run streams on into the same turn. */
  z.object({ type: z.literal('chat/turnResume'), turnId: z.string(), decisions: z.array(PendingDecisionSchema) }),
  /** The reply ended. `events` supersede what streamed; `restoreDraft` gives a failed message back. */
  z.object({
    type: z.literal('chat/turnEnd'),
    turnId: z.string(),
    status: TurnStatusSchema,
    events: z.array(SessionEventSchema),
    elapsedMs: z.optional(z.number()),
    error: z.optional(z.string()),
    restoreDraft: z.optional(z.string()),
    /** A continue that failed: the decisions stay, for Retry. */
    decisions: z.optional(z.array(PendingDecisionSchema)),
  }),
  /** The chat now belongs to this session (a new session got its id, or its title changed). */
  z.object({ type: z.literal('chat/session'), sessionId: z.string(), title: z.optional(z.string()) }),
  /** Text to put in the composer (Send Selection while a reply is still coming). */
  z.object({ type: z.literal('chat/insert'), text: z.string() }),
]);
export type ChatHostMessage = z.infer<typeof ChatHostMessageSchema>;

// ---- chat page → host ------------------------------------------------------------------------
export const ChatWebviewMessageSchema = z.discriminatedUnion('type', [
  ...CorePageMessageSchema.def.options,
  /** Send a message; empty text asks for a greeting where the agent supports one. */
  z.object({ type: z.literal('chat/send'), text: z.string() }),
  z.object({ type: z.literal('chat/stop') }),
  /** The composer changed (debounced by the page); the host keeps it per agent and session. */
  z.object({ type: z.literal('chat/draft'), text: z.string() }),
  z.object({ type: z.literal('chat/openInspector') }),
  /** Continue the turn's paused run with these decisions (one per pending step of `runId`). */
  z.object({
    type: z.literal('chat/continue'),
    turnId: z.string(),
    runId: z.string(),
    decisions: z.array(PendingDecisionSchema).check(z.minLength(1)),
  }),
  /** Load the earlier turns again after they failed to load. */
  z.object({ type: z.literal('chat/reloadHistory') }),
]);
export type ChatWebviewMessage = z.infer<typeof ChatWebviewMessageSchema>;

export const parseChatHostMessage = (data: unknown) => parseWith(ChatHostMessageSchema, data);
export const parseChatWebviewMessage = (data: unknown) => parseWith(ChatWebviewMessageSchema, data);

/** Who a chat talks to, kept by its page so the panel reopens on the same agent and session after Reload Window. */
export const ChatRestoreSchema = z.object({
  connectionId: z.string(),
  /** For the message when the connection is gone, and the page's provider-specific controls meanwhile. */
  connectionLabel: z.optional(z.string()),
  provider: z.optional(ProviderKindSchema),
  agentId: z.string(),
  agentName: z.string(),
  sessionId: z.optional(z.string()),
  sessionTitle: z.optional(z.string()),
});
export type ChatRestore = z.infer<typeof ChatRestoreSchema>;

/** The events as the page gets them: see `forPage` in header.ts (no raw, hostile depth as text). */
export function forPage(events: readonly SessionEvent[]): SessionEvent[] {
  return events.map(forPageEvent);
}

/** A message that failed to send goes back into the composer, before anything typed since. */
export function mergeDraft(restored: string, current: string): string {
  if (!current.trim()) return restored;
  if (!restored.trim() || current.includes(restored)) return current;
  return `${restored}\n\n${current}`;
}
