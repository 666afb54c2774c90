// Buttons. `button` is the toolkit's <vscode-button>. `iconButton` is a native <button> drawn like
// the toolkit's icon button: icon buttons repeat on every event (raw JSON, copy, jump), ten
// thousand on a 5,000-event session, and a FAST element each made that page take over a second
// longer to draw. Icon-only buttons always carry an aria-label, since they have no visible text.
import { codicon } from './codicon';

export interface ButtonOptions {
  label: string;
  icon?: string;
  appearance?: 'primary' | 'secondary';
  /** Longer description for screen readers and the tooltip, when the label alone is ambiguous. */
  ariaLabel?: string;
  onClick: (event: Event) => void;
}

export function button(o: ButtonOptions): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', o.appearance ?? 'secondary');
  if (o.ariaLabel) {
    b.setAttribute('aria-label', o.ariaLabel);
    b.setAttribute('title', o.ariaLabel);
  }
  if (o.icon) {
    const icon = codicon(o.icon);
    icon.setAttribute('slot', 'start');
    b.appendChild(icon);
  }
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
