// The messages every page speaks (the inspector and the chat alike), and how both sides check a
// message on receipt. Each page's own protocol (messages.ts for the inspector, chat.ts for the
// chat) is this core plus its own messages, so a page accepts only what it handles.
import * as z from '../model/zod';

/** At most this many paths in one `resolvePaths` request. */
export const MAX_RESOLVE_PATHS = 500;

// ---- page → host, every page ------------------------------------------------------------------
export const CorePageMessageSchema = z.discriminatedUnion('type', [
  /** The page has loaded its script and can receive messages; posts wait for it (again after a reload). */
  z.object({ type: z.literal('ready') }),
  /** Something went wrong inside the page; the host logs it. */
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  /** Open the raw payload of one event, or of the whole session when eventId is absent. */
  z.object({ type: z.literal('showRaw'), eventId: z.optional(z.string()) }),
  z.object({ type: z.literal('copy'), text: z.string() }),
  z.object({ type: z.literal('openCode'), code: z.string(), language: z.string() }),
  /** A link in agent content was clicked; the host opens http(s) links in the browser. */
  z.object({ type: z.literal('openLink'), url: z.string().check(z.maxLength(8192)) }),
  /** Which of these path-like strings (from tool arguments, results, output) are workspace files? */
  z.object({
    type: z.literal('resolvePaths'),
    id: z.number(),
    paths: z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(MAX_RESOLVE_PATHS)),
  }),
  /** Open a workspace file the page found in agent content, at a 1-based line when given. */
  z.object({ type: z.literal('openFile'), path: z.string().check(z.maxLength(1024)), line: z.optional(z.int().check(z.positive())) }),
]);
export type CorePageMessage = z.infer<typeof CorePageMessageSchema>;

/**
 * What brings a panel back after Reload Window: the page keeps it in its saved state
 * (getState/setState), VS Code hands that state to the panel serializer, and the host reads it
 * with the page's own schema (InspectorRestoreSchema, ChatRestoreSchema). Ids and paths only: never a token.
 */
/** The key of the page's saved state under which it keeps the restore key beside its own view state. */
export const RESTORE_STATE_KEY = 'restore';

export const RestoreKeySchema = z.record(z.string(), z.unknown());
export type RestoreKey = z.infer<typeof RestoreKeySchema>;

// ---- host → page, every page ------------------------------------------------------------------
export const CoreHostMessageSchema = z.discriminatedUnion('type', [
  /** Answer to `resolvePaths`: the asked paths that name a file in the workspace. */
  z.object({ type: z.literal('pathsResolved'), id: z.number(), existing: z.array(z.string()) }),
  /** Keep this in the page's saved state: the serializer reopens the panel from it after a reload. */
  z.object({ type: z.literal('page/restore'), key: RestoreKeySchema }),
]);
export type CoreHostMessage = z.infer<typeof CoreHostMessageSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): ParseResult<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid message'}` };
}
