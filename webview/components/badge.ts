// Small labels for facts such as "test", a channel id or a status.
export type BadgeTone = 'default' | 'error' | 'warning' | 'muted';

export function badge(text: string, o: { tone?: BadgeTone; title?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  b.classList.add('badge', `badge--${o.tone ?? 'default'}`);
  if (o.title) b.setAttribute('title', o.title);
  return b;
}
