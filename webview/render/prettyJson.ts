// A pretty-printer that stops early. Showing the first lines of a large payload must not cost as
// much as printing all of it: a 10 MB tool result would otherwise be stringified just to be folded.

export interface PrettyPreview {
  text: string;
  /** False when the output was cut at the line budget. */
  complete: boolean;
}

class Budget extends Error {}

const PREVIEW_STRING_CHARS = 400;

/**
 * Like JSON.stringify(value, null, 2) for JSON data, but gives up after `maxLines` lines or
 * `maxChars` characters. Long strings are shortened in the preview only.
 */
export function prettyPreview(value: unknown, maxLines: number, maxChars: number): PrettyPreview {
  const lines: string[] = [];
  let chars = 0;
  let current = '';
  const push = (s: string) => {
    current += s;
  };
  const newline = (indent: number) => {
    lines.push(current);
    chars += current.length + 1;
    if (lines.length >= maxLines || chars >= maxChars) throw new Budget();
    current = '  '.repeat(indent);
  };
  let shortened = false;
  const scalar = (v: unknown): string => {
    if (typeof v === 'string') {
      if (v.length > PREVIEW_STRING_CHARS) {
        shortened = true;
        return `${JSON.stringify(v.slice(0, PREVIEW_STRING_CHARS))}… (+${v.length - PREVIEW_STRING_CHARS} characters)`;
      }
      return JSON.stringify(v);
    }
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'boolean' || v === null) return String(v);
    if (typeof v === 'bigint') return v.toString();
    return 'null';
  };
  const walk = (v: unknown, indent: number): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) return push('[]');
      push('[');
      v.forEach((item, i) => {
        newline(indent + 1);
        walk(item, indent + 1);
        if (i < v.length - 1) push(',');
      });
      newline(indent);
      push(']');
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length === 0) return push('{}');
      push('{');
      keys.forEach((k, i) => {
        newline(indent + 1);
        push(`${JSON.stringify(k)}: `);
        walk((v as Record<string, unknown>)[k], indent + 1);
        if (i < keys.length - 1) push(',');
      });
      newline(indent);
      push('}');
    } else {
      push(scalar(v));
    }
  };
  try {
    walk(value, 0);
    lines.push(current);
    return { text: lines.join('\n'), complete: !shortened };
  } catch (e) {
    if (!(e instanceof Budget)) throw e;
    return { text: lines.join('\n'), complete: false };
  }
}

/** The whole value, pretty-printed; never throws (cycles and oddities fall back to String). */
export function prettyFull(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
