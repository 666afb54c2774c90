// JSONPath-style addresses of values inside a tool's arguments or result, as a reader would type
// them: `$.results[3].title`, with bracket notation for keys that are not plain identifiers.

export type PathStep = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(steps: readonly PathStep[]): string {
  let out = '$';
  for (const step of steps) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}
