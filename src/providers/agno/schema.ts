// Agno AgentOS wire format, checked against the agno 3.1.10 source: `agno/os/schema.py`
// (SessionSchema, Agent/Team/WorkflowSessionDetailSchema, RunSchema, TeamRunSchema,
// WorkflowRunSchema, PaginatedResponse), `agno/os/routers/agents/schema.py` (AgentResponse),
// `agno/models/message.py` (Message.to_dict), `agno/models/response.py` (ToolExecution),
// `agno/metrics.py` (MessageMetrics, RunMetrics) and `agno/run/agent.py` (RunEvent names).
// The server answers with exclude_none, so every optional field may also be absent; objects are
// loose so fields of newer agno versions are kept.
import * as z from '../../model/zod';

const str = z.nullish(z.string());
const num = z.nullish(z.number());
const bool = z.nullish(z.boolean());
/** Messages, events and tools use epoch seconds; the API's own datetimes are ISO strings. */
const time = z.nullish(z.union([z.number(), z.string()]));

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
  /** RunMetrics/SessionMetrics: per model type ("model", "output_model"…) a list of `{ id, provider, …tokens }`. */
  details: z.optional(z.unknown()),
});
export type AgnoMetrics = z.infer<typeof AgnoMetricsSchema>;

/** An OpenAI-style call on an assistant message: `{ id, type: "function", function: { name, arguments } }`. */
export const AgnoMessageToolCallSchema = z.looseObject({
  id: str,
  type: str,
  function: z.nullish(
    z.looseObject({
      name: str,
      /** Usually a JSON string. */
      arguments: z.optional(z.unknown()),
    }),
  ),
});

/** `agno.models.message.Message.to_dict()` — chat_history and run messages. */
export const AgnoMessageSchema = z.looseObject({
  id: str,
  role: str,
  content: z.optional(z.unknown()),
  reasoning_content: str,
  redacted_reasoning_content: str,
  name: str,
  tool_call_id: str,
  tool_calls: z.nullish(z.array(AgnoMessageToolCallSchema)),
  tool_name: str,
  tool_args: z.optional(z.unknown()),
  tool_call_error: bool,
  from_history: bool,
  metrics: z.nullish(AgnoMetricsSchema),
  created_at: time,
});
export type AgnoMessage = z.infer<typeof AgnoMessageSchema>;

/** `agno.models.response.ToolExecution.to_dict()` */
export const AgnoToolExecutionSchema = z.looseObject({
  tool_call_id: str,
  tool_name: str,
  tool_args: z.optional(z.unknown()),
  tool_call_error: bool,
  /** A string in agno; tolerated as anything. */
  result: z.optional(z.unknown()),
  metrics: z.nullish(z.looseObject({ duration: num, start_time: z.optional(z.unknown()), end_time: z.optional(z.unknown()) })),
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
  content: z.optional(z.unknown()),
  reasoning_content: str,
  tool: z.nullish(AgnoToolExecutionSchema),
  tools: z.nullish(z.array(AgnoToolExecutionSchema)),
  metrics: z.nullish(AgnoMetricsSchema),
  /** ToolCallError */
  error: z.optional(z.unknown()),
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
  total_tokens: num,
  /** ModelRequestCompleted: seconds. */
  time_to_first_token: num,
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
  run_input: z.optional(z.unknown()),
  content: z.optional(z.unknown()),
  run_response_format: str,
  reasoning_content: str,
  reasoning_steps: z.nullish(z.array(z.unknown())),
  metrics: z.nullish(AgnoMetricsSchema),
  messages: z.nullish(z.array(AgnoMessageSchema)),
  tools: z.nullish(z.array(AgnoToolExecutionSchema)),
  events: z.nullish(z.array(AgnoRunEventSchema)),
  model: str,
  model_provider: str,
  /** ISO in the API's RunSchema (a datetime), epoch seconds in stored runs. */
  created_at: time,
  /** Workflow runs: the agent/team runs behind each step (validated one by one when mapped). */
  step_executor_runs: z.nullish(z.array(z.unknown())),
  /** Workflow runs: one StepOutput per step (`{ step_name, executor_type, content, success, error, metrics }`). */
  step_results: z.nullish(z.array(z.unknown())),
  /** Workflow runs paused for a person (or once were): agno's StepRequirements, resolved ones included. */
  step_requirements: z.nullish(z.array(z.unknown())),
  /** Team runs (stored or as a step's executor run): the members' runs, when agno kept them. */
  member_responses: z.nullish(z.array(z.unknown())),
  /** Step executor runs and agno's db API: `{ input_content }` (RunInput.to_dict) instead of run_input. */
  input: z.optional(z.unknown()),
});
export type AgnoRun = z.infer<typeof AgnoRunSchema>;

export const AgnoRunListSchema = z.array(AgnoRunSchema);

const componentData = z.looseObject({
  name: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  model: z.nullish(z.looseObject({ provider: str, name: str, id: str })),
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
  session_summary: z.nullish(z.looseObject({ summary: str, updated_at: z.optional(z.unknown()) })),
  session_state: z.optional(z.unknown()),
  total_tokens: num,
  agent_data: z.nullish(componentData),
  team_data: z.nullish(componentData),
  workflow_data: z.nullish(componentData),
  metrics: z.nullish(AgnoMetricsSchema),
  /** Workflow session details carry session_data (with session_metrics) instead of metrics. */
  session_data: z.optional(z.unknown()),
  metadata: z.optional(z.unknown()),
  chat_history: z.nullish(z.array(AgnoMessageSchema)),
  created_at: time,
  updated_at: time,
});
export type AgnoSessionDetail = z.infer<typeof AgnoSessionDetailSchema>;

/** A row of `GET /sessions` (`SessionSchema`). */
export const AgnoSessionRowSchema = z.looseObject({
  session_id: z.string(),
  session_name: str,
  session_state: z.optional(z.unknown()),
  created_at: time,
  updated_at: time,
  session_type: str,
  user_id: str,
  agent_id: str,
  team_id: str,
  workflow_id: str,
  session_summary: z.optional(z.unknown()),
  metrics: z.nullish(AgnoMetricsSchema),
  total_tokens: num,
  metadata: z.optional(z.unknown()),
});
export type AgnoSessionRow = z.infer<typeof AgnoSessionRowSchema>;

/** `PaginatedResponse[T]`: `{ data, meta: { page, limit, total_pages, total_count, search_time_ms } }`. */
export function agnoPageSchema<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    meta: z.nullish(z.looseObject({ page: num, limit: num, total_pages: num, total_count: num })),
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
  model: z.nullish(z.looseObject({ name: str, model: str, id: str, provider: str })),
  members: z.nullish(z.array(z.unknown())),
  mode: str,
  steps: z.optional(z.unknown()),
});
export type AgnoComponent = z.infer<typeof AgnoComponentSchema>;
export const AgnoComponentListSchema = z.array(AgnoComponentSchema);
