// A session as a Markdown transcript: for "Export as Markdown" and for diffs between sessions or
// runs. Pure and deterministic (no clock), so two transcripts differ only where the sessions do.
import type { ModelMessage, Run, Session, SessionEvent, Totals } from './schema';
import { tokenSum } from './totals';

export interface TranscriptOptions {
  /** Leave out per-event times, latency and ids: a diff then shows what was said and done. */
  forDiff?: boolean;
}

export function sessionToMarkdown(session: Session, options: TranscriptOptions = {}): string {
  const out: string[] = [`# ${oneLine(session.title)}`, ''];
  const facts: Array<[string, string | undefined]> = [
    ['Provider', session.provider],
    ['Agent', session.agentName ?? session.agentId],
    ['Session', options.forDiff ? undefined : session.id],
    ['Created', options.forDiff ? undefined : session.createdAt],
  ];
  for (const [k, v] of facts) if (v) out.push(`- **${k}:** ${oneLine(v)}`);
  out.push(`- **Totals:** ${totalsLine(session.totals)}`, '');
  session.runs.forEach((run, i) => out.push(...runToMarkdown(run, i, options)));
  // Blank separators collapse; text inside an entry (a fenced result with blank lines) stays as it was.
  return (
    out
      .filter((line, i) => line !== '' || out[i - 1] !== '')
      .join('\n')
      .trimEnd() + '\n'
  );
}

export function runToMarkdown(run: Run, index: number, options: TranscriptOptions = {}): string[] {
  const out = [`## Run ${index + 1}${run.title ? ` · ${oneLine(run.title)}` : ''}`, ''];
  if (!options.forDiff) out.push(`_${[run.createdAt, run.model, totalsLine(run.totals)].filter(Boolean).join(' · ')}_`, '');
  for (const e of run.events) out.push(...eventToMarkdown(e, options), '');
  return out;
}

function eventToMarkdown(e: SessionEvent, options: TranscriptOptions): string[] {
  const meta = options.forDiff ? '' : metaLine(e);
  switch (e.kind) {
    case 'user_message':
      return [`### 🧑 User${meta}`, '', e.text];
    case 'assistant_message':
      return [`### 🤖 Assistant${e.interrupted ? ' (interrupted)' : ''}${meta}`, '', e.text];
    case 'system_message':
      return [`### ⚙️ System${meta}`, '', quote(e.text)];
    case 'reasoning':
      return [`### 💭 Reasoning${e.effort ? ` (effort: ${e.effort})` : ''}${meta}`, '', quote(e.text)];
    case 'tool_call':
      return [
        `### 🔧 Tool call \`${e.name}\`${e.callId && !options.forDiff ? ` (${e.callId})` : ''}${meta}`,
        '',
        fence(json(e.arguments), 'json'),
      ];
    case 'tool_result':
      return [
        `### ${e.isError ? '❌' : '📦'} Tool result${e.name ? ` \`${e.name}\`` : ''}${meta}`,
        '',
        fence(typeof e.result === 'string' ? e.result : json(e.result), typeof e.result === 'string' ? '' : 'json'),
      ];
    case 'code_execution':
      return [
        `### ▶️ Code${e.name ? ` \`${e.name}\`` : ''} (${e.language})${e.callId && !options.forDiff ? ` (${e.callId})` : ''}${meta}`,
        '',
        fence(e.code, e.language),
        ...(e.arguments !== undefined ? ['', 'Arguments:', '', fence(json(e.arguments), 'json')] : []),
        ...(e.output !== undefined ? ['', 'Output:', '', fence(e.output, 'text')] : []),
      ];
    case 'model_call':
      return modelCallToMarkdown(e, meta);
    case 'error':
      return [`### ⚠️ Error${e.code ? ` ${e.code}` : ''}${meta}`, '', e.message];
    case 'pending_input':
      return pendingToMarkdown(e, meta, options);
    case 'other':
      return [`### ❔ ${e.type}${meta}`, '', ...(e.text ? [e.text, ''] : []), fence(json(e.fields), 'json')];
  }
}

/** A model call: which model, why it stopped, then the request's and the answer's messages. */
function modelCallToMarkdown(e: Extract<SessionEvent, { kind: 'model_call' }>, meta: string): string[] {
  const facts = [
    e.provider,
    e.finishReason ? `finish: ${e.finishReason}` : undefined,
    e.timeToFirstTokenMs !== undefined ? `first token ${e.timeToFirstTokenMs} ms` : undefined,
  ].filter(Boolean);
  const out = [`### 🧠 Model call${e.model ? ` \`${e.model}\`` : ''}${e.error ? ' (failed)' : ''}${meta}`, ''];
  if (facts.length) out.push(`_${facts.join(' · ')}_`, '');
  if (e.error) out.push(`Error: ${e.error}`, '');
  const messages = (label: string, list: ModelMessage[] | undefined) => {
    if (!list?.length) return;
    out.push(`${label}:`, '');
    for (const m of list) {
      out.push(`- **${oneLine(m.role)}**${m.toolCallId ? ` (answers ${m.toolCallId})` : ''}${m.text ? `: ${oneLine(m.text)}` : ''}`);
      for (const c of m.toolCalls ?? []) out.push(`  - calls \`${c.name}\` ${oneLine(json(c.arguments))}`);
      if (m.toolResult !== undefined)
        out.push(`  - result ${oneLine(typeof m.toolResult === 'string' ? m.toolResult : json(m.toolResult))}`);
    }
    out.push('');
  };
  messages('Request', e.input);
  messages('Response', e.output);
  return out;
}

const ASKED: Record<Extract<SessionEvent, { kind: 'pending_input' }>['ask'], string> = {
  confirmation: 'confirmation',
  user_input: 'input',
  user_feedback: 'an answer',
  external_execution: 'an external result',
};

function pendingToMarkdown(e: Extract<SessionEvent, { kind: 'pending_input' }>, meta: string, options: TranscriptOptions): string[] {
  const r = e.resolution;
  const state = !r ? 'waiting' : r.outcome;
  const out = [`### ⏸️ Needs ${ASKED[e.ask]}: \`${e.name}\`${e.callId && !options.forDiff ? ` (${e.callId})` : ''} — ${state}${meta}`, ''];
  if (e.text) out.push(e.text, '');
  out.push(fence(json(e.arguments), 'json'));
  for (const f of e.fields ?? [])
    out.push(
      '',
      `- **${f.name}**${f.type ? ` (${f.type})` : ''}${f.description ? `: ${f.description}` : ''}${f.value !== undefined && f.value !== null ? ` = ${json(f.value)}` : ''}`,
    );
  for (const q of e.questions ?? [])
    out.push(
      '',
      `- ${q.question} (${q.options.map((o) => o.label).join(' / ')})${q.selected?.length ? ` → ${q.selected.join(', ')}` : ''}`,
    );
  if (r?.note) out.push('', `Note: ${r.note}`);
  if (r?.result !== undefined) out.push('', 'Result given:', '', fence(r.result, 'text'));
  return out;
}

function metaLine(e: SessionEvent): string {
  const parts = [
    e.timestamp,
    e.latencyMs !== undefined ? `${e.latencyMs} ms` : undefined,
    tokenSum(e.tokens) !== undefined ? `${tokenSum(e.tokens)} tokens` : undefined,
    e.costUsd !== undefined ? `$${e.costUsd.toFixed(4)}` : undefined,
    e.model,
  ].filter(Boolean);
  return parts.length ? ` — ${parts.join(' · ')}` : '';
}

function totalsLine(t: Totals): string {
  const tokens = tokenSum(t.tokens);
  return [
    `${t.events ?? 0} events`,
    `${t.toolCalls ?? 0} tool calls`,
    `${t.errors ?? 0} errors`,
    tokens !== undefined ? `${tokens} tokens` : 'tokens unknown',
    t.costUsd !== undefined ? `$${t.costUsd.toFixed(4)}` : 'cost unknown',
  ].join(', ');
}

/** A fence longer than any run of backticks inside, so agent text cannot close it early. */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, longestBacktickRun(text));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

/**
 * One pass, no spread: `Math.max(...runs)` put every run on the stack and threw at ~300,000 runs,
 * so an export wrote nothing (issue 11, finding 6).
 */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}
