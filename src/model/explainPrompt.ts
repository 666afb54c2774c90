// What "/explain" and "Why did this fail?" send to the editor's language model: the session as
// numbered lines, one per event ([id] kind: what it said or did, its figures), the breakdown's
// summary first. Trimmed to the model's input budget — the failing event, its neighbours and
// every error kept, the middle elided with a note saying how much — and never a credential: the
// host's tokens are masked in every shape they take (secretForms.ts) and as any 8-character piece,
// and anything in agent content that looks like a credential is masked too.
import { formsOf, maskForms, maskPieces } from './secretForms';
import { computeBreakdown } from './breakdown';
import { stringifyPretty } from './jsonText';
import type { Session, SessionEvent } from './schema';
import { tokenSum } from './totals';

export interface ExplainOptions {
  /** The model's input budget in tokens (vscode.lm's maxInputTokens), the instructions included. */
  budgetTokens: number;
  /** "Why did this fail?": the event asked about. */
  eventId?: string;
  /** Tokens of a text, as the model counts them; defaults to about 4 characters a token. */
  countTokens?: (text: string) => number;
  /** Secrets to mask wherever they appear, in any shape (the host's stored tokens). */
  secrets?: readonly string[];
}

export interface ExplainPrompt {
  instructions: string;
  session: string;
  /** Events left out to fit the budget. */
  elided: number;
  /** The ids the lines carry, for links back from the answer. */
  eventIds: string[];
}

const MAX_FIELD = 600;

/** Credentials in agent content: bearer values, API keys, private keys, key=value secrets. */
const SECRET_PATTERNS: RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(sk|pk|rk|pat|ghp|gho|ghs|xox[abp])[-_][A-Za-z0-9_-]{12,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b((?:api[_-]?key|access[_-]?token|secret|password|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi,
];

/** `text` without the secrets (in any of their forms) and without anything shaped like a credential. */
export function maskSecrets(text: string, secrets: readonly string[] = [], forms: readonly string[] = formsOf(secrets)): string {
  let out = maskForms(text, forms);
  for (const re of SECRET_PATTERNS)
    out = out.replace(re, (_m, keep: unknown) => `${typeof keep === 'string' && /[:=\s]$/.test(keep) ? keep : ''}***`);
  return out;
}

type Mask = (text: string) => string;

/** One field on one line, masked before it is cut (a secret cut in two would show its first half). */
function short(text: string, mask: Mask): string {
  const one = mask(text).replace(/\s+/g, ' ').trim();
  return one.length > MAX_FIELD ? `${one.slice(0, MAX_FIELD)}… (${one.length} characters)` : one;
}

function json(v: unknown, mask: Mask): string {
  return short(typeof v === 'string' ? v : stringifyPretty(v), mask);
}

/** One event as one line: what it is, what it said or did, and its figures. */
export function eventLine(e: SessionEvent, mask: Mask = (t) => t): string {
  const figures: string[] = [];
  const t = tokenSum(e.tokens);
  if (t !== undefined) figures.push(`${t} tokens`);
  if (e.costUsd !== undefined) figures.push(`$${e.costUsd}`);
  if (e.latencyMs !== undefined) figures.push(`${Math.round(e.latencyMs)} ms`);
  let body: string;
  switch (e.kind) {
    case 'user_message':
    case 'assistant_message':
    case 'system_message':
    case 'reasoning':
      body = short(e.text, mask);
      break;
    case 'tool_call':
      body = `${e.name}(${json(e.arguments, mask)})`;
      break;
    case 'tool_result':
      body = `${e.isError ? 'FAILED ' : ''}${e.name ?? ''} → ${json(e.result, mask)}`;
      break;
    case 'code_execution':
      body = `${e.language}: ${short(e.code, mask)}${e.output ? ` → ${short(e.output, mask)}` : ''}`;
      break;
    case 'error':
      body = `${e.code ? `${e.code}: ` : ''}${short(e.message, mask)}`;
      break;
    case 'model_call':
      body = `${e.model ?? 'model'}${e.error ? ` FAILED ${short(e.error, mask)}` : ''}${e.finishReason ? ` (finish: ${e.finishReason})` : ''}`;
      break;
    default:
      body = 'text' in e && typeof e.text === 'string' ? short(e.text, mask) : json((e as { fields?: unknown }).fields ?? '', mask);
  }
  const kind = e.kind === 'other' ? `other:${(e as { type?: string }).type ?? ''}` : e.kind;
  return `[${e.id}] ${kind}: ${body}${figures.length ? ` {${figures.join(', ')}}` : ''}`;
}

function isError(e: SessionEvent): boolean {
  return e.kind === 'error' || (e.kind === 'tool_result' && e.isError === true) || (e.kind === 'model_call' && e.error !== undefined);
}

export function buildExplainPrompt(session: Session, o: ExplainOptions): ExplainPrompt {
  const count = o.countTokens ?? ((s: string) => Math.ceil(s.length / 4));
  const focus = o.eventId;
  const forms = formsOf(o.secrets ?? []);
  const mask = (line: string) => maskSecrets(line, o.secrets, forms);
  const instructions = mask(
    [
      'You explain an AI agent session to the developer who built the agent.',
      focus
        ? `Explain why the event [${focus}] failed: its cause, what led to it, and what to change. Be concrete.`
        : 'Explain what the agent did, where the tokens, money and time went, and anything that went wrong or looks wasteful. Be concrete.',
      'Cite events by their id in square brackets exactly as given, for example [e12]. Do not invent ids.',
    ].join('\n'),
  );
  const b = computeBreakdown(session, { top: 3 });
  const head = [
    `Session "${session.title}" (${session.provider})${session.agentName ? `, agent ${session.agentName}` : ''}: ${session.runs.length} runs, ${session.totals.events ?? 0} events.`,
    `Tokens ${tokenSum(b.session.tokens) ?? 'unknown'}, cost ${b.session.costUsd === undefined ? 'unknown' : `${Number(b.session.costUsd.toPrecision(6))}`} USD, model time ${b.session.modelMs ?? 'unknown'} ms, tool time ${b.session.toolMs ?? 'unknown'} ms, errors ${b.session.errors}.`,
  ].map(mask);
  const events: SessionEvent[] = [];
  for (const r of session.runs) for (const e of r.events) events.push(e);
  const lines = events.map((e) => mask(eventLine(e, mask)));
  const budget = Math.max(0, o.budgetTokens - count(instructions) - count(head.join('\n')) - 64);
  // What must stay, most important first, so a tight budget drops the least: the event asked
  // about, then every error, then its neighbours nearest first (the 8 before it, the 2 after).
  const at = focus ? events.findIndex((e) => e.id === focus) : -1;
  const costs = lines.map((l) => count(l) + 1);
  let used = 0;
  const chosen = new Set<number>();
  const take = (i: number) => {
    if (chosen.has(i) || i < 0 || i >= lines.length || used + costs[i]! > budget) return;
    chosen.add(i);
    used += costs[i]!;
  };
  take(at);
  events.forEach((e, i) => isError(e) && take(i));
  if (at >= 0) for (let d = 1; d <= 8; d++) [at - d, ...(d <= 2 ? [at + d] : [])].forEach(take);
  // Then from both ends inwards: how it started and how it ended matter most.
  for (let lo = 0, hi = lines.length - 1; lo <= hi; lo++, hi--) {
    take(lo);
    take(hi);
  }
  const out: string[] = [];
  let gap = 0;
  lines.forEach((l, i) => {
    if (chosen.has(i)) {
      if (gap) out.push(`… ${gap} events left out to fit the model's input budget …`);
      gap = 0;
      // Pieces of a secret are looked for only in the lines sent: it costs the secret's length
      // times the line's, and a masked piece only shortens a line, so the budget still holds.
      out.push(maskPieces(l, o.secrets ?? []));
    } else gap++;
  });
  if (gap) out.push(`… ${gap} events left out to fit the model's input budget …`);
  return {
    instructions,
    session: [...head, '', ...out].join('\n'),
    elided: lines.length - chosen.size,
    eventIds: events.filter((_, i) => chosen.has(i)).map((e) => e.id),
  };
}

/** The event ids an answer cites, in order, that the prompt carried. */
export function citedEvents(answer: string, known: readonly string[]): string[] {
  const ids = new Set(known);
  const out: string[] = [];
  for (const m of answer.matchAll(/\[([^\]\s]{1,200})\]/g)) if (ids.has(m[1]!) && !out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
