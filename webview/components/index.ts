// The webview's own component layer: everything outside this folder builds controls through
// these functions, never through the toolkit's tags directly.
export { registerToolkit } from './toolkit';
export { button, iconButton } from './button';
export { badge } from './badge';
export type { BadgeTone } from './badge';
export { divider } from './divider';
export { progressRing } from './progressRing';
export { checkbox } from './checkbox';
export { codicon } from './codicon';
export { disclosure } from './disclosure';
export type { Disclosure } from './disclosure';
