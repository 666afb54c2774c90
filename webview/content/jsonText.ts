// Pretty JSON for "Copy value" that cannot overflow the stack: JSON.stringify is recursive, and a
// hostile payload nested 10,000 levels deep makes it throw. The native call is tried first (it is
// much faster on large, ordinary values); the iterative walk is the fallback.

export function stringifyPretty(value: unknown): string {
  try {
    const s = JSON.stringify(value, bigintSafe, 2);
    if (s !== undefined) return s;
  } catch (e) {
    if (!(e instanceof RangeError) && !(e instanceof TypeError)) return String(value);
  }
  return stringifyIteratively(value);
}

function bigintSafe(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

type Frame = { kind: 'array'; items: unknown[]; i: number; indent: string } | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; i: number; indent: string };

/** Same output as JSON.stringify(value, null, 2) for JSON data; a repeated object prints as "[circular]". */
export function stringifyIteratively(value: unknown): string {
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
    const inner = `${top.indent}  `;
    const length = top.kind === 'array' ? top.items.length : top.keys.length;
    if (top.i >= length) {
      stack.pop();
      open.delete(top.kind === 'array' ? top.items : top.obj);
      out.push(`\n${top.indent}${top.kind === 'array' ? ']' : '}'}`);
      continue;
    }
    out.push(top.i > 0 ? ',\n' : '\n', inner);
    if (top.kind === 'array') {
      const item = top.items[top.i++];
      emit(item === undefined || typeof item === 'function' ? null : item, inner);
    } else {
      const key = top.keys[top.i++]!;
      out.push(`${JSON.stringify(key)}: `);
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
