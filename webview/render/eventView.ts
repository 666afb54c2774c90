// The contract between the generic event row and the per-kind renderers: a renderer says what
// the event is (icon, label, title, chips) and what its body shows; the row adds time, tokens,
// cost, the raw-JSON button and the call-tree indentation around it.
import type { EventKind, EventOfKind } from '../../src/model/schema';
import type { StoredEvent } from '../store/sessionStore';
import type { RenderContext } from './context';

export interface EventView {
  /** Codicon name. */
  icon: string;
  /** What kind of thing this is, e.g. "Tool call". */
  label: string;
  /** The specific thing, e.g. the tool's name. Untrusted text, set via textContent. */
  title?: string;
  chips?: Node[];
  body: Node[];
  tone?: 'error' | 'muted' | 'warning';
}

export type EventRenderer<K extends EventKind> = (event: EventOfKind<K>, stored: StoredEvent, ctx: RenderContext) => EventView;

/** One renderer per kind; the mapped type makes a missing kind a compile error. */
export type EventRenderers = { [K in EventKind]: EventRenderer<K> };
