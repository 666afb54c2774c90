// Small labels for facts such as "test", a channel id or a status. Drawn here rather than with the
// toolkit's <vscode-badge>: its template binds an inline `style` attribute, which the page's CSP
// (no 'unsafe-inline' for style attributes) reports as a violation on every page load. The look
// follows the toolkit's badge (badge colours, pill shape) via media/inspector.css.
export type BadgeTone = 'default' | 'error' | 'warning' | 'muted';

export function badge(text: string, o: { tone?: BadgeTone; title?: string } = {}): HTMLElement {
  const b = document.createElement('span');
  b.textContent = text;
  b.className = `badge badge--${o.tone ?? 'default'}`;
  if (o.title) b.setAttribute('title', o.title);
  return b;
}
