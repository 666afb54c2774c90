// Icons from the codicon font (served beside the page as codicon.css + codicon.ttf).
/** A decorative icon: hidden from screen readers, so the control around it needs its own label. */
export function codicon(name: string, extraClass = ''): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}
