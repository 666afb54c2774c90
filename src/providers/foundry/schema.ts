// Palantir Foundry AIP Agents (v2, preview) wire format, from the types of the npm package
// `@osdk/foundry.aipagents` 2.38.0 (`build/esm/_components.d.ts`). Objects are loose so fields of
// newer API versions are kept; enums (tool types, trace status) are plain strings so a new value
// is shown rather than rejected.
import * as z from '../../model/zod';

/** `{ type: "string", value } | { type: "rid", rid }` (tool inputs and outputs). */
export const FoundryToolValueSchema = z.looseObject({
  type: z.string(),
  value: z.optional(z.unknown()),
  rid: z.optional(z.string()),
});
export type FoundryToolValue = z.infer<typeof FoundryToolValueSchema>;

export const FoundryToolCallSchema = z.looseObject({
  toolMetadata: z.looseObject({ name: z.string(), type: z.string() }),
  input: z.looseObject({
    thought: z.nullish(z.string()),
    inputs: z.nullish(z.record(z.string(), FoundryToolValueSchema)),
  }),
  /** `{ type: "success", output: ToolOutputValue } | { type: "failure", correctionMessage }`; absent while running. */
  output: z.nullish(
    z.looseObject({
      type: z.string(),
      output: z.nullish(FoundryToolValueSchema),
      correctionMessage: z.nullish(z.string()),
    }),
  ),
});
export type FoundryToolCall = z.infer<typeof FoundryToolCallSchema>;

export const FoundryContextsSchema = z.looseObject({
  objectContexts: z.nullish(
    z.array(z.looseObject({ objectRids: z.nullish(z.array(z.string())), propertyTypeRids: z.nullish(z.array(z.string())) })),
  ),
  functionRetrievedContexts: z.nullish(
    z.array(
      z.looseObject({ functionRid: z.nullish(z.string()), functionVersion: z.nullish(z.string()), retrievedPrompt: z.nullish(z.string()) }),
    ),
  ),
});
export type FoundryContexts = z.infer<typeof FoundryContextsSchema>;

/** `GET …/sessions/{sessionRid}/sessionTraces/{sessionTraceId}` */
export const FoundrySessionTraceSchema = z.looseObject({
  id: z.string(),
  /** "IN_PROGRESS" | "COMPLETE" */
  status: z.nullish(z.string()),
  contexts: z.nullish(FoundryContextsSchema),
  toolCallGroups: z.nullish(z.array(z.looseObject({ toolCalls: z.array(FoundryToolCallSchema) }))),
});
export type FoundrySessionTrace = z.infer<typeof FoundrySessionTraceSchema>;

export const FoundryExchangeResultSchema = z.looseObject({
  agentMarkdownResponse: z.string(),
  parameterUpdates: z.nullish(z.record(z.string(), z.unknown())),
  totalTokensUsed: z.nullish(z.number()),
  interruptedOutput: z.nullish(z.boolean()),
  sessionTraceId: z.nullish(z.string()),
});
export type FoundryExchangeResult = z.infer<typeof FoundryExchangeResultSchema>;

export const FoundrySessionExchangeSchema = z.looseObject({
  userInput: z.looseObject({ text: z.string() }),
  contexts: z.nullish(FoundryContextsSchema),
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
  agentRid: z.nullish(z.string()),
  agentVersion: z.nullish(z.string()),
  metadata: z.nullish(
    z.looseObject({
      title: z.nullish(z.string()),
      /** ISO-8601 with nanoseconds: kept as strings, never rounded. */
      createdTime: z.nullish(z.string()),
      updatedTime: z.nullish(z.string()),
      messageCount: z.nullish(z.number()),
      estimatedExpiresTime: z.nullish(z.string()),
    }),
  ),
});
export type FoundrySession = z.infer<typeof FoundrySessionSchema>;

/** `GET /v2/aipAgents/agents/{agentRid}` */
export const FoundryAgentSchema = z.looseObject({
  rid: z.string(),
  version: z.nullish(z.string()),
  metadata: z.nullish(
    z.looseObject({
      displayName: z.nullish(z.string()),
      description: z.nullish(z.string()),
      inputPlaceholder: z.nullish(z.string()),
      suggestedPrompts: z.nullish(z.array(z.string())),
    }),
  ),
  parameters: z.nullish(z.record(z.string(), z.unknown())),
});
export type FoundryAgent = z.infer<typeof FoundryAgentSchema>;

export const FoundryAgentVersionSchema = z.looseObject({
  string: z.string(),
  version: z.nullish(z.looseObject({ major: z.number(), minor: z.number() })),
});

/** Every Foundry list: `{ data, nextPageToken? }` (absent token = last page). */
export function foundryPageSchema<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ data: z.array(item), nextPageToken: z.nullish(z.string()) });
}
export const FoundrySessionListSchema = foundryPageSchema(FoundrySessionSchema);
export const FoundryAgentVersionListSchema = foundryPageSchema(FoundryAgentVersionSchema);

/** The answer of `blockingContinue` (and `cancel`'s `result`). */
export const FoundrySessionExchangeResultSchema = FoundryExchangeResultSchema;

/** Body of `blockingContinue` / `streamingContinue`. */
export const FoundryContinueRequestSchema = z.object({
  userInput: z.object({ text: z.string() }),
  parameterInputs: z.record(z.string(), z.unknown()),
  contextsOverride: z.optional(z.array(z.unknown())),
  sessionTraceId: z.optional(z.string()),
  messageId: z.optional(z.string()),
});
export type FoundryContinueRequest = z.infer<typeof FoundryContinueRequestSchema>;
