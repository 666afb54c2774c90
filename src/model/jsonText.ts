// JSON for "Copy value" that cannot overflow the stack: JSON.stringify is recursive, and a hostile
// payload nested 10,000 levels deep makes it throw. The native call is tried first (it is much
// faster on large, ordinary values); the iterative walk is the fallback. Deeply nested values are
// copied compact: indentation grows with depth, and 10,000 levels pretty-printed are ~200 MB.

/** Deeper than this, the copy has no indentation. */
export const PRETTY_MAX_DEPTH = 64;

export function stringifyPretty(value: unknown): string {
  const indent = deeperThan(value, PRETTY_MAX_DEPTH) ? 0 : 2;
  try {
    const s = JSON.stringify(value, bigintSafe, indent);
    if (s !== undefined) return s;
  } catch (e) {
    if (!(e instanceof RangeError) && !(e instanceof TypeError)) return String(value);
  }
  return stringifyIteratively(value, indent);
}

/** Whether containers nest more than `limit` levels, found without recursion (stops early). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visited = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    // A huge flat value is not deep: stop looking after enough nodes.
    if (++visited > 100_000) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function bigintSafe(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

type Frame =
  | { kind: 'array'; items: unknown[]; i: number; indent: string }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; i: number; indent: string };

/** Same output as JSON.stringify(value, null, indent) for JSON data; a repeated object prints as "[circular]". */
export function stringifyIteratively(value: unknown, indent: 0 | 2 = 2): string {
  const unit = ' '.repeat(indent);
  const nl = indent ? '\n' : '';
  const colon = indent ? ': ' : ':';
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();
  const emit = (v: unknown, indent: string): void => {
    if (Array.isArray(v) || (v !== null && typeof v === 'object')) {
      if (open.has(v as object)) {
        out.push('"[circular]"');
        return;
      }
      if (Array.isArray(v)) {
        if (!v.length) return void out.push('[]');
        open.add(v);
        out.push('[');
        stack.push({ kind: 'array', items: v, i: 0, indent });
      } else {
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
        if (!keys.length) return void out.push('{}');
        open.add(obj);
        out.push('{');
        stack.push({ kind: 'object', obj, keys, i: 0, indent });
      }
      return;
    }
    out.push(scalar(v));
  };
  emit(value, '');
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const inner = `${top.indent}${unit}`;
    const length = top.kind === 'array' ? top.items.length : top.keys.length;
    if (top.i >= length) {
      stack.pop();
      open.delete(top.kind === 'array' ? top.items : top.obj);
      out.push(`${nl}${top.indent}${top.kind === 'array' ? ']' : '}'}`);
      continue;
    }
    out.push(top.i > 0 ? `,${nl}` : nl, inner);
    if (top.kind === 'array') {
      const item = top.items[top.i++];
      emit(item === undefined || typeof item === 'function' ? null : item, inner);
    } else {
      const key = top.keys[top.i++]!;
      out.push(`${JSON.stringify(key)}${colon}`);
      emit(top.obj[key], inner);
    }
  }
  return out.join('');
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  return 'null';
}
