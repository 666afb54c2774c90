// The text of one event that search looks through: what a person reads on its card (names,
// messages, code, output, argument and result keys and values), lower-cased once when the event
// arrives, so a search over 100,000 events is a loop of indexOf calls and never touches the DOM.
import type { SessionEvent } from '../../src/model/schema';

/** More than this of one event is not searched: a 10 MB tool result would otherwise dominate memory. */
export const MAX_SEARCH_CHARS = 20_000;
/** JSON deeper than this is not walked (a hostile payload can nest 10,000 levels). */
const MAX_DEPTH = 64;

export function eventSearchText(e: SessionEvent): string {
  const parts: string[] = [];
  let size = 0;
  const add = (s: string | undefined) => {
    if (!s || size >= MAX_SEARCH_CHARS) return;
    const piece = s.length + size > MAX_SEARCH_CHARS ? s.slice(0, MAX_SEARCH_CHARS - size) : s;
    parts.push(piece);
    size += piece.length + 1;
  };
  add(e.model);
  switch (e.kind) {
    case 'user_message':
    case 'assistant_message':
    case 'system_message':
    case 'reasoning':
      add(e.text);
      break;
    case 'tool_call':
      add(e.name);
      add(e.callId);
      addValue(e.arguments, add, () => size >= MAX_SEARCH_CHARS);
      break;
    case 'tool_result':
      add(e.name);
      add(e.callId);
      addValue(e.result, add, () => size >= MAX_SEARCH_CHARS);
      break;
    case 'code_execution':
      add(e.name);
      add(e.callId);
      add(e.language);
      add(e.code);
      add(e.output);
      if (e.arguments !== undefined) addValue(e.arguments, add, () => size >= MAX_SEARCH_CHARS);
      break;
    case 'model_call':
      add(e.provider);
      add(e.requestModel);
      add(e.finishReason);
      add(e.error);
      // The answer first: the request repeats the whole conversation and would fill the budget.
      addValue(e.output, add, () => size >= MAX_SEARCH_CHARS);
      addValue(e.input, add, () => size >= MAX_SEARCH_CHARS);
      break;
    case 'error':
      add(e.code);
      add(e.message);
      break;
    case 'pending_input':
      add(e.name);
      add(e.callId);
      add(e.text);
      addValue(e.arguments, add, () => size >= MAX_SEARCH_CHARS);
      addValue(e.fields, add, () => size >= MAX_SEARCH_CHARS);
      addValue(e.questions, add, () => size >= MAX_SEARCH_CHARS);
      addValue(e.resolution, add, () => size >= MAX_SEARCH_CHARS);
      break;
    case 'other':
      add(e.type);
      add(e.text);
      addValue(e.fields, add, () => size >= MAX_SEARCH_CHARS);
      break;
  }
  return parts.join('\n').toLowerCase();
}

/** Keys and scalar values of a JSON value, iteratively (no recursion: nesting depth is untrusted). */
function addValue(value: unknown, add: (s: string) => void, full: () => boolean): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length && !full()) {
    const [v, depth] = stack.pop()!;
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') add(v);
    else if (typeof v === 'number' || typeof v === 'boolean') add(String(v));
    else if (typeof v === 'object' && depth < MAX_DEPTH) {
      // Pushed in reverse so they come off the stack in reading order.
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1]);
      else {
        const entries = Object.entries(v as Record<string, unknown>);
        for (let i = entries.length - 1; i >= 0; i--) {
          stack.push([entries[i]![1], depth + 1]);
          stack.push([entries[i]![0], depth + 1]);
        }
      }
    }
  }
}

/** Errors a person looks for: error events and failed tool results. */
export function isErrorEvent(e: SessionEvent): boolean {
  return e.kind === 'error' || (e.kind === 'tool_result' && e.isError === true) || (e.kind === 'model_call' && e.error !== undefined);
}
