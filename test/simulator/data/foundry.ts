// Seeded Foundry AIP Agents data, shaped after @osdk/foundry.aipagents 2.38.0: agents, sessions
// (hundreds for one agent, paged by token), each session's exchanges and a trace per exchange with
// tool call groups — thoughts, inputs, success and failure outputs, CODE_EXECUTION calls.
import { int, isoNanos, pick, rngFor, SIM_NOW_MS, uuid, type Rng } from '../seed';

type Json = Record<string, unknown>;

export interface FoundryAgentSeed {
  rid: string;
  name: string;
  sessions: number;
  description?: string;
}

export const FOUNDRY_AGENTS: FoundryAgentSeed[] = [
  { rid: 'ri.aip-agents..agent.732cd5b4-7ca7-4219-aabb-6e976faf63b1', name: 'Order Status Agent', sessions: 260, description: 'Answers questions about customer orders.' },
  { rid: 'ri.aip-agents..agent.1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', name: 'Ontology Explorer', sessions: 25 },
  { rid: 'ri.aip-agents..agent.5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', name: 'Code Analyst', sessions: 14, description: 'Runs Python over datasets.' },
  // No sessions: allSessions never shows it; only adding it by RID does.
  { rid: 'ri.aip-agents..agent.0a0b0c0d-0e0f-4a0b-8c0d-0e0f0a0b0c0d', name: 'Unused Agent', sessions: 0 },
];

/** A session of the Code Analyst with every kind of step; its id is fixed for tests. */
export const FOUNDRY_RICH_SESSION = 'ri.aip-agents..session.292db3b2-b653-4de6-971c-7e97a7b881d6';

export interface FoundrySessionSeed {
  rid: string;
  agentRid: string;
  createdMs: number;
  updatedMs: number;
  title: string;
  /** Seeded exchanges (chatted ones are kept apart). */
  exchanges: number;
  rich: boolean;
}

const QUESTIONS = ['What is the status of my order?', 'Which shipments are late this week?', 'List suppliers in Germany', 'Plot revenue by region', 'Why did order 1042 fail?', 'Summarise open support tickets'];

export class FoundryData {
  readonly sessions: FoundrySessionSeed[] = [];
  private readonly byRid = new Map<string, FoundrySessionSeed>();
  /** Exchanges and traces added by blockingContinue / streamingContinue. */
  private readonly chatted = new Map<string, Json[]>();
  private readonly chattedTraces = new Map<string, Json>();
  private chats = 0;

  constructor() {
    for (const a of FOUNDRY_AGENTS) {
      const r = rngFor('foundry-agent', a.rid);
      for (let i = 0; i < a.sessions; i++) {
        const rich = a.rid === FOUNDRY_AGENTS[2]!.rid && i === 0;
        const updatedMs = SIM_NOW_MS - i * 2_700_000 - int(r, 0, 2_000_000) - (a.rid === FOUNDRY_AGENTS[0]!.rid ? 0 : 600_000);
        const s: FoundrySessionSeed = {
          rid: rich ? FOUNDRY_RICH_SESSION : `ri.aip-agents..session.${uuid(r)}`,
          agentRid: a.rid,
          createdMs: updatedMs - int(r, 60_000, 7_200_000),
          updatedMs,
          title: rich ? 'Plot revenue by region' : pick(r, QUESTIONS),
          exchanges: rich ? 3 : int(r, 1, 4),
          rich,
        };
        this.sessions.push(s);
        this.byRid.set(s.rid, s);
      }
    }
    // Most recently updated first, as allSessions and the per-agent list return them.
    this.sessions.sort((a, b) => b.updatedMs - a.updatedMs);
  }

  agent(rid: string): Json | undefined {
    const a = FOUNDRY_AGENTS.find((x) => x.rid === rid);
    if (!a) return undefined;
    const metadata: Json = { displayName: a.name, suggestedPrompts: ['What can you do?'], inputPlaceholder: 'Ask about orders…' };
    if (a.description) metadata.description = a.description;
    return {
      rid: a.rid,
      version: '1.0',
      metadata,
      parameters: { region: { parameterType: { type: 'string', defaultValue: 'EMEA' }, access: 'READ_WRITE', description: 'Sales region' } },
    };
  }

  session(rid: string): FoundrySessionSeed | undefined {
    return this.byRid.get(rid);
  }

  /** The agent's sessions, most recently updated first. */
  sessionOf(agentRid: string): FoundrySessionSeed[] {
    return this.sessions.filter((s) => s.agentRid === agentRid);
  }

  sessionJson(s: FoundrySessionSeed): Json {
    const r = rngFor('foundry-times', s.rid);
    return {
      rid: s.rid,
      agentRid: s.agentRid,
      agentVersion: '1.0',
      metadata: {
        title: s.title,
        createdTime: isoNanos(s.createdMs, r),
        updatedTime: isoNanos(s.updatedMs, r),
        messageCount: (s.exchanges + (this.chatted.get(s.rid)?.length ?? 0)) * 2,
        estimatedExpiresTime: isoNanos(s.updatedMs + 86_400_000, r),
      },
    };
  }

  traceIds(s: FoundrySessionSeed): string[] {
    const r = rngFor('foundry-traces', s.rid);
    return Array.from({ length: s.exchanges }, () => uuid(r));
  }

  content(s: FoundrySessionSeed): Json {
    const r = rngFor('foundry-content', s.rid);
    const traces = this.traceIds(s);
    const exchanges = traces.map((traceId, i) => {
      const text = i === 0 ? s.title : pick(r, ['And last month?', 'Show it as a table', 'Why is that?']);
      const interrupted = s.rich && i === 2;
      const ex: Json = {
        userInput: { text },
        result: {
          agentMarkdownResponse: interrupted ? 'Revenue by region is being comp' : `**Answer ${i + 1}.** ${text} — here are the results.\n\n| region | revenue |\n| --- | --- |\n| EMEA | 1.2M |`,
          parameterUpdates: i === 0 ? { region: { type: 'string', value: 'EMEA' } } : {},
          totalTokensUsed: int(r, 800, 6000),
          interruptedOutput: interrupted,
          sessionTraceId: traceId,
        },
      };
      if (i === 0) ex.contexts = { objectContexts: [{ objectRids: ['ri.phonograph2-objects.main.object.1a2b'], propertyTypeRids: [] }], functionRetrievedContexts: [] };
      return ex;
    });
    return { exchanges: [...exchanges, ...(this.chatted.get(s.rid) ?? [])] };
  }

  /** POST …/agents/{rid}/sessions: a new, empty session, most recently updated of all. */
  createSession(agentRid: string, nowMs: number): FoundrySessionSeed {
    const r = rngFor('foundry-new', agentRid, this.chats++);
    const s: FoundrySessionSeed = { rid: `ri.aip-agents..session.${uuid(r)}`, agentRid, createdMs: nowMs, updatedMs: nowMs, title: 'New session', exchanges: 0, rich: false };
    this.sessions.unshift(s);
    this.byRid.set(s.rid, s);
    return s;
  }

  /**
   * What the agent answers to `text`, and the trace of the steps behind it (not recorded yet):
   * a thought, an object query with its inputs, and a Python step with its printed output.
   */
  answerFor(s: FoundrySessionSeed, text: string): { result: Json; trace: Json } {
    const r = rngFor('foundry-chat', s.rid, text, this.chats++);
    const traceId = uuid(r);
    const result = {
      agentMarkdownResponse: `**You asked:** ${text}\n\nI looked the orders up and ran a short Python step:\n\n| region | revenue |\n| --- | --- |\n| EMEA | 1.2M € |\n| AMER | 0.95M € |\n\nTotal ≈ 2.15M € — the steps show the code.`,
      parameterUpdates: {},
      totalTokensUsed: int(r, 500, 3000),
      interruptedOutput: false,
      sessionTraceId: traceId,
    };
    const trace = {
      id: traceId,
      status: 'COMPLETE',
      toolCallGroups: [
        { toolCalls: [{ toolMetadata: { name: 'Order revenue', type: 'OBJECT_QUERY' }, input: { thought: 'Find the orders the question is about.', inputs: { objectType: { type: 'string', value: 'Order' }, filter: { type: 'string', value: `text ~ "${text.slice(0, 30)}"` } } }, output: { type: 'success', output: { type: 'string', value: '[{"region":"EMEA","revenue":1200000},{"region":"AMER","revenue":950000}]' } } }] },
        { toolCalls: [{ toolMetadata: { name: 'Python', type: 'CODE_EXECUTION' }, input: { thought: 'Add the revenues up.', inputs: { code: { type: 'string', value: `revenue = [1.2, 0.95]\nprint(f"total={sum(revenue):.2f}M, question length={len(${JSON.stringify(text)})}")` } } }, output: { type: 'success', output: { type: 'string', value: `total=2.15M, question length=${text.length}` } } }] },
      ],
    };
    return { result, trace };
  }

  /** Stores an exchange (whole, or cut short) and its trace; the session moves to the top. */
  record(s: FoundrySessionSeed, text: string, result: Json, trace: Json, nowMs: number): void {
    const list = this.chatted.get(s.rid) ?? [];
    list.push({ userInput: { text }, result });
    this.chatted.set(s.rid, list);
    this.chattedTraces.set(String(result.sessionTraceId), trace);
    if (s.title === 'New session') s.title = text.slice(0, 60) || s.title;
    s.updatedMs = nowMs;
    // Most recently updated first: move it to the front.
    this.sessions.splice(this.sessions.indexOf(s), 1);
    this.sessions.unshift(s);
  }

  /** blockingContinue: answers `text`, records the exchange and its trace. */
  continueSession(s: FoundrySessionSeed, text: string, nowMs: number): Json {
    const { result, trace } = this.answerFor(s, text);
    this.record(s, text, result, trace, nowMs);
    return result;
  }

  /** The trace of one exchange, or undefined when the id is not one of the session's. */
  trace(s: FoundrySessionSeed, traceId: string): Json | undefined {
    const chatted = this.chattedTraces.get(traceId);
    if (chatted && (this.chatted.get(s.rid) ?? []).some((x) => (x.result as Json).sessionTraceId === traceId)) return chatted;
    const idx = this.traceIds(s).indexOf(traceId);
    if (idx < 0) return undefined;
    const r = rngFor('foundry-trace', traceId);
    if (s.rich) return richTrace(traceId, idx);
    return { id: traceId, status: 'COMPLETE', toolCallGroups: [{ toolCalls: [searchCall(r)] }, { toolCalls: [queryCall(r), queryCall(r)] }] };
  }
}

function searchCall(r: Rng): Json {
  return {
    toolMetadata: { name: 'Search orders', type: 'ONTOLOGY_SEMANTIC_SEARCH' },
    input: { thought: 'Find the order the user means.', inputs: { query: { type: 'string', value: `order ${int(r, 1000, 9999)}` } } },
    output: { type: 'success', output: { type: 'rid', rid: `ri.object-set.main.object-set.${uuid(r)}` } },
  };
}

function queryCall(r: Rng): Json {
  return {
    toolMetadata: { name: 'Order details', type: 'OBJECT_QUERY' },
    input: { inputs: { objectType: { type: 'string', value: 'Order' }, filter: { type: 'string', value: `status = "${pick(r, ['late', 'shipped', 'open'])}"` } } },
    output: { type: 'success', output: { type: 'string', value: '{"status":"shipped","eta":"2025-10-03"}' } },
  };
}

/**
 * Every ToolType the official SDK defines (test/unit/foundry.sdk.test.ts holds it to that) and both
 * output kinds, spread over the rich session's three exchanges. Nothing here is outside the SDK's
 * models: shapes beyond them (an unknown tool type) are tested in map.foundry.test.ts.
 */
function richTrace(id: string, index: number): Json {
  if (index === 0) {
    return {
      id,
      status: 'COMPLETE',
      contexts: { objectContexts: [{ objectRids: ['ri.phonograph2-objects.main.object.1a2b'], propertyTypeRids: [] }], functionRetrievedContexts: [] },
      toolCallGroups: [
        { toolCalls: [{ toolMetadata: { name: 'Revenue dataset', type: 'OBJECT_QUERY_WITH_SQL' }, input: { thought: 'Aggregate revenue per region in SQL first.', inputs: { sql: { type: 'string', value: 'SELECT region, SUM(amount) AS revenue FROM sales GROUP BY region' } } }, output: { type: 'success', output: { type: 'string', value: 'EMEA,1200000\nAMER,950000' } } }] },
        {
          toolCalls: [
            {
              toolMetadata: { name: 'Python', type: 'CODE_EXECUTION' },
              input: { thought: 'Plot the aggregated numbers.', inputs: { code: { type: 'string', value: 'import matplotlib.pyplot as plt\nregions = ["EMEA", "AMER"]\nrevenue = [1.2, 0.95]\nplt.bar(regions, revenue)\nprint("plotted", len(regions), "bars")' } } },
              output: { type: 'success', output: { type: 'string', value: 'plotted 2 bars' } },
            },
            { toolMetadata: { name: 'set region', type: 'UPDATE_APPLICATION_VARIABLE' }, input: { inputs: { region: { type: 'string', value: 'EMEA' } } }, output: { type: 'success', output: { type: 'string', value: 'EMEA' } } },
          ],
        },
      ],
    };
  }
  if (index === 1) {
    return {
      id,
      status: 'COMPLETE',
      toolCallGroups: [
        { toolCalls: [{ toolMetadata: { name: 'Create ticket', type: 'ACTION' }, input: { thought: 'File a ticket for the data gap.', inputs: { title: { type: 'string', value: 'Missing APAC data' } } }, output: { type: 'failure', correctionMessage: 'Parameter "priority" is required.' } }] },
        { toolCalls: [{ toolMetadata: { name: 'Forecast', type: 'FUNCTION' }, input: { inputs: { dataset: { type: 'rid', rid: 'ri.foundry.main.dataset.9f8e' } } }, output: { type: 'success', output: { type: 'string', value: '{"q4":1.4}' } } }] },
        { toolCalls: [{ toolMetadata: { name: 'Ask user', type: 'REQUEST_CLARIFICATION' }, input: { inputs: { question: { type: 'string', value: 'Which quarter?' } } } }] },
        {
          toolCalls: [
            { toolMetadata: { name: 'Find regions', type: 'ONTOLOGY_SEMANTIC_SEARCH' }, input: { inputs: { query: { type: 'string', value: 'sales regions' } } }, output: { type: 'success', output: { type: 'rid', rid: 'ri.object-set.main.object-set.7c1d' } } },
            { toolMetadata: { name: 'Region details', type: 'OBJECT_QUERY' }, input: { inputs: { objectSet: { type: 'rid', rid: 'ri.object-set.main.object-set.7c1d' } } }, output: { type: 'success', output: { type: 'string', value: '[{"region":"APAC","revenue":null}]' } } },
          ],
        },
      ],
    };
  }
  // The answer that was cut short: its trace is still running.
  return { id, status: 'IN_PROGRESS', toolCallGroups: [{ toolCalls: [{ toolMetadata: { name: 'Python', type: 'CODE_EXECUTION' }, input: { inputs: { code: { type: 'string', value: 'df.groupby("region").sum()' } } } }] }] };
}
