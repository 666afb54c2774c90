// Seeded Piper data: an organisation with a few agents and their sessions. Payloads follow the
// seed pages (every RunEvent field present, null when it does not apply). One session has every
// event kind (incl. nested tool calls, code, errors and types the extension does not know), one
// has thousands of events. Sessions created by chat (POST /responses) are kept in memory.
import { int, isoSeconds, pick, rngFor, SIM_NOW_MS, uuid, type Rng } from '../seed';

export const PIPER_ORG_ID = '5f1c2a9e-0b7d-4c3e-9a41-6d2f8e7b1c00';

export interface PiperAgentSeed {
  id: string;
  label: string;
  /** How many ordinary sessions it has besides the special ones. */
  sessions: number;
}

export const PIPER_AGENTS: PiperAgentSeed[] = [
  { id: '0b7e4f1a-3c2d-4e5f-8a9b-1c2d3e4f5a60', label: 'Support Agent', sessions: 12 },
  { id: '1c8f5a2b-4d3e-4f6a-9b0c-2d3e4f5a6b71', label: 'Sales Agent', sessions: 60 },
  { id: '2d9a6b3c-5e4f-4a7b-8c1d-3e4f5a6b7c82', label: 'Quiet Agent', sessions: 0 },
];

/** Sessions with known ids, so tests and people can open them directly. */
export const PIPER_KITCHEN_SINK_SESSION = '9e0f1a2b-3c4d-4e5f-a6b7-c8d9e0f1a2b3';
export const PIPER_BIG_SESSION = '8d9e0f1a-2b3c-4d4e-95f6-a7b8c9d0e1f2';
export const PIPER_BIG_SESSION_RUNS = 150;
export const PIPER_BIG_SESSION_EVENTS_PER_RUN = 20;

type Json = Record<string, unknown>;

export interface PiperSessionMeta {
  id: string;
  agentId: string;
  createdMs: number;
  title: string;
  shape: 'kitchen' | 'big' | 'normal';
  isTest: boolean;
}

const EVENT_FIELDS = [
  'id', 'run_id', 'event_type', 'created_at', 'role', 'content', 'tool_name', 'tool_call_id', 'tool_arguments',
  'parent_tool_call_id', 'reasoning_effort', 'latency_ms', 'error_code', 'error_message', 'model_name', 'provider_name',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cost_usd', 'code_executed', 'printed_output',
] as const;

/** A RunEvent with every field of the seed present (null unless given). */
function event(fields: Json): Json {
  const e: Json = {};
  for (const k of EVENT_FIELDS) e[k] = null;
  return Object.assign(e, fields);
}

const TOPICS = ['refund for order', 'shipping delay', 'password reset', 'invoice copy', 'plan upgrade', 'API rate limits', 'data export', 'cancel subscription'];

export class PiperData {
  readonly orgId = PIPER_ORG_ID;
  readonly agents = PIPER_AGENTS;
  private readonly metas = new Map<string, PiperSessionMeta>();
  /** Sessions created or continued through POST /responses: full payloads, mutable. */
  private readonly live = new Map<string, Json>();
  /**
   * "A very long session" once generated: a real server reads it from storage, while generating
   * 100,000 events took this simulator 2.6 s a request, which the bench then counted as the
   * extension's wait for the first row. Read-only: createResponse continues a clone of it.
   */
  private bigGenerated: Json | undefined;
  private createdCounter = 0;

  /** `bigSessionRuns`: how many 20-event runs "A very long session" has (the bench asks for 5,000). */
  constructor(private readonly bigSessionRuns = PIPER_BIG_SESSION_RUNS) {
    const support = PIPER_AGENTS[0]!;
    this.addMeta({ id: PIPER_KITCHEN_SINK_SESSION, agentId: support.id, createdMs: SIM_NOW_MS - 3_600_000, title: 'Every event kind', shape: 'kitchen', isTest: true });
    this.addMeta({ id: PIPER_BIG_SESSION, agentId: support.id, createdMs: SIM_NOW_MS - 7_200_000, title: 'A very long session', shape: 'big', isTest: false });
    for (const agent of PIPER_AGENTS) {
      const r = rngFor('piper-agent', agent.id);
      for (let i = 0; i < agent.sessions; i++) {
        const createdMs = SIM_NOW_MS - (i + 3) * 3_600_000 - int(r, 0, 3_000_000);
        this.addMeta({ id: uuid(r), agentId: agent.id, createdMs, title: `Question about ${pick(r, TOPICS)}`, shape: 'normal', isTest: r() < 0.1 });
      }
    }
  }

  private addMeta(m: PiperSessionMeta): void {
    this.metas.set(m.id, m);
  }

  /** Every session of an agent, newest first (for the printed catalogue; Piper has no listing route). */
  sessionsOf(agentId: string): PiperSessionMeta[] {
    return [...this.metas.values()].filter((m) => m.agentId === agentId).sort((a, b) => b.createdMs - a.createdMs);
  }

  hasAgent(agentId: string): boolean {
    return PIPER_AGENTS.some((a) => a.id === agentId);
  }

  /** The session's payload is generated once and never changed (its JSON can be kept). */
  unchanging(sessionId: string): boolean {
    return !this.live.has(sessionId) && this.metas.get(sessionId)?.shape === 'big';
  }

  /** The payload of GET …/sessions/{id}/events, or undefined when unknown. */
  sessionEvents(sessionId: string): Json | undefined {
    const live = this.live.get(sessionId);
    if (live) return live;
    const meta = this.metas.get(sessionId);
    if (!meta) return undefined;
    if (meta.shape === 'big') return (this.bigGenerated ??= this.generate(meta));
    return this.generate(meta);
  }

  /**
   * POST /responses: answers (deterministically) and records the run in the session. A greeting
   * (no message) uses `profile_metadata.user_name`; a question gets reasoning, a lookup tool call,
   * a code step with its printed output and the reply; "error please" makes the tool fail and the
   * run end with an error event.
   */
  createResponse(body: { agent_id: string; message?: string | null; session_id?: string | null; profile_metadata?: Record<string, unknown> | null }, nowMs: number): Json {
    const r = rngFor('piper-create', body.agent_id, body.session_id ?? '', body.message ?? '', this.createdCounter++);
    const sessionId = body.session_id ?? uuid(r);
    let payload = body.session_id ? this.sessionEvents(body.session_id) : undefined;
    if (!payload) {
      payload = {
        session: sessionInfo({ id: sessionId, agentId: body.agent_id, createdMs: nowMs, isTest: true }, this.orgId, nowMs),
        runs: [],
      };
    } else {
      payload = structuredClone(payload);
    }
    const runId = uuid(r);
    const at = isoSeconds(nowMs);
    const events: Json[] = [];
    const text = body.message ?? null;
    const name = typeof body.profile_metadata?.user_name === 'string' ? body.profile_metadata.user_name : undefined;
    const failing = !!text && text.toLowerCase().includes('error please');
    let reply: string;
    if (text === null) {
      reply = name ? `Hello ${name}! How can I help you today?` : 'Hello! How can I help you today?';
    } else {
      events.push(event({ id: uuid(r), run_id: runId, event_type: 'user_message', created_at: at, role: 'user', content: text }));
      events.push(event({ id: uuid(r), run_id: runId, event_type: 'reasoning', created_at: at, role: 'assistant', content: 'Look up the account before answering.', reasoning_effort: 'low', model_name: 'gpt-4.1', provider_name: 'openai' }));
      const callId = `call_${uuid(r).slice(0, 8)}`;
      events.push(event({ id: uuid(r), run_id: runId, event_type: 'tool_call', created_at: at, role: 'assistant', tool_name: 'lookup_account', tool_call_id: callId, tool_arguments: { query: text, fields: ['plan', 'status'] } }));
      if (failing) {
        events.push(event({ id: uuid(r), run_id: runId, event_type: 'tool_result', created_at: at, role: 'tool', tool_name: 'lookup_account', tool_call_id: callId, content: 'upstream CRM timed out', error_code: 'tool_timeout', error_message: 'lookup_account timed out after 10 s', latency_ms: 10_000 }));
        events.push(event({ id: uuid(r), run_id: runId, event_type: 'error', created_at: at, role: 'assistant', error_code: 'run_failed', error_message: 'The run failed: a tool timed out (you asked for "error please")' }));
        reply = 'Sorry, something went wrong while looking that up. Please try again.';
      } else {
        events.push(event({ id: uuid(r), run_id: runId, event_type: 'tool_result', created_at: at, role: 'tool', tool_name: 'lookup_account', tool_call_id: callId, content: '{"plan":"pro","status":"active"}', latency_ms: 42 }));
        events.push(event({ id: uuid(r), run_id: runId, event_type: 'code_execution', created_at: at, role: 'assistant', tool_name: 'python', tool_call_id: `call_${uuid(r).slice(0, 8)}`, code_executed: `seats = [3, 5, 8]\nprint(f"seats={sum(seats)}")`, printed_output: 'seats=16', latency_ms: 120 }));
        reply = `You said: ${text}`;
      }
    }
    events.push(event({ id: uuid(r), run_id: runId, event_type: 'assistant_message', created_at: at, role: 'assistant', content: reply, model_name: 'gpt-4.1', provider_name: 'openai', input_tokens: 120, output_tokens: 18, cache_read_tokens: 64, cache_write_tokens: 0, cost_usd: 0.00042, latency_ms: 830 }));
    (payload.runs as Json[]).push({
      id: runId, session_id: sessionId, created_at: at, updated_at: at, events, model_name: 'gpt-4.1',
      total_input_tokens: 120, total_output_tokens: 18, total_cost_usd: 0.00042, total_requests: 1,
    });
    (payload.session as Json).updated_at = at;
    this.live.set(sessionId, payload);
    return { content: reply, role: 'assistant', events, session_id: sessionId, run_id: runId };
  }

  private generate(meta: PiperSessionMeta): Json {
    const r = rngFor('piper-session', meta.id);
    const runs = meta.shape === 'kitchen' ? kitchenSinkRuns(meta, r) : meta.shape === 'big' ? bigRuns(meta, r, this.bigSessionRuns) : normalRuns(meta, r);
    return { session: sessionInfo(meta, this.orgId, meta.createdMs + runs.length * 60_000), runs };
  }
}

function sessionInfo(m: Pick<PiperSessionMeta, 'id' | 'agentId' | 'createdMs' | 'isTest'>, orgId: string, updatedMs: number): Json {
  return {
    session_id: m.id,
    agent_id: m.agentId,
    organization_id: orgId,
    channel_id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    channel_external_session_id: `web-${m.id.slice(0, 6)}`,
    channel_external_user_id: 'user-42',
    is_test: m.isTest,
    created_at: isoSeconds(m.createdMs),
    updated_at: isoSeconds(updatedMs),
  };
}

function run(id: string, sessionId: string, atMs: number, events: Json[], totals: Json): Json {
  return { id, session_id: sessionId, created_at: isoSeconds(atMs), updated_at: isoSeconds(atMs + 5_000), events, model_name: 'gpt-4.1', ...totals };
}

/** Sums the events' numbers, as Piper's run totals would. */
function totalsOf(events: Json[]): Json {
  let input = 0, output = 0, cost = 0, requests = 0;
  for (const e of events) {
    if (typeof e.input_tokens === 'number') input += e.input_tokens;
    if (typeof e.output_tokens === 'number') output += e.output_tokens;
    if (typeof e.cost_usd === 'number') cost += e.cost_usd;
    if (e.event_type === 'assistant_message') requests++;
  }
  return { total_input_tokens: input, total_output_tokens: output, total_cost_usd: Math.round(cost * 1e6) / 1e6, total_requests: requests };
}

function normalRuns(meta: PiperSessionMeta, r: Rng): Json[] {
  const runs: Json[] = [];
  const n = int(r, 1, 3);
  for (let i = 0; i < n; i++) {
    const runId = uuid(r);
    const at = meta.createdMs + i * 60_000;
    const t = (s: number) => isoSeconds(at + s * 1000);
    const callId = `call_${uuid(r).slice(0, 8)}`;
    const events = [
      event({ id: uuid(r), run_id: runId, event_type: 'user_message', created_at: t(0), role: 'user', content: i === 0 ? meta.title : 'Thanks, and what next?' }),
      event({ id: uuid(r), run_id: runId, event_type: 'tool_call', created_at: t(1), role: 'assistant', tool_name: 'search_kb', tool_call_id: callId, tool_arguments: { query: meta.title, top_k: 3 } }),
      event({ id: uuid(r), run_id: runId, event_type: 'tool_result', created_at: t(2), role: 'tool', tool_name: 'search_kb', tool_call_id: callId, content: 'Found 3 articles.', latency_ms: int(r, 20, 400) }),
      event({ id: uuid(r), run_id: runId, event_type: 'assistant_message', created_at: t(3), role: 'assistant', content: 'Here is what I found…', model_name: 'gpt-4.1', provider_name: 'openai', input_tokens: int(r, 200, 900), output_tokens: int(r, 20, 200), cache_read_tokens: int(r, 0, 512), cache_write_tokens: 0, cost_usd: Math.round(r() * 2000) / 1e6, latency_ms: int(r, 300, 3000) }),
    ];
    runs.push(run(runId, meta.id, at, events, totalsOf(events)));
  }
  return runs;
}

function bigRuns(meta: PiperSessionMeta, r: Rng, count: number): Json[] {
  const runs: Json[] = [];
  for (let i = 0; i < count; i++) {
    const runId = uuid(r);
    const at = meta.createdMs + i * 30_000;
    const t = (ms: number) => isoSeconds(at + ms);
    const events: Json[] = [event({ id: uuid(r), run_id: runId, event_type: 'user_message', created_at: t(0), role: 'user', content: `Step ${i + 1}: continue the analysis.` })];
    events.push(event({ id: uuid(r), run_id: runId, event_type: 'reasoning', created_at: t(100), role: 'assistant', content: `Plan for step ${i + 1}.`, reasoning_effort: pick(r, ['low', 'medium', 'high']) }));
    // Eight tool calls, every second one nested under the previous: 16 events.
    let parent: string | null = null;
    for (let k = 0; k < 8; k++) {
      const callId = `call_${i}_${k}`;
      const nested = k % 2 === 1 ? parent : null;
      events.push(event({ id: uuid(r), run_id: runId, event_type: 'tool_call', created_at: t(200 + k * 50), role: 'assistant', tool_name: pick(r, ['query_db', 'fetch_page', 'summarise']), tool_call_id: callId, parent_tool_call_id: nested, tool_arguments: { step: i, k } }));
      events.push(event({ id: uuid(r), run_id: runId, event_type: 'tool_result', created_at: t(220 + k * 50), role: 'tool', tool_call_id: callId, parent_tool_call_id: nested, content: `result ${i}.${k}`, latency_ms: int(r, 5, 200) }));
      parent = callId;
    }
    events.push(event({ id: uuid(r), run_id: runId, event_type: 'assistant_message', created_at: t(900), role: 'assistant', content: `Step ${i + 1} done.`, model_name: 'gpt-4.1-mini', provider_name: 'openai', input_tokens: int(r, 500, 2000), output_tokens: int(r, 10, 100), cache_read_tokens: int(r, 0, 1000), cache_write_tokens: int(r, 0, 50), cost_usd: Math.round(r() * 1000) / 1e6, latency_ms: int(r, 200, 2000) }));
    // 1 + 1 + 16 + 1 = 19; pad with a system note to 20 events per run.
    events.splice(1, 0, event({ id: uuid(r), run_id: runId, event_type: 'system_message', created_at: t(50), role: 'system', content: 'Context window trimmed.' }));
    runs.push(run(runId, meta.id, at, events, totalsOf(events)));
  }
  return runs;
}

function kitchenSinkRuns(meta: PiperSessionMeta, r: Rng): Json[] {
  const at = meta.createdMs;
  const t = (s: number) => isoSeconds(at + s * 1000);
  const run1 = uuid(r);
  const run2 = uuid(r);
  const events1: Json[] = [
    event({ id: uuid(r), run_id: run1, event_type: 'system_message', created_at: t(0), role: 'system', content: 'You are a helpful support agent.' }),
    event({ id: uuid(r), run_id: run1, event_type: 'user_message', created_at: t(1), role: 'user', content: 'Why was I charged twice in September?' }),
    event({ id: uuid(r), run_id: run1, event_type: 'reasoning', created_at: t(2), role: 'assistant', content: 'Check the invoices, then the payment log.', reasoning_effort: 'low', model_name: 'o4-mini', provider_name: 'openai', output_tokens: 48 }),
    event({ id: uuid(r), run_id: run1, event_type: 'tool_call', created_at: t(3), role: 'assistant', tool_name: 'billing_agent', tool_call_id: 'call_outer', tool_arguments: { customer_id: 'cus_123', month: '2025-09' } }),
    event({ id: uuid(r), run_id: run1, event_type: 'tool_call', created_at: t(4), role: 'assistant', tool_name: 'list_invoices', tool_call_id: 'call_inner', parent_tool_call_id: 'call_outer', tool_arguments: { customer_id: 'cus_123' } }),
    event({ id: uuid(r), run_id: run1, event_type: 'tool_result', created_at: t(5), role: 'tool', tool_name: 'list_invoices', tool_call_id: 'call_inner', parent_tool_call_id: 'call_outer', content: '[{"id":"in_1","amount":49},{"id":"in_2","amount":49}]', latency_ms: 210 }),
    event({ id: uuid(r), run_id: run1, event_type: 'code_execution', created_at: t(6), role: 'assistant', tool_call_id: 'call_code', parent_tool_call_id: 'call_outer', code_executed: 'import pandas as pd\ndf = pd.DataFrame(invoices)\nprint(df.groupby("amount").size())', printed_output: 'amount\n49    2\ndtype: int64', latency_ms: 950 }),
    event({ id: uuid(r), run_id: run1, event_type: 'tool_result', created_at: t(7), role: 'tool', tool_name: 'billing_agent', tool_call_id: 'call_outer', content: 'Two invoices of 49 USD: a duplicate charge.', latency_ms: 1400 }),
    event({ id: uuid(r), run_id: run1, event_type: 'assistant_message', created_at: t(8), role: 'assistant', content: 'You were charged twice by mistake; I have requested a refund of **49 USD**.', model_name: 'gpt-4.1', provider_name: 'openai', input_tokens: 1200, output_tokens: 85, cache_read_tokens: 1024, cache_write_tokens: 128, cost_usd: 0.0031, latency_ms: 2300 }),
  ];
  const events2: Json[] = [
    event({ id: uuid(r), run_id: run2, event_type: 'user_message', created_at: t(60), role: 'user', content: 'When will the refund arrive?' }),
    event({ id: uuid(r), run_id: run2, event_type: 'tool_call', created_at: t(61), role: 'assistant', tool_name: 'refund_status', tool_call_id: 'call_refund', tool_arguments: { refund_id: 're_9' } }),
    event({ id: uuid(r), run_id: run2, event_type: 'tool_result', created_at: t(62), role: 'tool', tool_name: 'refund_status', tool_call_id: 'call_refund', error_code: 'tool_timeout', error_message: 'refund_status did not answer within 10 s', latency_ms: 10_000 }),
    event({ id: uuid(r), run_id: run2, event_type: 'error', created_at: t(63), role: 'assistant', error_code: 'upstream_unavailable', error_message: 'The payments service is unavailable.' }),
    // Types the extension does not know: shown as "other" with all their fields.
    event({ id: uuid(r), run_id: run2, event_type: 'handoff', created_at: t(64), role: 'assistant', content: 'Handing over to a human agent.', handoff_target: 'tier-2-support', priority: 'high' }),
    event({ id: uuid(r), run_id: run2, event_type: 'guardrail_triggered', created_at: t(65), guardrail: 'pii_filter', action: 'redacted' }),
    event({ id: uuid(r), run_id: run2, event_type: 'assistant_message', created_at: t(66), role: 'assistant', content: 'Refunds usually arrive within 5–7 business days.', model_name: 'gpt-4.1', provider_name: 'openai', input_tokens: 1500, output_tokens: 40, cache_read_tokens: 1300, cache_write_tokens: 0, cost_usd: 0.0022, latency_ms: 1800 }),
  ];
  const totals2 = totalsOf(events2);
  // Piper's own totals disagree with the events here, so the inspector's mismatch flag has something to show.
  totals2.total_input_tokens = (totals2.total_input_tokens as number) + 300;
  return [run(run1, meta.id, at, events1, totalsOf(events1)), run(run2, meta.id, at + 60_000, events2, totals2)];
}
