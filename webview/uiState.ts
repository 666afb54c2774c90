// View state that survives the panel being hidden and shown again (VS Code reloads the page):
// which collapsibles are open, which runs are folded, where the page was scrolled, which event was
// selected, line wrapping. VS Code keeps it across Reload Window too (the panel serializer).
// Kept per session id; a different session starts fresh. Replay preferences (speed, whether later
// events are dimmed or hidden, the header compact or in full) are the reader's and carry over to every session.
import { host } from './vscodeApi';

interface Persisted {
  sessionId?: string;
  scrollY?: number;
  /**
   * The event row at the top of the viewport when saved, and how far below the toolbar its top was:
   * what a reload puts back, since the pixels above it need not come out the same (rows measured
   * later, the header drawn differently).
   */
  topEventId?: string;
  topOffset?: number;
  /** The event last focused or brought into view. */
  selectedEventId?: string;
  expanded?: string[];
  collapsedRuns?: string[];
  wrap?: boolean;
  /** After "Expand all" / "Collapse all": the default of every fold until toggled one by one. */
  foldDefault?: boolean;
  speed?: string;
  afterCurrent?: string;
  headerExpanded?: boolean;
}

export type AfterCurrent = 'dim' | 'hide';

/** Where the page was scrolled: its position, and the event row at the top and its offset below the toolbar. */
export interface ScrollSpot {
  y: number;
  eventId?: string;
  offset?: number;
}

const pageScrollY = (): ScrollSpot => ({ y: window.scrollY });

export class UiState {
  private sessionId: string | undefined;
  private readonly expanded: Set<string>;
  private readonly collapsedRuns: Set<string>;
  /** Where the page was when last saved; restored once the same session has rendered. */
  savedScroll: ScrollSpot;
  /** The event last focused or brought into view; selected again once the same session has rendered. */
  selectedEventId: string | undefined;
  wrap: boolean;
  speed: string;
  afterCurrent: AfterCurrent;
  /** The session header in full (facts, totals grid, chart) or one line: the reader's, for every session and panel. */
  headerExpanded: boolean;
  private foldDefault: boolean | undefined;
  /** Until the saved position has been restored, saving keeps it rather than the top of a half-drawn page. */
  private restorePending = true;
  private timer: number | undefined;
  /** Where the page is scrolled, as a reload should restore it (see usePosition). */
  private position: () => ScrollSpot = pageScrollY;

  constructor() {
    const s = readPersisted();
    this.sessionId = s.sessionId;
    this.expanded = new Set(s.expanded ?? []);
    this.collapsedRuns = new Set(s.collapsedRuns ?? []);
    this.savedScroll = { y: s.scrollY ?? 0, eventId: s.topEventId, offset: s.topOffset };
    this.selectedEventId = s.selectedEventId;
    this.wrap = s.wrap ?? true;
    this.speed = s.speed ?? '1';
    this.afterCurrent = s.afterCurrent === 'hide' ? 'hide' : 'dim';
    this.foldDefault = s.foldDefault;
    // This panel's last choice, else the user's setting the host wrote into the page.
    this.headerExpanded = s.headerExpanded ?? document.body.dataset.headerExpanded === 'true';
    window.addEventListener('scroll', () => this.saveSoon(), { passive: true });
  }

  /** A session is about to be shown: keep the saved state if it is the same one. */
  useSession(sessionId: string): void {
    if (sessionId === this.sessionId) return;
    this.sessionId = sessionId;
    this.expanded.clear();
    this.collapsedRuns.clear();
    this.foldDefault = undefined;
    this.savedScroll = { y: 0 };
    this.selectedEventId = undefined;
    this.saveSoon();
  }

  setSelected(eventId: string): void {
    if (eventId === this.selectedEventId) return;
    this.selectedEventId = eventId;
    this.saveSoon();
  }

  /**
   * While a list is shown, its own reading of the scroll position is what is saved: a list squeezed
   * onto the page (a million events) is not where window.scrollY alone would put it back.
   */
  usePosition(read: () => ScrollSpot): { dispose(): void } {
    this.position = read;
    return {
      dispose: () => {
        if (this.position === read) this.position = pageScrollY;
      },
    };
  }

  scrollRestored(): void {
    this.restorePending = false;
  }

  isExpanded(key: string, byDefault: boolean): boolean {
    // Keys are stored as the opposite of their default, so the set stays small.
    const base = this.foldDefault ?? byDefault;
    return this.expanded.has(key) ? !base : base;
  }

  setExpanded(key: string, byDefault: boolean, expanded: boolean): void {
    if (expanded === (this.foldDefault ?? byDefault)) this.expanded.delete(key);
    else this.expanded.add(key);
    this.saveSoon();
  }

  isRunCollapsed(runId: string): boolean {
    return this.collapsedRuns.has(runId);
  }

  setRunCollapsed(runId: string, collapsed: boolean): void {
    if (collapsed) this.collapsedRuns.add(runId);
    else this.collapsedRuns.delete(runId);
    this.saveSoon();
  }

  /** "Expand all" (true) / "Collapse all" (false): every fold and run, until toggled one by one. */
  setAllFolds(expanded: boolean, runIds: readonly string[]): void {
    this.foldDefault = expanded;
    this.expanded.clear();
    this.collapsedRuns.clear();
    if (!expanded) for (const id of runIds) this.collapsedRuns.add(id);
    this.saveSoon();
  }

  setReplayPreferences(speed: string, afterCurrent: AfterCurrent): void {
    this.speed = speed;
    this.afterCurrent = afterCurrent;
    this.saveSoon();
  }

  setHeaderExpanded(expanded: boolean): void {
    this.headerExpanded = expanded;
    this.saveSoon();
  }

  setWrap(wrap: boolean): void {
    this.wrap = wrap;
    this.saveSoon();
  }

  /** setState is cheap but scroll fires often: coalesce. */
  private saveSoon(): void {
    if (this.timer !== undefined) return;
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      const spot = this.restorePending ? this.savedScroll : this.position();
      const state: Persisted = {
        sessionId: this.sessionId,
        scrollY: Math.round(spot.y),
        topEventId: spot.eventId,
        topOffset: spot.offset === undefined ? undefined : Math.round(spot.offset),
        selectedEventId: this.selectedEventId,
        expanded: [...this.expanded].slice(-2000),
        collapsedRuns: [...this.collapsedRuns],
        wrap: this.wrap,
        foldDefault: this.foldDefault,
        speed: this.speed,
        afterCurrent: this.afterCurrent,
        headerExpanded: this.headerExpanded,
      };
      host.setState(state);
    }, 250);
  }
}

function readPersisted(): Persisted {
  const s = host.getState();
  if (!s || typeof s !== 'object') return {};
  const p = s as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return {
    sessionId: typeof p.sessionId === 'string' ? p.sessionId : undefined,
    scrollY: typeof p.scrollY === 'number' && Number.isFinite(p.scrollY) ? p.scrollY : undefined,
    topEventId: typeof p.topEventId === 'string' ? p.topEventId : undefined,
    topOffset: typeof p.topOffset === 'number' && Number.isFinite(p.topOffset) ? p.topOffset : undefined,
    selectedEventId: typeof p.selectedEventId === 'string' ? p.selectedEventId : undefined,
    expanded: strings(p.expanded),
    collapsedRuns: strings(p.collapsedRuns),
    wrap: typeof p.wrap === 'boolean' ? p.wrap : undefined,
    foldDefault: typeof p.foldDefault === 'boolean' ? p.foldDefault : undefined,
    speed: typeof p.speed === 'string' ? p.speed : undefined,
    afterCurrent: typeof p.afterCurrent === 'string' ? p.afterCurrent : undefined,
    headerExpanded: typeof p.headerExpanded === 'boolean' ? p.headerExpanded : undefined,
  };
}
