// The demo pretends to be a Piper-like platform: each event's `raw` is what its RunEvent would
// look like on the wire (every field present, null where it does not apply), so "Show raw JSON"
// in the demo shows the shape users will meet with a real connection.
import type { Run, Session, SessionEvent } from '../../model';

const nn = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

const ROLE: Record<SessionEvent['kind'], string> = {
  user_message: 'user',
  assistant_message: 'assistant',
  system_message: 'system',
  reasoning: 'assistant',
  tool_call: 'assistant',
  tool_result: 'tool',
  code_execution: 'tool',
  model_call: 'assistant',
  error: 'system',
  pending_input: 'assistant',
  other: 'system',
};

function contentOf(e: SessionEvent): string | null {
  switch (e.kind) {
    case 'user_message':
    case 'assistant_message':
    case 'system_message':
    case 'reasoning':
      return e.text;
    case 'tool_result':
      return typeof e.result === 'string' ? e.result : JSON.stringify(e.result);
    case 'other':
      return nn(e.text);
    default:
      return null;
  }
}

export function piperRunEvent(e: SessionEvent): Record<string, unknown> {
  const tool = e.kind === 'tool_call' || e.kind === 'tool_result' ? e : undefined;
  const call = tool ?? (e.kind === 'code_execution' ? e : undefined);
  const base: Record<string, unknown> = {
    id: e.id,
    run_id: e.runId,
    event_type: e.kind === 'other' ? e.type : e.kind,
    created_at: nn(e.timestamp),
    role: ROLE[e.kind],
    content: contentOf(e),
    tool_name: tool ? nn(tool.name) : e.kind === 'code_execution' ? `run_${e.language}` : null,
    tool_call_id: nn(call?.callId),
    tool_arguments: e.kind === 'tool_call' ? e.arguments : null,
    parent_tool_call_id: nn(call?.parentCallId),
    reasoning_effort: e.kind === 'reasoning' ? nn(e.effort) : null,
    latency_ms: nn(e.latencyMs),
    error_code: e.kind === 'error' ? nn(e.code) : e.kind === 'tool_result' && e.isError ? 'tool_error' : null,
    error_message: e.kind === 'error' ? e.message : null,
    model_name: nn(e.model),
    provider_name: nn(e.provider),
    input_tokens: nn(e.tokens?.input),
    output_tokens: nn(e.tokens?.output),
    cache_read_tokens: nn(e.tokens?.cacheRead),
    cache_write_tokens: nn(e.tokens?.cacheWrite),
    cost_usd: nn(e.costUsd),
    code_executed: e.kind === 'code_execution' ? e.code : null,
    printed_output: e.kind === 'code_execution' ? nn(e.output) : null,
  };
  // Unknown event types carry fields the platform added; a real payload would have them inline.
  return e.kind === 'other' ? { ...base, ...e.fields } : base;
}

export function piperRun(
  run: Omit<Run, 'events' | 'totals' | 'raw'>,
  sessionId: string,
  updatedAt: string | undefined,
): Record<string, unknown> {
  const t = run.providerTotals;
  return {
    id: run.id,
    session_id: sessionId,
    created_at: nn(run.createdAt),
    updated_at: nn(updatedAt),
    model_name: nn(run.model),
    total_input_tokens: nn(t?.tokens.input),
    total_output_tokens: nn(t?.tokens.output),
    total_cost_usd: nn(t?.costUsd),
    total_requests: nn(t?.requests),
  };
}

export function piperSession(
  s: Pick<Session, 'id' | 'agentId' | 'createdAt' | 'updatedAt' | 'isTest' | 'metadata'>,
): Record<string, unknown> {
  return {
    session_id: s.id,
    agent_id: nn(s.agentId),
    organization_id: '0f5e3a52-7d1c-4b8e-9a61-3c2d9e7b1a40',
    channel_id: nn(s.metadata.channelId as string | undefined),
    channel_external_session_id: nn(s.metadata.externalSessionId as string | undefined),
    channel_external_user_id: nn(s.metadata.user as string | undefined),
    is_test: s.isTest ?? false,
    created_at: nn(s.createdAt),
    updated_at: nn(s.updatedAt),
  };
}
