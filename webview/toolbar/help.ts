// The keyboard shortcuts, in a popover behind a "?" button (also opened with "?").
import { iconButton } from '../components';
import { el, uniqueId } from '../dom';
import { placeBeside } from './popover';

/** Keys (alternatives side by side) and what they do. */
export const SHORTCUTS: ReadonlyArray<[string[], string]> = [
  [['Space'], 'Play or pause the replay'],
  [['←', '→'], 'Step back / forward'],
  [['Home', 'End'], 'Jump to the start / end'],
  [['Escape'], 'Leave the replay (show every event)'],
  [['/'], 'Search'],
  [['Enter', 'Shift+Enter'], 'Next / previous match (in the search field)'],
  [['e', 'Shift+E'], 'Next / previous error'],
  [['?'], 'Show these shortcuts'],
];

export interface HelpPopover {
  button: HTMLButtonElement;
  popover: HTMLElement;
  toggle(): void;
}

export function helpPopover(): HelpPopover {
  const id = uniqueId('help');
  const popover = el('div', { class: 'popover help', attrs: { id, popover: 'auto', role: 'dialog', 'aria-label': 'Keyboard shortcuts' } }, [
    el('h2', { class: 'popover__title', text: 'Keyboard shortcuts' }),
    el(
      'dl',
      { class: 'help__list' },
      SHORTCUTS.flatMap(([keys, what]) => [
        el(
          'dt',
          {},
          keys.flatMap((k, i) => [i ? ' / ' : null, el('kbd', { text: k })]),
        ),
        el('dd', { text: what }),
      ]),
    ),
  ]);
  const button = iconButton({ icon: 'question', ariaLabel: 'Keyboard shortcuts (?)', onClick: () => undefined });
  button.setAttribute('popovertarget', id);
  button.dataset.control = 'help';
  placeBeside(popover, button, 'end');
  return {
    button,
    popover,
    toggle() {
      popover.togglePopover();
    },
  };
}
