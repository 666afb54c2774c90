// The message protocol between the extension host and the inspector webview: the core every page
// speaks (core.ts) plus the inspector's own. Both sides import this file (the webview bundle too)
// and validate every message they receive with it, so a message that does not fit is logged and
// ignored instead of half-applied.
import * as z from '../model/zod';
import { MetadataSchema, ProviderKindSchema, SessionEventSchema, TotalsSchema } from '../model/schema';
import { CoreHostMessageSchema, CorePageMessageSchema, parseWith } from './core';

export { MAX_RESOLVE_PATHS, parseWith, type ParseResult } from './core';

/** A run without its events: events arrive in chunks so the first ones paint before the last arrive. */
export const RunHeaderSchema = z.object({
  id: z.string(),
  title: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  model: z.optional(z.string()),
  status: z.optional(z.string()),
  /** Who ran it when not the session's agent (a team member, a workflow step's agent). */
  agentName: z.optional(z.string()),
  eventCount: z.number(),
  totals: TotalsSchema,
  providerTotals: z.optional(TotalsSchema),
});
export type RunHeader = z.infer<typeof RunHeaderSchema>;

export const SessionHeaderSchema = z.object({
  id: z.string(),
  provider: ProviderKindSchema,
  /** The platform's name from the provider registry (the page knows no kinds); absent: the kind is shown. */
  providerName: z.optional(z.string()),
  connectionLabel: z.optional(z.string()),
  agentId: z.optional(z.string()),
  agentName: z.optional(z.string()),
  title: z.string(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  isTest: z.optional(z.boolean()),
  metadata: MetadataSchema,
  runs: z.array(RunHeaderSchema),
  totals: TotalsSchema,
  providerTotals: z.optional(TotalsSchema),
  /** Why the session has no events, when the provider's reply tells (Session.emptyReason). */
  emptyReason: z.optional(z.string()),
});
export type SessionHeader = z.infer<typeof SessionHeaderSchema>;

// ---- host → webview -------------------------------------------------------------------------
export const HostMessageSchema = z.discriminatedUnion('type', [
  ...CoreHostMessageSchema.def.options,
  /** A (re)load begins: forget what is shown. */
  /** `totalEstimated`: `totalEvents` is the source's estimate so far (a file still being scanned); the end brings the count. */
  z.object({
    type: z.literal('session/begin'),
    header: SessionHeaderSchema,
    totalEvents: z.number(),
    totalEstimated: z.optional(z.boolean()),
  }),
  /** The next events in session order (each names its run). */
  z.object({ type: z.literal('session/events'), events: z.array(SessionEventSchema) }),
  /**
   * The same as session/events, its events as UTF-8 JSON bytes (cheaper through VS Code: packed.ts),
   * gzip-compressed when `encoding` says so (the page inflates them before it takes them in).
   */
  z.object({ type: z.literal('session/eventsPacked'), json: z.instanceof(Uint8Array), encoding: z.optional(z.literal('gzip')) }),
  /**
   * All events sent. `header`, when the header at session/begin was not yet the whole (a session
   * read in slices learns its runs and totals only at the end): the full one, which replaces it.
   */
  z.object({ type: z.literal('session/end'), header: z.optional(SessionHeaderSchema) }),
  /** Loading failed; `message` says what happened and what to do. */
  z.object({ type: z.literal('session/error'), message: z.string() }),
  z.object({ type: z.literal('session/loading'), title: z.string() }),
  /**
   * A live session (a chat in progress) grew: these events follow the ones already sent. Accepted
   * while streaming and after session/end; a replay in progress plays on into them.
   */
  z.object({ type: z.literal('session/append'), events: z.array(SessionEventSchema) }),
  /** Bring this event into view (a link from the Chat view's /explain answer). */
  z.object({ type: z.literal('reveal'), eventId: z.string() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

// ---- webview → host -------------------------------------------------------------------------
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  ...CorePageMessageSchema.def.options,
  z.object({ type: z.literal('retry') }),
  /** Open VS Code's diff of this model call's request against the previous one's. */
  z.object({ type: z.literal('compareRequests'), eventId: z.string() }),
  /** Ask the editor's language model to explain the session, or why this (failed) event failed. */
  z.object({ type: z.literal('explain'), eventId: z.optional(z.string()) }),
  /** The reader opened or closed the session header's details: the host remembers it for every panel. */
  z.object({ type: z.literal('headerExpanded'), expanded: z.boolean() }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export const parseHostMessage = (data: unknown) => parseWith(HostMessageSchema, data);
export const parseWebviewMessage = (data: unknown) => parseWith(WebviewMessageSchema, data);

/**
 * Where an inspector's session came from, kept by its page so the panel reopens on it after
 * Reload Window: a provider's session (fetched again), or a session file (read again; `sessionId`
 * picks one of an OTLP file's sessions). Ids and a path only.
 */
export const InspectorRestoreSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('session'),
    connectionId: z.string(),
    agentId: z.string(),
    sessionId: z.string(),
    title: z.optional(z.string()),
    connectionLabel: z.optional(z.string()),
  }),
  z.object({ source: z.literal('file'), uri: z.string(), sessionId: z.optional(z.string()), title: z.optional(z.string()) }),
]);
export type InspectorRestore = z.infer<typeof InspectorRestoreSchema>;

/**
 * How many events go in one `session/events` message. Each message is a round trip through VS
 * Code's webview channel (extension host → workbench → page): 2,000 events (~1 MB) a message keep
 * a 100,000-event session to 50 of them, small enough that the page applies one within a frame or two.
 */
export const EVENT_CHUNK_SIZE = 2_000;
/** The first chunk: enough events for the first screen, sent before the rest are cut. */
export const FIRST_CHUNK_SIZE = 200;
/** Chunks posted before the host waits for the oldest to be delivered (keeps the channel busy, not flooded). */
export const CHUNKS_IN_FLIGHT = 4;
