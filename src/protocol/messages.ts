// The one message protocol between the extension host and the inspector webview. Both sides
// import this file (the webview bundle too) and validate every message they receive with it, so a
// message that does not fit is logged and ignored instead of half-applied.
import * as z from '../model/zod';
import { MetadataSchema, ProviderKindSchema, SessionEventSchema, TotalsSchema } from '../model/schema';

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
});
export type SessionHeader = z.infer<typeof SessionHeaderSchema>;

/** At most this many paths in one `resolvePaths` request. */
export const MAX_RESOLVE_PATHS = 500;

// ---- host → webview -------------------------------------------------------------------------
export const HostMessageSchema = z.discriminatedUnion('type', [
  /** A (re)load begins: forget what is shown. */
  z.object({ type: z.literal('session/begin'), header: SessionHeaderSchema, totalEvents: z.number() }),
  /** The next events in session order (each names its run). */
  z.object({ type: z.literal('session/events'), events: z.array(SessionEventSchema) }),
  z.object({ type: z.literal('session/end') }),
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
  /** Answer to `resolvePaths`: the asked paths that name a file in the workspace. */
  z.object({ type: z.literal('pathsResolved'), id: z.number(), existing: z.array(z.string()) }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

// ---- webview → host -------------------------------------------------------------------------
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** The page has loaded its script and can receive the session. */
  z.object({ type: z.literal('ready') }),
  /** Open the raw payload of one event, or of the whole session when eventId is absent. */
  z.object({ type: z.literal('showRaw'), eventId: z.optional(z.string()) }),
  z.object({ type: z.literal('copy'), text: z.string() }),
  z.object({ type: z.literal('openCode'), code: z.string(), language: z.string() }),
  z.object({ type: z.literal('retry') }),
  /** A link in agent content was clicked; the host opens http(s) links in the browser. */
  z.object({ type: z.literal('openLink'), url: z.string().check(z.maxLength(8192)) }),
  /** Which of these path-like strings (from tool arguments, results, output) are workspace files? */
  z.object({ type: z.literal('resolvePaths'), id: z.number(), paths: z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(MAX_RESOLVE_PATHS)) }),
  /** Open a workspace file the page found in agent content, at a 1-based line when given. */
  z.object({ type: z.literal('openFile'), path: z.string().check(z.maxLength(1024)), line: z.optional(z.int().check(z.positive())) }),
  /** Open VS Code's diff of this model call's request against the previous one's. */
  z.object({ type: z.literal('compareRequests'), eventId: z.string() }),
  /** Ask the editor's language model to explain the session, or why this (failed) event failed. */
  z.object({ type: z.literal('explain'), eventId: z.optional(z.string()) }),
  /** The reader opened or closed the session header's details: the host remembers it for every panel. */
  z.object({ type: z.literal('headerExpanded'), expanded: z.boolean() }),
  /** Something went wrong inside the page; the host logs it. */
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): ParseResult<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid message'}` };
}

export const parseHostMessage = (data: unknown) => parseWith(HostMessageSchema, data);
export const parseWebviewMessage = (data: unknown) => parseWith(WebviewMessageSchema, data);

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
