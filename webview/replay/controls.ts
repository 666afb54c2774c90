// The replay's controls: jump to start, step back, play/pause, step forward, jump to end, leave
// the replay; a seek bar over the whole session; speed; whether later events are dimmed or
// hidden; and the position, announced politely to screen readers.
import { iconButton } from '../components';
import { el } from '../dom';
import { formatCount } from '../format';
import type { AfterCurrent } from '../uiState';
import { SPEEDS, type Speed } from './player';

export interface ReplayActions {
  toStart(): void;
  stepBack(): void;
  toggle(): void;
  stepForward(): void;
  toEnd(): void;
  stop(): void;
  seek(index: number): void;
  setSpeed(speed: Speed): void;
  setAfter(after: AfterCurrent): void;
}

export interface ReplayView {
  cursor: number | null;
  playing: boolean;
  waiting: boolean;
  speed: Speed;
  after: AfterCurrent;
  /** Events in the session. */
  total: number;
  /** 1-based place of the current event among the shown ones, and how many show. */
  place: number;
  shown: number;
  /** What the current event is, e.g. "Tool call lookup_invoice". */
  label: string;
}

export interface ReplayControls {
  element: HTMLElement;
  update(view: ReplayView): void;
}

export const speedLabel = (s: Speed): string => (s === 'instant' ? 'Instant' : `${s}×`);

export function replayControls(a: ReplayActions): ReplayControls {
  const button = (icon: string, label: string, onClick: () => void, name: string) => {
    const b = iconButton({ icon, ariaLabel: label, onClick });
    b.dataset.control = name;
    return b;
  };
  const start = button('debug-reverse-continue', 'Jump to the start (Home)', a.toStart, 'start');
  const back = button('chevron-left', 'Step back (←)', a.stepBack, 'back');
  const play = button('play', 'Play (Space)', a.toggle, 'play');
  const forward = button('chevron-right', 'Step forward (→)', a.stepForward, 'forward');
  const end = button('debug-continue', 'Jump to the end (End)', a.toEnd, 'end');
  const stop = button('debug-stop', 'Leave the replay and show every event (Escape)', a.stop, 'stop');

  const seek = el('input', {
    class: 'replay__seek',
    attrs: { type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Replay position' },
  });
  seek.addEventListener('input', () => a.seek(Number(seek.value)));

  const speed = el(
    'select',
    { class: 'replay__select', attrs: { 'aria-label': 'Replay speed' } },
    SPEEDS.map((s) => el('option', { text: speedLabel(s), attrs: { value: String(s) } })),
  );
  speed.addEventListener('change', () => a.setSpeed(speed.value === 'instant' ? 'instant' : (Number(speed.value) as Speed)));

  const after = el('select', { class: 'replay__select', attrs: { 'aria-label': 'Events after the current one' } }, [
    el('option', { text: 'Later: dimmed', attrs: { value: 'dim' } }),
    el('option', { text: 'Later: hidden', attrs: { value: 'hide' } }),
  ]);
  after.addEventListener('change', () => a.setAfter(after.value === 'hide' ? 'hide' : 'dim'));

  const position = el('span', { class: 'replay__position', attrs: { 'aria-hidden': 'true' } });
  // What a screen reader hears: the step and what it is, politely, and not on every frame of a play.
  const live = el('span', {
    class: 'visually-hidden replay__live',
    attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });

  const element = el('div', { class: 'replay', attrs: { role: 'group', 'aria-label': 'Replay' } }, [
    el('div', { class: 'replay__buttons' }, [start, back, play, forward, end, stop]),
    seek,
    position,
    live,
    speed,
    after,
  ]);

  let announcedAt = 0;
  return {
    element,
    update(v) {
      const playing = v.playing;
      play.setAttribute('aria-label', playing ? 'Pause (Space)' : 'Play (Space)');
      play.setAttribute('title', playing ? 'Pause (Space)' : 'Play (Space)');
      play.setAttribute('aria-pressed', String(playing));
      play.querySelector('.codicon')!.className = `codicon codicon-${playing ? 'debug-pause' : 'play'}`;
      stop.disabled = v.cursor === null;
      // Nothing to replay in a session without events: say so by disabling, not by doing nothing.
      for (const b of [start, back, play, forward, end]) b.disabled = v.total === 0;
      seek.max = String(Math.max(0, v.total - 1));
      seek.value = String(v.cursor ?? Math.max(0, v.total - 1));
      seek.disabled = v.total === 0;
      speed.value = String(v.speed);
      after.value = v.after;
      const text =
        v.cursor === null
          ? `${formatCount(v.shown)} events`
          : `${formatCount(v.place)} / ${formatCount(v.shown)}${v.waiting ? ' · waiting for more' : ''}`;
      seek.setAttribute(
        'aria-valuetext',
        v.cursor === null ? 'Not replaying: every event shows' : `Event ${v.place} of ${v.shown}: ${v.label}`,
      );
      if (position.textContent !== text) position.textContent = text;
      const announce =
        v.cursor === null
          ? `Not replaying: ${text} show`
          : `Event ${v.place} of ${v.shown}: ${v.label}${v.waiting ? ', waiting for more' : ''}`;
      const now = performance.now();
      if (announce !== live.textContent && (!playing || now - announcedAt > 1500)) {
        announcedAt = now;
        live.textContent = announce;
      }
      element.classList.toggle('is-playing', playing);
    },
  };
}
