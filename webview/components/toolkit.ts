// The only file that imports @vscode/webview-ui-toolkit. The toolkit is archived upstream, so the
// rest of the webview builds controls through this folder's functions; replacing the toolkit
// means rewriting these few files and nothing else. Buttons and checkboxes are native elements
// (button.ts, checkbox.ts explain why); what is left of the toolkit is not form-associated.
import { provideVSCodeDesignSystem, vsCodeDivider, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

/** Defines the custom elements once; call before building any control. */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeDivider(), vsCodeProgressRing());
}
