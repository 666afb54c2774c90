// The normalised session model, defined once as zod schemas so that the same definition types the
// code (z.infer) and validates data crossing a boundary (files on disk, host ⇄ webview messages).
// This folder never imports `vscode`: it runs in plain Node, in tests and in the webview bundle.
import * as z from './zod';

export const ProviderKindSchema = z.enum(['demo', 'piper', 'agno', 'foundry', 'file']);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

/** Tokens by kind. A missing field means "the provider did not say", never zero. */
export const TokenUsageSchema = z.object({
  input: z.optional(z.number()),
  output: z.optional(z.number()),
  /** Cache reads and writes are reported apart from `input`; they are never added into it. */
  cacheRead: z.optional(z.number()),
  cacheWrite: z.optional(z.number()),
  reasoning: z.optional(z.number()),
  /** Only when the provider gives a total without a breakdown (Foundry's totalTokensUsed). */
  total: z.optional(z.number()),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

const eventBase = {
  /** Unique within the session. */
  id: z.string(),
  runId: z.string(),
  /** ISO-8601 time as the provider gave it (nanoseconds kept), when known. */
  timestamp: z.optional(z.string()),
  /** Milliseconds since the epoch, derived from `timestamp`, for ordering and pacing. */
  timeMs: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
  tokens: z.optional(TokenUsageSchema),
  costUsd: z.optional(z.number()),
  model: z.optional(z.string()),
  provider: z.optional(z.string()),
  /** The provider's original payload for this event, shown by "Show raw JSON". */
  raw: z.optional(z.unknown()),
};

export const UserMessageSchema = z.object({ ...eventBase, kind: z.literal('user_message'), text: z.string() });
export const AssistantMessageSchema = z.object({
  ...eventBase,
  kind: z.literal('assistant_message'),
  text: z.string(),
  /** The answer was cut short (cancelled, failed, or a stream that broke). */
  interrupted: z.optional(z.boolean()),
});
export const SystemMessageSchema = z.object({ ...eventBase, kind: z.literal('system_message'), text: z.string() });
export const ReasoningSchema = z.object({
  ...eventBase,
  kind: z.literal('reasoning'),
  text: z.string(),
  effort: z.optional(z.string()),
});
export const ToolCallSchema = z.object({
  ...eventBase,
  kind: z.literal('tool_call'),
  name: z.string(),
  callId: z.optional(z.string()),
  parentCallId: z.optional(z.string()),
  /** Usually an object; kept as given (a string of JSON stays a string). */
  arguments: z.unknown(),
  toolType: z.optional(z.string()),
});
export const ToolResultSchema = z.object({
  ...eventBase,
  kind: z.literal('tool_result'),
  name: z.optional(z.string()),
  callId: z.optional(z.string()),
  parentCallId: z.optional(z.string()),
  result: z.unknown(),
  isError: z.optional(z.boolean()),
});
export const CodeExecutionSchema = z.object({
  ...eventBase,
  kind: z.literal('code_execution'),
  /** The tool that ran the code, when the provider names it (Foundry's tool name, Piper's tool_name). */
  name: z.optional(z.string()),
  code: z.string(),
  /** A highlight.js / VS Code language id, lower case ("python", "sql"…). */
  language: z.string(),
  output: z.optional(z.string()),
  /** The call's inputs other than the code itself (a dataset, a timeout…), when there are any. */
  arguments: z.optional(z.unknown()),
  callId: z.optional(z.string()),
  parentCallId: z.optional(z.string()),
});
export const ErrorEventSchema = z.object({
  ...eventBase,
  kind: z.literal('error'),
  code: z.optional(z.string()),
  message: z.string(),
});
/** Anything the mapping does not know: shown with all its fields, never dropped. */
export const OtherEventSchema = z.object({
  ...eventBase,
  kind: z.literal('other'),
  /** The provider's own name for the event type. */
  type: z.string(),
  text: z.optional(z.string()),
  fields: z.record(z.string(), z.unknown()),
});

export const SessionEventSchema = z.discriminatedUnion('kind', [
  UserMessageSchema,
  AssistantMessageSchema,
  SystemMessageSchema,
  ReasoningSchema,
  ToolCallSchema,
  ToolResultSchema,
  CodeExecutionSchema,
  ErrorEventSchema,
  OtherEventSchema,
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type EventKind = SessionEvent['kind'];
export type EventOfKind<K extends EventKind> = Extract<SessionEvent, { kind: K }>;
export const EVENT_KINDS: readonly EventKind[] = SessionEventSchema.def.options.map((o) => o.shape.kind.def.values[0]);

/** Sums over events (computed) or as the provider reports them; missing = unknown. */
export const TotalsSchema = z.object({
  events: z.optional(z.number()),
  messages: z.optional(z.number()),
  toolCalls: z.optional(z.number()),
  errors: z.optional(z.number()),
  requests: z.optional(z.number()),
  tokens: TokenUsageSchema,
  costUsd: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const RunSchema = z.object({
  id: z.string(),
  title: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  model: z.optional(z.string()),
  status: z.optional(z.string()),
  events: z.array(SessionEventSchema),
  /** Computed from the events by computeTotals(). */
  totals: TotalsSchema,
  /** The provider's own numbers, shown beside the computed ones when both exist. */
  providerTotals: z.optional(TotalsSchema),
  raw: z.optional(z.unknown()),
});
export type Run = z.infer<typeof RunSchema>;

/** Scalar facts for the session header (channel, user, is_test…). */
export const MetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const SessionSchema = z.object({
  id: z.string(),
  provider: ProviderKindSchema,
  connectionId: z.optional(z.string()),
  agentId: z.optional(z.string()),
  agentName: z.optional(z.string()),
  title: z.string(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  isTest: z.optional(z.boolean()),
  metadata: MetadataSchema,
  runs: z.array(RunSchema),
  totals: TotalsSchema,
  providerTotals: z.optional(TotalsSchema),
  /** Session-level payload of the provider (without the runs, which keep their own). */
  raw: z.optional(z.unknown()),
});
export type Session = z.infer<typeof SessionSchema>;

export const AgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  model: z.optional(z.string()),
  /** Agno has agents, teams and workflows. */
  type: z.optional(z.enum(['agent', 'team', 'workflow'])),
  raw: z.optional(z.unknown()),
});
export type Agent = z.infer<typeof AgentSchema>;

export const SessionSummarySchema = z.object({
  id: z.string(),
  agentId: z.string(),
  title: z.string(),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  messageCount: z.optional(z.number()),
  tokens: z.optional(z.number()),
  costUsd: z.optional(z.number()),
  isTest: z.optional(z.boolean()),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** A place sessions come from. Never holds a token: that lives in SecretStorage only. */
export const ConnectionSchema = z.object({
  id: z.string(),
  kind: z.enum(['demo', 'piper', 'agno', 'foundry']),
  label: z.string(),
  baseUrl: z.optional(z.string()),
  orgId: z.optional(z.string()),
});
export type Connection = z.infer<typeof ConnectionSchema>;
export type ConnectionKind = Connection['kind'];

/** The extension's own export format ("Export Session as JSON"). */
export const EXPORT_FORMAT = 'agent-session-inspector/session@1';
export const SessionExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.string(),
  session: SessionSchema,
});
export type SessionExport = z.infer<typeof SessionExportSchema>;
