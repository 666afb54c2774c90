// Palantir Foundry AIP Agents (v2, preview) wire format, from the types of the npm package
// `@osdk/foundry.aipagents` 2.38.0 (`build/esm/_components.d.ts`). Objects are loose so fields of
// newer API versions are kept; enums (tool types, trace status) are plain strings so a new value
// is shown rather than rejected.
import * as z from 'zod';

/** `{ type: "string", value } | { type: "rid", rid }` (tool inputs and outputs). */
export const FoundryToolValueSchema = z.looseObject({
  type: z.string(),
  value: z.unknown().optional(),
  rid: z.string().optional(),
});
export type FoundryToolValue = z.infer<typeof FoundryToolValueSchema>;

export const FoundryToolCallSchema = z.looseObject({
  toolMetadata: z.looseObject({ name: z.string(), type: z.string() }),
  input: z.looseObject({
    thought: z.string().nullish(),
    inputs: z.record(z.string(), FoundryToolValueSchema).nullish(),
  }),
  /** `{ type: "success", output: ToolOutputValue } | { type: "failure", correctionMessage }`; absent while running. */
  output: z
    .looseObject({
      type: z.string(),
      output: FoundryToolValueSchema.nullish(),
      correctionMessage: z.string().nullish(),
    })
    .nullish(),
});
export type FoundryToolCall = z.infer<typeof FoundryToolCallSchema>;

export const FoundryContextsSchema = z.looseObject({
  objectContexts: z.array(z.looseObject({ objectRids: z.array(z.string()).nullish(), propertyTypeRids: z.array(z.string()).nullish() })).nullish(),
  functionRetrievedContexts: z
    .array(z.looseObject({ functionRid: z.string().nullish(), functionVersion: z.string().nullish(), retrievedPrompt: z.string().nullish() }))
    .nullish(),
});
export type FoundryContexts = z.infer<typeof FoundryContextsSchema>;

/** `GET …/sessions/{sessionRid}/sessionTraces/{sessionTraceId}` */
export const FoundrySessionTraceSchema = z.looseObject({
  id: z.string(),
  /** "IN_PROGRESS" | "COMPLETE" */
  status: z.string().nullish(),
  contexts: FoundryContextsSchema.nullish(),
  toolCallGroups: z.array(z.looseObject({ toolCalls: z.array(FoundryToolCallSchema) })).nullish(),
});
export type FoundrySessionTrace = z.infer<typeof FoundrySessionTraceSchema>;

export const FoundryExchangeResultSchema = z.looseObject({
  agentMarkdownResponse: z.string(),
  parameterUpdates: z.record(z.string(), z.unknown()).nullish(),
  totalTokensUsed: z.number().nullish(),
  interruptedOutput: z.boolean().nullish(),
  sessionTraceId: z.string().nullish(),
});
export type FoundryExchangeResult = z.infer<typeof FoundryExchangeResultSchema>;

export const FoundrySessionExchangeSchema = z.looseObject({
  userInput: z.looseObject({ text: z.string() }),
  contexts: FoundryContextsSchema.nullish(),
  result: FoundryExchangeResultSchema,
});
export type FoundrySessionExchange = z.infer<typeof FoundrySessionExchangeSchema>;

/** `GET …/sessions/{sessionRid}/content` */
export const FoundrySessionContentSchema = z.looseObject({
  exchanges: z.array(FoundrySessionExchangeSchema),
});
export type FoundrySessionContent = z.infer<typeof FoundrySessionContentSchema>;

/** `GET …/sessions/{sessionRid}`; also the items of the session lists. */
export const FoundrySessionSchema = z.looseObject({
  rid: z.string(),
  agentRid: z.string().nullish(),
  agentVersion: z.string().nullish(),
  metadata: z
    .looseObject({
      title: z.string().nullish(),
      /** ISO-8601 with nanoseconds: kept as strings, never rounded. */
      createdTime: z.string().nullish(),
      updatedTime: z.string().nullish(),
      messageCount: z.number().nullish(),
      estimatedExpiresTime: z.string().nullish(),
    })
    .nullish(),
});
export type FoundrySession = z.infer<typeof FoundrySessionSchema>;

/** `GET /v2/aipAgents/agents/{agentRid}` */
export const FoundryAgentSchema = z.looseObject({
  rid: z.string(),
  version: z.string().nullish(),
  metadata: z
    .looseObject({
      displayName: z.string().nullish(),
      description: z.string().nullish(),
      inputPlaceholder: z.string().nullish(),
      suggestedPrompts: z.array(z.string()).nullish(),
    })
    .nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
});
export type FoundryAgent = z.infer<typeof FoundryAgentSchema>;

export const FoundryAgentVersionSchema = z.looseObject({
  string: z.string(),
  version: z.looseObject({ major: z.number(), minor: z.number() }).nullish(),
});

/** Every Foundry list: `{ data, nextPageToken? }` (absent token = last page). */
export function foundryPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), nextPageToken: z.string().nullish() });
}
export const FoundrySessionListSchema = foundryPageSchema(FoundrySessionSchema);
export const FoundryAgentVersionListSchema = foundryPageSchema(FoundryAgentVersionSchema);

/** The answer of `blockingContinue` (and `cancel`'s `result`). */
export const FoundrySessionExchangeResultSchema = FoundryExchangeResultSchema;

/** Body of `blockingContinue` / `streamingContinue`. */
export const FoundryContinueRequestSchema = z.object({
  userInput: z.object({ text: z.string() }),
  parameterInputs: z.record(z.string(), z.unknown()),
  contextsOverride: z.array(z.unknown()).optional(),
  sessionTraceId: z.string().optional(),
  messageId: z.string().optional(),
});
export type FoundryContinueRequest = z.infer<typeof FoundryContinueRequestSchema>;
