// "Focus on Sessions View" (and opening the view from the activity bar) asks VS Code to focus the
// view; when that happens before the tree has rows (the view's first showing, while the extension
// is still activating), VS Code focuses the empty view's frame and the focus ends up nowhere: a
// Tab was needed before the arrows did anything. So when the view has just been shown, its first
// row gets the focus (not the selection) as soon as the rows are there.
import type * as vscode from 'vscode';
import type { TreeNode } from './nodes';

/** How long after the view was shown its first row may still take the focus. */
const WINDOW_MS = 5000;

export function focusFirstRowWhenShown(view: vscode.TreeView<TreeNode>, rows: () => Promise<TreeNode[]> | TreeNode[]): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const focusSoon = () => {
    const shownAt = Date.now();
    const attempt = async () => {
      timer = undefined;
      if (!view.visible || Date.now() - shownAt > WINDOW_MS) return;
      const first = (await rows())[0];
      if (!first) return; // the welcome view (no connections) has its own buttons
      try {
        await view.reveal(first, { focus: true, select: false, expand: false });
      } catch {
        // The row went away meanwhile (a refresh): nothing to focus.
      }
    };
    clearTimeout(timer);
    // After VS Code has drawn the rows (the next turn), not while it still builds the view.
    timer = setTimeout(() => void attempt(), 50);
  };
  // Activated by the view being opened: it is visible already, and no change event comes.
  if (view.visible) focusSoon();
  const sub = view.onDidChangeVisibility((e) => {
    if (e.visible) focusSoon();
  });
  return {
    dispose: () => {
      clearTimeout(timer);
      sub.dispose();
    },
  };
}
