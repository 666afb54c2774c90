// Marks along the page's boot and its first chunk of events (`boot:*` performance marks), read by
// `npm run bench:vscode` through the webview's frame with performance.timeOrigin: where the time
// from the command to the first row goes. Importing this module marks the moment the bundle began
// to run, so main.ts imports it before anything else.
const marked = new Set<string>();

/** Marks `boot:<name>` the first time it is called with that name (later calls cost a Set lookup). */
export function bootMark(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`boot:${name}`);
}

bootMark('script');
