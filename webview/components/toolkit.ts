// The only file that imports @vscode/webview-ui-toolkit. The toolkit is archived upstream, so the
// rest of the webview builds controls through this folder's functions; replacing the toolkit
// means rewriting these few files and nothing else.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDivider, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

/** Defines the custom elements once; call before building any control. */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDivider(), vsCodeProgressRing());
}
