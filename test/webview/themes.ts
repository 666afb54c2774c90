// Theme variables as VS Code injects them into a webview: a set of --vscode-* custom properties
// on <html>, a body class and data-vscode-theme-kind. The values are VS Code's own: recorded from
// a real VS Code 1.139 (code-server) webview in every built-in colour theme by
// `CAPTURE_THEMES=1 node test/vscode/run-ui-firstscreen.js` into vscode-themes.json (only the
// variables the pages read). Record them again when the pages start reading a new variable.
import * as fs from 'fs';
import * as path from 'path';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  /** VS Code's theme id (workbench.colorTheme), e.g. "Dark Modern". */
  name: string;
  kind: ThemeKind;
  bodyClass: string;
  vars: Record<string, string>;
}

interface Recorded {
  vscode: string;
  themes: Record<string, { kind: string; bodyClass: string; vars: Record<string, string> }>;
}

const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'vscode-themes.json'), 'utf8')) as Recorded;

/** Where the recording came from, for test titles. */
export const RECORDED_FROM = recorded.vscode;

/** Every built-in colour theme of VS Code, as its webviews see it (both high-contrast ones included). */
export const BUILT_IN_THEMES: Theme[] = Object.entries(recorded.themes).map(([name, t]) => ({
  name,
  kind: t.bodyClass.replace(/^vscode-/, '') as ThemeKind,
  bodyClass: t.bodyClass,
  vars: t.vars,
}));

function builtIn(name: string): Theme {
  const t = BUILT_IN_THEMES.find((x) => x.name === name);
  if (!t) throw new Error(`vscode-themes.json has no theme "${name}": record the themes again (see test/webview/themes.ts)`);
  return t;
}

/** The default theme of each kind: what a test that only says "light" or "high-contrast" gets. */
export const THEMES: Record<ThemeKind, Theme> = {
  light: builtIn('Light Modern'),
  dark: builtIn('Dark Modern'),
  'high-contrast': builtIn('Default High Contrast'),
  'high-contrast-light': builtIn('Default High Contrast Light'),
};
