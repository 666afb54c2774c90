// View state that survives the panel being hidden and shown again (VS Code reloads the page):
// which collapsibles are open, which runs are folded, where the page was scrolled, line wrapping.
// Kept per session id; a different session starts fresh.
import { host } from './vscodeApi';

interface Persisted {
  sessionId?: string;
  scrollY?: number;
  expanded?: string[];
  collapsedRuns?: string[];
  wrap?: boolean;
}

export class UiState {
  private sessionId: string | undefined;
  private readonly expanded: Set<string>;
  private readonly collapsedRuns: Set<string>;
  /** Where the page was when last saved; restored once the same session has rendered. */
  savedScrollY: number;
  wrap: boolean;
  /** Until the saved position has been restored, saving keeps it rather than the top of a half-drawn page. */
  private restorePending = true;
  private timer: number | undefined;

  constructor() {
    const s = readPersisted();
    this.sessionId = s.sessionId;
    this.expanded = new Set(s.expanded ?? []);
    this.collapsedRuns = new Set(s.collapsedRuns ?? []);
    this.savedScrollY = s.scrollY ?? 0;
    this.wrap = s.wrap ?? true;
    window.addEventListener('scroll', () => this.saveSoon(), { passive: true });
  }

  /** A session is about to be shown: keep the saved state if it is the same one. */
  useSession(sessionId: string): void {
    if (sessionId === this.sessionId) return;
    this.sessionId = sessionId;
    this.expanded.clear();
    this.collapsedRuns.clear();
    this.savedScrollY = 0;
    this.saveSoon();
  }

  scrollRestored(): void {
    this.restorePending = false;
  }

  isExpanded(key: string, byDefault: boolean): boolean {
    // Keys are stored as the opposite of their default, so the set stays small.
    return this.expanded.has(key) ? !byDefault : byDefault;
  }

  setExpanded(key: string, byDefault: boolean, expanded: boolean): void {
    if (expanded === byDefault) this.expanded.delete(key);
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

  setWrap(wrap: boolean): void {
    this.wrap = wrap;
    this.saveSoon();
  }

  /** setState is cheap but scroll fires often: coalesce. */
  private saveSoon(): void {
    if (this.timer !== undefined) return;
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      const state: Persisted = {
        sessionId: this.sessionId,
        scrollY: this.restorePending ? this.savedScrollY : Math.round(window.scrollY),
        expanded: [...this.expanded].slice(-2000),
        collapsedRuns: [...this.collapsedRuns],
        wrap: this.wrap,
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
    expanded: strings(p.expanded),
    collapsedRuns: strings(p.collapsedRuns),
    wrap: typeof p.wrap === 'boolean' ? p.wrap : undefined,
  };
}
