import { codicon } from './codicon';

/**
 * An indeterminate spinner; `label` is what a screen reader announces. A codicon turned by a CSS
 * transform, which the compositor animates on its own: the toolkit's ring animates an SVG stroke,
 * which made the renderer lay out and paint every frame while a large session loaded (the page
 * and the workbench share that thread: ~1.7 s of frames over a 100,000-event load).
 */
export function progressRing(label: string): HTMLElement {
  const ring = codicon('loading', 'codicon-modifier-spin progress-ring');
  ring.removeAttribute('aria-hidden');
  ring.setAttribute('role', 'progressbar');
  ring.setAttribute('aria-label', label);
  return ring;
}
