// "Compare with previous request": the requests of two consecutive model calls of one agent as
// text a diff editor can show, one block per message, with the first message that differs marked
// — where the prompt stopped being a prefix of the one before, which is where the cache broke.
import { computeBreakdown, withPrevious } from './breakdown';
import { stringifyPretty } from './jsonText';
import type { ModelMessage, Session, SessionEvent } from './schema';

export interface RequestDiff {
  title: string;
  left: string;
  right: string;
  /** Index of the first message that differs; undefined when one request is a prefix of the other. */
  firstDifferent?: number;
  previousEventId: string;
}

/** One message as the text the diff shows: its role and name, its text, tool calls and tool result. */
export function messageText(m: ModelMessage): string {
  const out = [`${m.role}${m.name ? ` (${m.name})` : ''}${m.toolCallId ? ` → answers ${m.toolCallId}` : ''}`];
  if (m.text) out.push(m.text);
  for (const c of m.toolCalls ?? []) out.push(`calls ${c.name}${c.id ? ` [${c.id}]` : ''}: ${stringifyPretty(c.arguments)}`);
  if (m.toolResult !== undefined) out.push(typeof m.toolResult === 'string' ? m.toolResult : stringifyPretty(m.toolResult));
  if (m.parts?.length) out.push(stringifyPretty(m.parts));
  return out.join('\n');
}

function requestText(messages: readonly ModelMessage[], firstDifferent: number | undefined): string {
  return (
    messages
      .map((m, i) => {
        const mark = i === firstDifferent ? '  ◀ first message that differs from the other request: the prompt cache breaks here' : '';
        return `### Message ${i + 1}${mark}\n${messageText(m)}`;
      })
      .join('\n\n') + '\n'
  );
}

type ModelCallEvent = Extract<SessionEvent, { kind: 'model_call' }>;

/**
 * The diff for the model call `eventId` against its agent's previous call. Undefined with a reason
 * when there is none or the requests are not known.
 */
export function requestDiff(session: Session, eventId: string): RequestDiff | { reason: string } {
  const events = new Map<string, SessionEvent>();
  for (const r of session.runs) for (const e of r.events) events.set(e.id, e);
  const target = events.get(eventId);
  if (!target || target.kind !== 'model_call') return { reason: 'That event is not a model call of this session.' };
  let previous: ModelCallEvent | undefined;
  for (const { call, previous: before } of withPrevious(computeBreakdown(session, { top: 0 }).calls)) {
    if (call.eventId !== eventId) continue;
    const e = events.get(before.eventId);
    if (e?.kind === 'model_call') previous = e;
  }
  if (!previous) return { reason: 'This is the first model call of its agent: there is no previous request to compare with.' };
  if (!target.input || !previous.input) return { reason: 'The source did not record the messages of these requests.' };
  const a = previous.input.map(messageText);
  const b = target.input.map(messageText);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // Past the shorter request, the longer one only adds messages: the prefix held, the cache too.
  const firstDifferent = i < Math.min(a.length, b.length) ? i : undefined;
  const out: RequestDiff = {
    title: `Request ${previous.id} ↔ ${target.id}`,
    left: requestText(previous.input, firstDifferent),
    right: requestText(target.input, firstDifferent),
    previousEventId: previous.id,
  };
  if (firstDifferent !== undefined) out.firstDifferent = firstDifferent;
  return out;
}
