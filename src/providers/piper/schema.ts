// Piper's wire format, from the two seed pages (sessions/{id}/events and the create response).
// Loose objects keep fields Piper adds later; every field the seeds show may also come as null,
// because which ones are filled depends on the event kind, and "" means the same as null. Times
// are ISO strings per the seeds; epoch numbers (seconds or milliseconds) are read like epoch
// strings rather than refusing the file. Only types that would make the normalised model wrong
// are rejected (text where a number belongs, a number where text belongs).
import * as z from '../../model/zod';

const str = z.nullish(z.string());
const num = z.nullish(z.number());
/** ISO-8601 per the seeds, or epoch seconds / milliseconds (as a number or a string of digits). */
const time = z.nullish(z.union([z.string(), z.number()]));

export const PiperRunEventSchema = z.looseObject({
  id: str,
  run_id: str,
  event_type: str,
  created_at: time,
  role: str,
  /** Usually text; structured content is tolerated and shown as JSON. */
  content: z.optional(z.unknown()),
  tool_name: str,
  tool_call_id: str,
  /** An object per the seed; kept as given when it is not. */
  tool_arguments: z.optional(z.unknown()),
  parent_tool_call_id: str,
  reasoning_effort: str,
  latency_ms: num,
  error_code: z.nullish(z.union([z.string(), z.number()])),
  error_message: str,
  model_name: str,
  provider_name: str,
  input_tokens: num,
  output_tokens: num,
  cache_read_tokens: num,
  cache_write_tokens: num,
  cost_usd: num,
  code_executed: str,
  printed_output: str,
});
export type PiperRunEvent = z.infer<typeof PiperRunEventSchema>;

export const PiperRunSchema = z.looseObject({
  id: str,
  session_id: str,
  created_at: time,
  updated_at: time,
  events: z.nullish(z.array(PiperRunEventSchema)),
  model_name: str,
  total_input_tokens: num,
  total_output_tokens: num,
  total_cost_usd: num,
  total_requests: num,
});
export type PiperRun = z.infer<typeof PiperRunSchema>;

export const PiperSessionInfoSchema = z.looseObject({
  session_id: str,
  agent_id: str,
  organization_id: str,
  channel_id: str,
  channel_external_session_id: str,
  channel_external_user_id: str,
  is_test: z.nullish(z.boolean()),
  /** Not in the seeds' response, but what a saved session file (and Piper's session list) calls the session. */
  title: str,
  created_at: time,
  updated_at: time,
});
export type PiperSessionInfo = z.infer<typeof PiperSessionInfoSchema>;

/** `GET /v1/orgs/{org}/responses/sessions/{session}/events` */
export const PiperSessionEventsSchema = z.looseObject({
  session: z.nullish(PiperSessionInfoSchema),
  runs: z.array(PiperRunSchema),
});
export type PiperSessionEvents = z.infer<typeof PiperSessionEventsSchema>;

/** `POST /v1/orgs/{org}/responses/` (include_events=true) */
export const PiperCreateResponseSchema = z.looseObject({
  content: z.string(),
  role: str,
  events: z.nullish(z.array(PiperRunEventSchema)),
  session_id: str,
  run_id: str,
});
export type PiperCreateResponse = z.infer<typeof PiperCreateResponseSchema>;

/** The body of the create-response request (what the HTTP client sends). */
export const PiperCreateRequestSchema = z.object({
  agent_id: z.string(),
  message: z.optional(z.nullable(z.string())),
  session_id: z.optional(z.nullable(z.string())),
  profile_metadata: z.optional(z.record(z.string(), z.unknown())),
});
export type PiperCreateRequest = z.infer<typeof PiperCreateRequestSchema>;
