// Agno AgentOS wire format, checked against the agno 3.1.10 source: `agno/os/schema.py`
// (SessionSchema, Agent/Team/WorkflowSessionDetailSchema, RunSchema, TeamRunSchema,
// WorkflowRunSchema, PaginatedResponse), `agno/os/routers/agents/schema.py` (AgentResponse),
// `agno/models/message.py` (Message.to_dict), `agno/models/response.py` (ToolExecution),
// `agno/metrics.py` (MessageMetrics, RunMetrics) and `agno/run/agent.py` (RunEvent names).
// The server answers with exclude_none, so every optional field may also be absent; objects are
// loose so fields of newer agno versions are kept.
import * as z from 'zod';

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();
/** Messages, events and tools use epoch seconds; the API's own datetimes are ISO strings. */
const time = z.union([z.number(), z.string()]).nullish();

/** MessageMetrics / RunMetrics / SessionMetrics (zero counts are left out by agno). */
export const AgnoMetricsSchema = z.looseObject({
  input_tokens: num,
  output_tokens: num,
  total_tokens: num,
  cache_read_tokens: num,
  cache_write_tokens: num,
  reasoning_tokens: num,
  audio_input_tokens: num,
  audio_output_tokens: num,
  audio_total_tokens: num,
  /** Only some model providers report it (e.g. OpenRouter); agno itself does not price tokens. */
  cost: num,
  /** Seconds. */
  duration: num,
  /** Seconds. */
  time_to_first_token: num,
});
export type AgnoMetrics = z.infer<typeof AgnoMetricsSchema>;

/** An OpenAI-style call on an assistant message: `{ id, type: "function", function: { name, arguments } }`. */
export const AgnoMessageToolCallSchema = z.looseObject({
  id: str,
  type: str,
  function: z
    .looseObject({
      name: str,
      /** Usually a JSON string. */
      arguments: z.unknown().optional(),
    })
    .nullish(),
});

/** `agno.models.message.Message.to_dict()` — chat_history and run messages. */
export const AgnoMessageSchema = z.looseObject({
  id: str,
  role: str,
  content: z.unknown().optional(),
  reasoning_content: str,
  redacted_reasoning_content: str,
  name: str,
  tool_call_id: str,
  tool_calls: z.array(AgnoMessageToolCallSchema).nullish(),
  tool_name: str,
  tool_args: z.unknown().optional(),
  tool_call_error: bool,
  from_history: bool,
  metrics: AgnoMetricsSchema.nullish(),
  created_at: time,
});
export type AgnoMessage = z.infer<typeof AgnoMessageSchema>;

/** `agno.models.response.ToolExecution.to_dict()` */
export const AgnoToolExecutionSchema = z.looseObject({
  tool_call_id: str,
  tool_name: str,
  tool_args: z.unknown().optional(),
  tool_call_error: bool,
  /** A string in agno; tolerated as anything. */
  result: z.unknown().optional(),
  metrics: z.looseObject({ duration: num, start_time: z.unknown().optional(), end_time: z.unknown().optional() }).nullish(),
  child_run_id: str,
  parent_tool_call_id: str,
  created_at: time,
});
export type AgnoToolExecution = z.infer<typeof AgnoToolExecutionSchema>;

/** A stored or streamed run event (`BaseAgentRunEvent` and its subclasses; team events are prefixed "Team"). */
export const AgnoRunEventSchema = z.looseObject({
  event: str,
  created_at: time,
  agent_id: str,
  agent_name: str,
  team_id: str,
  team_name: str,
  run_id: str,
  parent_run_id: str,
  session_id: str,
  model: str,
  model_provider: str,
  content: z.unknown().optional(),
  reasoning_content: str,
  tool: AgnoToolExecutionSchema.nullish(),
  tools: z.array(AgnoToolExecutionSchema).nullish(),
  metrics: AgnoMetricsSchema.nullish(),
  /** ToolCallError */
  error: z.unknown().optional(),
  /** RunError */
  error_type: str,
  /** RunCancelled */
  reason: str,
  /** ModelRequestCompleted carries its tokens at the top level. */
  input_tokens: num,
  output_tokens: num,
  cache_read_tokens: num,
  cache_write_tokens: num,
  reasoning_tokens: num,
});
export type AgnoRunEvent = z.infer<typeof AgnoRunEventSchema>;

/** RunSchema, TeamRunSchema and WorkflowRunSchema in one loose shape (they differ by which id they carry). */
export const AgnoRunSchema = z.looseObject({
  run_id: z.string(),
  parent_run_id: str,
  agent_id: str,
  agent_name: str,
  team_id: str,
  team_name: str,
  workflow_id: str,
  workflow_name: str,
  user_id: str,
  session_id: str,
  status: str,
  /** A string in RunSchema; workflows may pass structured input. */
  run_input: z.unknown().optional(),
  content: z.unknown().optional(),
  run_response_format: str,
  reasoning_content: str,
  reasoning_steps: z.array(z.unknown()).nullish(),
  metrics: AgnoMetricsSchema.nullish(),
  messages: z.array(AgnoMessageSchema).nullish(),
  tools: z.array(AgnoToolExecutionSchema).nullish(),
  events: z.array(AgnoRunEventSchema).nullish(),
  model: str,
  model_provider: str,
  /** ISO in the API's RunSchema (a datetime), epoch seconds in stored runs. */
  created_at: time,
  /** Workflow runs: the agent/team runs behind each step (validated one by one when mapped). */
  step_executor_runs: z.array(z.unknown()).nullish(),
});
export type AgnoRun = z.infer<typeof AgnoRunSchema>;

export const AgnoRunListSchema = z.array(AgnoRunSchema);

const componentData = z.looseObject({
  name: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  model: z.looseObject({ provider: str, name: str, id: str }).nullish(),
});

/** `GET /sessions/{id}?type=agent|team|workflow` — the three detail schemas in one loose shape. */
export const AgnoSessionDetailSchema = z.looseObject({
  session_id: z.string(),
  agent_session_id: str,
  session_name: str,
  user_id: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  workflow_name: str,
  session_summary: z.looseObject({ summary: str, updated_at: z.unknown().optional() }).nullish(),
  session_state: z.unknown().optional(),
  total_tokens: num,
  agent_data: componentData.nullish(),
  team_data: componentData.nullish(),
  workflow_data: componentData.nullish(),
  metrics: AgnoMetricsSchema.nullish(),
  metadata: z.unknown().optional(),
  chat_history: z.array(AgnoMessageSchema).nullish(),
  created_at: time,
  updated_at: time,
});
export type AgnoSessionDetail = z.infer<typeof AgnoSessionDetailSchema>;

/** A row of `GET /sessions` (`SessionSchema`). */
export const AgnoSessionRowSchema = z.looseObject({
  session_id: z.string(),
  session_name: str,
  session_state: z.unknown().optional(),
  created_at: time,
  updated_at: time,
  session_type: str,
  user_id: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  session_summary: z.unknown().optional(),
  metrics: AgnoMetricsSchema.nullish(),
  total_tokens: num,
  metadata: z.unknown().optional(),
});
export type AgnoSessionRow = z.infer<typeof AgnoSessionRowSchema>;

/** `PaginatedResponse[T]`: `{ data, meta: { page, limit, total_pages, total_count, search_time_ms } }`. */
export function agnoPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    meta: z.looseObject({ page: num, limit: num, total_pages: num, total_count: num }).nullish(),
  });
}
export const AgnoSessionListSchema = agnoPageSchema(AgnoSessionRowSchema);
export type AgnoSessionList = z.infer<typeof AgnoSessionListSchema>;

/** `GET /agents` items (AgentResponse); `GET /teams` and `GET /workflows` items share the fields used here. */
export const AgnoComponentSchema = z.looseObject({
  id: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  name: str,
  description: str,
  db_id: str,
  /** AgentResponse.model is a ModelResponse `{ name, model, provider }`; summaries use `{ id, provider }`. */
  model: z.looseObject({ name: str, model: str, id: str, provider: str }).nullish(),
  members: z.array(z.unknown()).nullish(),
  mode: str,
  steps: z.unknown().optional(),
});
export type AgnoComponent = z.infer<typeof AgnoComponentSchema>;
export const AgnoComponentListSchema = z.array(AgnoComponentSchema);
