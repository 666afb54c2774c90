/** An indeterminate spinner; `label` is what a screen reader announces. */
export function progressRing(label: string): HTMLElement {
  const ring = document.createElement('vscode-progress-ring');
  ring.setAttribute('aria-label', label);
  return ring;
}
