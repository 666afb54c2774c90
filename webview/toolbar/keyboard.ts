// Page-wide keyboard shortcuts (listed in the help popover). Keys typed into a field, a select or
// the seek bar stay theirs; Space on a button or checkbox presses it, as it should.
export interface ShortcutActions {
  toggle(): void;
  stepBack(): void;
  stepForward(): void;
  toStart(): void;
  toEnd(): void;
  stop(): boolean;
  focusSearch(): void;
  nextError(direction: 1 | -1): void;
  help(): void;
}

export function installShortcuts(a: ShortcutActions): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest('input:not([type="checkbox"]), textarea, select, [contenteditable="true"]')) return;
    const pressable = target?.closest('button, a, summary, input, [role="button"]');
    let handled = true;
    switch (e.key) {
      case ' ':
        if (pressable) return;
        a.toggle();
        break;
      case 'ArrowLeft':
        a.stepBack();
        break;
      case 'ArrowRight':
        a.stepForward();
        break;
      case 'Home':
        a.toStart();
        break;
      case 'End':
        a.toEnd();
        break;
      case '/':
        a.focusSearch();
        break;
      case 'e':
        a.nextError(1);
        break;
      case 'E':
        a.nextError(-1);
        break;
      case '?':
        a.help();
        break;
      case 'Escape':
        // An open popover closes itself on Escape; only then is the replay left alone.
        if (document.querySelector(':popover-open')) return;
        handled = a.stop();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
}
