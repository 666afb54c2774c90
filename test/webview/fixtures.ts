// A session with every event kind, built from the model the way a provider mapping would, and
// turned into protocol messages with the same helpers the extension host uses.
import { withTotals, type Session, type SessionEvent } from '../../src/model';
import { eventChunks } from '../../src/protocol/header';
import { headerOf } from '../../src/views/inspector/pageHeader';
import type { HostMessage } from '../../src/protocol/messages';

export const HOSTILE_SCRIPT = '<script>window.__pwned = "script"</script>';
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned = \'img\'">';
export const HOSTILE_LINK = '<a href="javascript:window.__pwned=\'link\'">click me</a>';

const t = (second: number) => `2026-11-20T09:15:${String(second).padStart(2, '0')}.250Z`;
const tm = (second: number) => Date.parse(t(second));

/** A large tool result: 300 rows, far beyond what is printed before "Show all". */
export const BIG_RESULT = {
  total: 300,
  rows: Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: `customer-${i + 1}`, plan: i % 3 === 0 ? 'pro' : 'free', mrr: i * 7 })),
};

export function everyKindSession(): Session {
  const run1: SessionEvent[] = [
    { id: 'e1', runId: 'run-1', kind: 'system_message', text: 'You are a support agent.\nBe brief.', timestamp: t(0), timeMs: tm(0) },
    {
      id: 'e2',
      runId: 'run-1',
      kind: 'user_message',
      text: 'Why did invoice 42 fail? 🤔\n\n  Indented line kept.\nÜnïcödé ✓',
      timestamp: t(1),
      timeMs: tm(1),
    },
    {
      id: 'e3',
      runId: 'run-1',
      kind: 'reasoning',
      text: 'The user asks about a failed invoice. First look up the invoice, then the payment attempts.\nSecond line of thought.',
      effort: 'medium',
      timestamp: t(2),
      timeMs: tm(2),
      tokens: { reasoning: 120 },
    },
    {
      id: 'e4',
      runId: 'run-1',
      kind: 'tool_call',
      name: 'lookup_invoice',
      callId: 'call_A',
      arguments: { invoiceId: 42, include: ['attempts', 'customer'] },
      timestamp: t(3),
      timeMs: tm(3),
      latencyMs: 850,
      model: 'gpt-4.1',
      tokens: { input: 1200, output: 40, cacheRead: 800 },
      costUsd: 0.0031,
    },
    {
      id: 'e5',
      runId: 'run-1',
      kind: 'tool_result',
      name: 'lookup_invoice',
      callId: 'call_A',
      result: BIG_RESULT,
      timestamp: t(4),
      timeMs: tm(4),
      latencyMs: 120,
    },
    {
      id: 'e6',
      runId: 'run-1',
      kind: 'tool_call',
      name: 'investigate',
      callId: 'call_B',
      arguments: '{"scope":"payments","depth":2}',
      timestamp: t(5),
      timeMs: tm(5),
    },
    {
      id: 'e7',
      runId: 'run-1',
      kind: 'tool_call',
      name: 'fetch_attempts',
      callId: 'call_C',
      parentCallId: 'call_B',
      arguments: { invoiceId: 42 },
      timestamp: t(6),
      timeMs: tm(6),
    },
    {
      id: 'e8',
      runId: 'run-1',
      kind: 'tool_result',
      callId: 'call_C',
      parentCallId: 'call_B',
      result: { attempts: [{ at: '2026-11-19', status: 'declined', reason: 'card_expired' }] },
      timestamp: t(7),
      timeMs: tm(7),
    },
    {
      id: 'e9',
      runId: 'run-1',
      kind: 'code_execution',
      language: 'python',
      callId: 'call_D',
      parentCallId: 'call_B',
      code: 'import math\nfor i in range(3):\n    print("attempt", i, math.sqrt(i))',
      output: 'attempt 0 0.0\nattempt 1 1.0\nattempt 2 1.4142135623730951\n',
      timestamp: t(8),
      timeMs: tm(8),
      latencyMs: 2300,
    },
    {
      id: 'e10',
      runId: 'run-1',
      kind: 'tool_result',
      callId: 'call_B',
      result: 'Card expired on the only attempt.',
      timestamp: t(9),
      timeMs: tm(9),
    },
    {
      id: 'e11',
      runId: 'run-1',
      kind: 'tool_call',
      name: 'charge_card',
      callId: 'call_E',
      arguments: { invoiceId: 42, retry: true },
      timestamp: t(10),
      timeMs: tm(10),
    },
    {
      id: 'e12',
      runId: 'run-1',
      kind: 'tool_result',
      callId: 'call_E',
      isError: true,
      result: { error: 'card_declined', message: 'The card was declined.' },
      timestamp: t(11),
      timeMs: tm(11),
    },
    {
      id: 'e13',
      runId: 'run-1',
      kind: 'error',
      code: 'RATE_LIMITED',
      message: 'Too many requests to the billing API. Retry after 30 s.',
      timestamp: t(12),
      timeMs: tm(12),
    },
    {
      id: 'e14',
      runId: 'run-1',
      kind: 'other',
      type: 'handoff',
      text: 'Handing over to the billing agent.',
      fields: { target_agent: 'billing', priority: 2, urgent: true, context: { invoice: 42, notes: ['expired card', 'declined retry'] } },
      timestamp: t(13),
      timeMs: tm(13),
    },
    {
      id: 'e15',
      runId: 'run-1',
      kind: 'assistant_message',
      text: 'Invoice 42 failed because the card on file expired. I tried once more and',
      interrupted: true,
      timestamp: t(14),
      timeMs: tm(14),
      model: 'gpt-4.1',
      tokens: { input: 2100, output: 18 },
      costUsd: 0.0047,
      latencyMs: 1900,
    },
  ];
  const run2: SessionEvent[] = [
    {
      id: 'h1',
      runId: 'run-2',
      kind: 'user_message',
      text: `Hostile: ${HOSTILE_SCRIPT} ${HOSTILE_IMG} ${HOSTILE_LINK}`,
      timestamp: t(30),
      timeMs: tm(30),
    },
    {
      id: 'h2',
      runId: 'run-2',
      kind: 'tool_call',
      name: '<img src=x onerror=alert(1)>',
      callId: 'call_<b>',
      arguments: { html: HOSTILE_IMG, url: 'javascript:alert(1)' },
      timestamp: t(31),
      timeMs: tm(31),
    },
    {
      id: 'h3',
      runId: 'run-2',
      kind: 'assistant_message',
      text: `Plain answer with ${HOSTILE_SCRIPT} inside.`,
      timestamp: t(32),
      timeMs: tm(32),
      tokens: { input: 300, output: 25 },
      model: 'gpt-4.1-mini',
    },
  ];
  return withTotals({
    id: 'sess-every-kind',
    provider: 'demo',
    agentId: 'support-agent',
    agentName: 'Support Agent',
    title: 'Invoice 42 failed — every event kind',
    createdAt: t(0),
    updatedAt: t(32),
    isTest: true,
    metadata: { channel: 'C042', user: 'U-7' },
    runs: [
      {
        id: 'run-1',
        title: 'Investigate invoice',
        createdAt: t(0),
        model: 'gpt-4.1',
        status: 'completed',
        events: run1,
        // The provider claims more cost than the events add up to: must be flagged.
        providerTotals: { tokens: { input: 3300, output: 58 }, costUsd: 0.02 },
      },
      { id: 'run-2', title: 'Hostile content', createdAt: t(30), status: 'completed', events: run2 },
    ],
    providerTotals: { tokens: { input: 3600, output: 83 }, costUsd: 0.02 },
  });
}

/** The messages the host sends for a session: begin, chunks of `chunkSize`, end. */
export function hostMessages(session: Session, chunkSize?: number): HostMessage[] {
  const messages: HostMessage[] = [{ type: 'session/begin', header: headerOf(session, 'Demo'), totalEvents: session.totals.events ?? 0 }];
  for (const events of eventChunks(session, chunkSize)) messages.push({ type: 'session/events', events });
  messages.push({ type: 'session/end' });
  return messages;
}
