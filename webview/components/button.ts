// Buttons, both native <button>s. `button` is drawn like the toolkit's <vscode-button> (primary or
// secondary, theme variables only: media/inspector.css, ".button"); `iconButton` like its
// appearance="icon" button. Not the toolkit's elements: FAST's form-associated controls attach
// ElementInternals that Chromium never lets go of, so every <vscode-button> a page dropped stayed
// in memory with its click handler — and through it the session it belonged to (a reopened
// 100,000-event session kept ~58 MB per open; test/webview/memory.test.ts). Icon buttons also
// repeat on every event, where a FAST element each made a large page take a second longer to draw.
// Icon-only buttons always carry an aria-label, since they have no visible text.
import { codicon } from './codicon';

export interface ButtonOptions {
  label: string;
  icon?: string;
  appearance?: 'primary' | 'secondary';
  /** Longer description for screen readers and the tooltip, when the label alone is ambiguous. */
  ariaLabel?: string;
  onClick: (event: Event) => void;
}

/** A text button; its label is its last child (a text node), so a caller may relabel it in place. */
export function button(o: ButtonOptions): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `button button--${o.appearance ?? 'secondary'}`;
  if (o.ariaLabel) {
    b.setAttribute('aria-label', o.ariaLabel);
    b.setAttribute('title', o.ariaLabel);
  }
  if (o.icon) b.appendChild(codicon(o.icon, 'button__icon'));
  b.appendChild(document.createTextNode(o.label));
  b.addEventListener('click', o.onClick);
  return b;
}

export interface IconButtonOptions {
  icon: string;
  ariaLabel: string;
  onClick: (event: Event) => void;
}

export function iconButton(o: IconButtonOptions): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'icon-button';
  b.setAttribute('aria-label', o.ariaLabel);
  b.setAttribute('title', o.ariaLabel);
  b.appendChild(codicon(o.icon));
  b.addEventListener('click', o.onClick);
  return b;
}
