export interface CheckboxOptions {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function checkbox(o: CheckboxOptions): HTMLElement {
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.textContent = o.label;
  if (o.checked) c.setAttribute('checked', '');
  c.addEventListener('change', () => o.onChange(Boolean(c.checked)));
  return c;
}
