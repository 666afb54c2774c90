// A region that can fold, whose content is built only when first opened: large payloads and long
// reasoning cost nothing until someone looks at them. Open/closed is remembered in UiState.
import { disclosure } from '../components';
import { el, uniqueId } from '../dom';
import type { RenderContext } from './context';

export interface CollapsibleOptions {
  /** Stable across reloads (event id + part), for UiState. */
  key: string;
  label: string;
  expandedByDefault: boolean;
  /** Shown while folded, e.g. the first line of the text. Must be cheap. */
  preview?: () => Node | undefined;
  build: () => Node[];
  className?: string;
}

export function collapsible(ctx: RenderContext, o: CollapsibleOptions): HTMLElement {
  const region = el('div', { class: 'collapsible__content', attrs: { id: uniqueId('region') } });
  const previewHolder = el('div', { class: 'collapsible__preview' });
  let built = false;
  const show = (expanded: boolean) => {
    if (expanded && !built) {
      built = true;
      region.append(...o.build());
    }
    region.hidden = !expanded;
    previewHolder.hidden = expanded;
    if (!expanded && !previewHolder.firstChild && o.preview) {
      const p = o.preview();
      if (p) previewHolder.append(p);
    }
  };
  const expanded = ctx.ui.isExpanded(o.key, o.expandedByDefault);
  const toggle = disclosure({
    label: o.label,
    expanded,
    controls: region.id,
    onToggle: (next) => {
      ctx.ui.setExpanded(o.key, o.expandedByDefault, next);
      show(next);
    },
  });
  show(expanded);
  return el('div', { class: `collapsible ${o.className ?? ''}`.trim() }, [toggle.element, previewHolder, region]);
}
