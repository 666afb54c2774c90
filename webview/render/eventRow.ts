// One event as a list item: the kind's own view inside a common frame (icon, heading, chips,
// time/tokens/cost, raw-JSON button), indented by its depth in the call tree. A renderer that
// throws on odd data yields a visible placeholder instead of breaking the page.
import type { EventKind, EventOfKind } from '../../src/model/schema';
import { codicon, iconButton } from '../components';
import { el, uniqueId } from '../dom';
import type { StoredEvent } from '../store/sessionStore';
import type { RenderContext } from './context';
import { eventMeta } from './eventMeta';
import type { EventRenderer, EventView } from './eventView';
import { renderers } from './events';

export function renderEventRow(stored: StoredEvent, ctx: RenderContext): HTMLLIElement {
  const e = stored.event;
  let view: EventView;
  try {
    const render = renderers[e.kind] as EventRenderer<EventKind>;
    view = render(e as EventOfKind<EventKind>, stored, ctx);
  } catch (err) {
    ctx.post({ type: 'log', level: 'error', message: `Could not display event ${e.id} (${e.kind}): ${String(err)}` });
    view = {
      icon: 'warning',
      label: 'Unreadable event',
      tone: 'error',
      body: [el('p', { text: 'This event could not be displayed. Its raw JSON is still available.' })],
    };
  }
  const headingId = uniqueId('ev');
  const heading = el('h3', { class: 'event__title', attrs: { id: headingId } }, [
    el('span', { class: 'event__kind', text: view.label }),
    view.title ? el('span', { class: 'event__name', text: view.title }) : null,
  ]);
  const raw = iconButton({
    icon: 'json',
    ariaLabel: `Raw JSON of this ${view.label.toLowerCase()} event`,
    onClick: () => ctx.post({ type: 'showRaw', eventId: e.id }),
  });
  raw.classList.add('event__raw');
  const head = el('div', { class: 'event__head' }, [
    codicon(view.icon, 'event__icon'),
    heading,
    view.chips?.length ? el('span', { class: 'event__chips' }, view.chips) : null,
    // Facts and the raw button stay together at the right, also when the line wraps.
    el('span', { class: 'event__side' }, [eventMeta(e), raw]),
  ]);
  const article = el('article', { class: 'event__card', attrs: { 'aria-labelledby': headingId, tabindex: '-1' } }, [
    head,
    el('div', { class: 'event__body' }, view.body),
  ]);
  const classes = ['event', `event--${e.kind.replace(/_/g, '-')}`];
  if (view.tone) classes.push(`tone-${view.tone}`);
  // A result that directly follows its call is drawn joined to it, as one exchange.
  if (stored.callIndex !== undefined && stored.callIndex === stored.index - 1) classes.push('event--joined');
  // ...and the call above it knows, so its own height does not depend on the next row being drawn.
  if (ctx.store.get(stored.index + 1)?.callIndex === stored.index) classes.push('event--before-joined');
  return el(
    'li',
    {
      class: classes.join(' '),
      attrs: {
        'data-event-id': e.id,
        'data-kind': e.kind,
        'data-index': String(stored.index),
        'data-depth': String(Math.min(stored.depth, 8)),
      },
    },
    [article],
  );
}

/** Once a call's result is drawn, the call gets a link down to it and shows how it ended. */
export function linkCallToResult(callRow: HTMLElement, result: StoredEvent, ctx: RenderContext): void {
  const chips =
    callRow.querySelector('.event__chips') ??
    callRow.querySelector('.event__head')!.insertBefore(el('span', { class: 'event__chips' }), callRow.querySelector('.event__side'));
  const failed = result.event.kind === 'tool_result' && result.event.isError;
  if (failed)
    chips.append(el('span', { class: 'chip chip--error', text: 'failed', attrs: { title: 'The result of this call is an error' } }));
  if (result.index === Number(callRow.dataset.index) + 1) callRow.classList.add('event--before-joined');
  else {
    const jump = iconButton({
      icon: 'arrow-down',
      ariaLabel: failed ? 'Go to the error result' : 'Go to the result',
      onClick: () => ctx.reveal(result.index),
    });
    jump.classList.add('jump');
    chips.append(jump);
  }
  callRow.classList.add('has-result');
}
