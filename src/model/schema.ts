// The normalised session model, defined once as zod schemas so that the same definition types the
// code (z.infer) and validates data crossing a boundary (files on disk, host ⇄ webview messages).
// This folder never imports `vscode`: it runs in plain Node, in tests and in the webview bundle.
import * as z from './zod';

/**
 * Where a session came from: a provider kind (src/providers/registry.ts, which the model does not
 * import) or "file". Any name is read, so an export made by a newer version still opens.
 */
export const ProviderKindSchema = z.string();
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
  /** Milliseconds from its request to the first streamed token, where the provider measured it. */
  timeToFirstTokenMs: z.optional(z.number()),
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
/** A tool call the model asked for inside one of its messages. */
export const ModelToolCallSchema = z.object({
  id: z.optional(z.string()),
  name: z.string(),
  arguments: z.optional(z.unknown()),
});
export type ModelToolCall = z.infer<typeof ModelToolCallSchema>;

/**
 * One message of a model request or response, in the shape the OpenTelemetry GenAI conventions
 * (`gen_ai.input.messages` / `gen_ai.output.messages`) and OpenInference (`llm.input_messages.*`)
 * both reduce to: a role, its text, the tool calls it makes or answers, anything else kept as given.
 */
export const ModelMessageSchema = z.object({
  role: z.string(),
  /** The message's text parts, joined. */
  text: z.optional(z.string()),
  toolCalls: z.optional(z.array(ModelToolCallSchema)),
  /** A tool's answer: the call it answers and what the tool returned. */
  toolCallId: z.optional(z.string()),
  toolResult: z.optional(z.unknown()),
  /** The author's name, where the request has one (a named participant or tool). */
  name: z.optional(z.string()),
  /** Output messages: why the model stopped ("stop", "length", "tool_calls"…). */
  finishReason: z.optional(z.string()),
  /** Parts the model has no field for (images, files, provider-specific), kept as given. */
  parts: z.optional(z.array(z.unknown())),
});
export type ModelMessage = z.infer<typeof ModelMessageSchema>;

/**
 * One request to a model (an OpenTelemetry GenAI inference span, an OpenInference LLM span, Agno's
 * ModelRequestStarted/Completed pair). `model`, `provider`, `tokens`, `costUsd` come from the event
 * base; `latencyMs` is the call's duration, so the timeline shows model time beside tool time.
 *
 * Tokens and cost are counted where they were measured: when a run has model calls that report
 * tokens (or cost), the run's totals sum those of its model calls only. An assistant message or a
 * tool call carrying the same request's tokens keeps them on its card but is not added in again
 * (see computeTotals).
 */
export const ModelCallSchema = z.object({
  ...eventBase,
  kind: z.literal('model_call'),
  /** The operation ("chat", "text_completion", "generate_content", "embeddings"…). */
  operation: z.optional(z.string()),
  /** The model asked for, when the response names a different one (which goes in `model`). */
  requestModel: z.optional(z.string()),
  /** The request's messages (system instructions included as a "system" message), in order. */
  input: z.optional(z.array(ModelMessageSchema)),
  /** What the model answered: one message per choice. */
  output: z.optional(z.array(ModelMessageSchema)),
  /** Request parameters as given (temperature, max_tokens, top_p…). */
  parameters: z.optional(z.record(z.string(), z.unknown())),
  /** Tool definitions offered to the model, as given. */
  tools: z.optional(z.unknown()),
  /** Milliseconds from sending the request to the first streamed token. */
  timeToFirstTokenMs: z.optional(z.number()),
  /** Why the model stopped; the first choice's when there were several. */
  finishReason: z.optional(z.string()),
  responseId: z.optional(z.string()),
  /** The call this request was made inside (an agent run as a tool, a sub-agent). */
  parentCallId: z.optional(z.string()),
  /** The request failed: the error's type or message. */
  error: z.optional(z.string()),
});

/** What a paused run waits for from a person (Agno's pause types; generic enough for others). */
export const PendingAskSchema = z.enum(['confirmation', 'user_input', 'user_feedback', 'external_execution']);
export type PendingAsk = z.infer<typeof PendingAskSchema>;
/** A value the tool asks a person for. */
export const PendingFieldSchema = z.object({
  name: z.string(),
  /** The declared type as the provider wrote it ("str", "int", "float", "bool", "list", "dict"…). */
  type: z.optional(z.string()),
  description: z.optional(z.string()),
  /** Already filled in (by the model, or by the person once answered). */
  value: z.optional(z.unknown()),
});
export type PendingField = z.infer<typeof PendingFieldSchema>;
/** A question with options to pick from (user feedback). */
export const PendingQuestionSchema = z.object({
  question: z.string(),
  header: z.optional(z.string()),
  options: z.array(z.object({ label: z.string(), description: z.optional(z.string()) })),
  multiSelect: z.optional(z.boolean()),
  /** The labels picked, once answered. */
  selected: z.optional(z.array(z.string())),
});
export type PendingQuestion = z.infer<typeof PendingQuestionSchema>;
/** How a person answered: absent while the run still waits. */
export const PendingResolutionSchema = z.object({
  outcome: z.enum(['approved', 'rejected', 'provided']),
  note: z.optional(z.string()),
  /** User input: field name → value; user feedback: question → labels picked. */
  values: z.optional(z.record(z.string(), z.unknown())),
  /** External execution: the result the person ran and reported. */
  result: z.optional(z.string()),
});
export type PendingResolution = z.infer<typeof PendingResolutionSchema>;
/**
 * The run stopped for a person: a tool waits to be confirmed, given values, or run elsewhere.
 * `resolution` is set once someone decided (the run may then have continued).
 */
export const PendingInputSchema = z.object({
  ...eventBase,
  kind: z.literal('pending_input'),
  ask: PendingAskSchema,
  /** The tool that waits, and the arguments the model gave it. */
  name: z.string(),
  arguments: z.unknown(),
  callId: z.optional(z.string()),
  /** The provider's own id for this request (Agno's RunRequirement id). */
  requestId: z.optional(z.string()),
  /** What the provider said about the pause ("I have tools to execute, but I need confirmation."). */
  text: z.optional(z.string()),
  fields: z.optional(z.array(PendingFieldSchema)),
  questions: z.optional(z.array(PendingQuestionSchema)),
  /** Whose step it is when not the run's own agent (a team member). */
  agentName: z.optional(z.string()),
  resolution: z.optional(PendingResolutionSchema),
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
  ModelCallSchema,
  ErrorEventSchema,
  PendingInputSchema,
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
  /** Model requests: computed as the number of model calls, when a run has any. */
  requests: z.optional(z.number()),
  tokens: TokenUsageSchema,
  costUsd: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
  /**
   * Figures whose sum is too large for a number ("tokens.input", "costUsd", "latencyMs"…): the
   * events report values that add up beyond ±1.8e308. Such a field is left out (never ±Infinity
   * or NaN) and shown as an overflow.
   */
  overflow: z.optional(z.array(z.string())),
  /**
   * The provider's figures only: what they count that the events do not, or the other way round,
   * when the mapper can say why the two differ ("counts the steps but not a team step's members").
   */
  counted: z.optional(z.string()),
  /** A provider's own figure only (never computed): its run's time to the first token (agno's RunMetrics). */
  timeToFirstTokenMs: z.optional(z.number()),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const RunSchema = z.object({
  id: z.string(),
  title: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  model: z.optional(z.string()),
  status: z.optional(z.string()),
  /** Who ran it when that is not the session's agent: a team member, a workflow step's agent. */
  agentName: z.optional(z.string()),
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
  /**
   * Why the session has no events, as far as the provider's reply tells (no runs, runs stored
   * without messages, content not returned): shown where the events would be. Absent otherwise.
   */
  emptyReason: z.optional(z.string()),
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
  /** A provider kind: the host checks it against src/providers/registry.ts (ConnectionStore, settingsEntries). */
  kind: z.string().check(z.minLength(1)),
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
