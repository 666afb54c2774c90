// The toggle of a collapsible region. A native <button> rather than <vscode-button>: it sits on
// every reasoning block and large payload (thousands on a big session), where a plain element is
// much cheaper, and aria-expanded / aria-controls belong on the real button.
import { codicon } from './codicon';

export interface DisclosureOptions {
  label: string;
  expanded: boolean;
  controls: string;
  onToggle: (expanded: boolean) => void;
}

export interface Disclosure {
  element: HTMLButtonElement;
  setExpanded(expanded: boolean): void;
}

export function disclosure(o: DisclosureOptions): Disclosure {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'disclosure';
  b.setAttribute('aria-controls', o.controls);
  const icon = codicon('chevron-right', 'disclosure__icon');
  const text = document.createElement('span');
  text.className = 'disclosure__label';
  text.textContent = o.label;
  b.append(icon, text);
  const set = (expanded: boolean) => {
    b.setAttribute('aria-expanded', String(expanded));
    icon.className = `codicon codicon-${expanded ? 'chevron-down' : 'chevron-right'} disclosure__icon`;
  };
  set(o.expanded);
  b.addEventListener('click', () => {
    const next = b.getAttribute('aria-expanded') !== 'true';
    set(next);
    o.onToggle(next);
  });
  return { element: b, setExpanded: set };
}
