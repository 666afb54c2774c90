// Popovers open in the top layer, where the page's CSS would put them at the top-left (or the UA
// centres them): place one beside the button that opened it, by script, as VS Code's Chromium has
// no CSS anchor positioning for webviews yet. Under the button, lined up with its left edge (or
// its right edge, `align: 'end'`, for a button at the end of a row); above it when there is no
// room below; always inside the window.
export function placeBeside(popover: HTMLElement, button: HTMLElement, align: 'start' | 'end' = 'start'): void {
  popover.addEventListener('toggle', (e) => {
    if ((e as ToggleEvent).newState !== 'open') return;
    const r = button.getBoundingClientRect();
    const w = popover.offsetWidth;
    const h = popover.offsetHeight;
    const gap = 4;
    const margin = 8;
    const below = r.bottom + gap;
    const top = below + h <= window.innerHeight - margin || r.top - gap - h < margin ? below : r.top - gap - h;
    const left = align === 'end' ? r.right - w : r.left;
    popover.style.top = `${Math.round(Math.max(margin, top))}px`;
    popover.style.left = `${Math.round(Math.max(margin, Math.min(left, window.innerWidth - w - margin)))}px`;
  });
}
