// A checkbox: a native <input type="checkbox"> in its <label>, drawn with the theme's checkbox
// colours (media/inspector.css, ".checkbox"). Not the toolkit's <vscode-checkbox>: like its button
// (button.ts), a form-associated FAST element is never collected, nor is what its handler holds.
export interface CheckboxOptions {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function checkbox(o: CheckboxOptions): HTMLLabelElement {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.className = 'checkbox__box';
  box.checked = o.checked;
  box.addEventListener('change', () => o.onChange(box.checked));
  const label = document.createElement('label');
  label.className = 'checkbox';
  label.append(box, document.createTextNode(o.label));
  return label;
}
