// What a person can do about a run paused for them, under its pending-step card in the chat:
// Approve / Reject (with an optional note) for a confirmation, a form of the fields asked (typed:
// numbers, yes/no, JSON for lists and objects) for user input, options to pick for user feedback,
// and a field for the result of running the tool elsewhere. What is typed survives redraws (kept
// by the caller per step); a value that does not fit its type says so and sends nothing.
import type { EventOfKind, PendingField } from '../../src/model/schema';
import type { ChatPendingDecision } from '../../src/protocol/chat';
import { button } from '../components';
import { el, uniqueId } from '../dom';

type Pending = EventOfKind<'pending_input'>;

/** Typed values per step, kept across redraws of the turn. */
export type ControlDrafts = Map<string, Record<string, string | boolean>>;

export function pendingControls(e: Pending, drafts: ControlDrafts, decide: (d: ChatPendingDecision) => void): HTMLElement {
  const callId = e.callId;
  const box = el('div', { class: 'pending-controls', attrs: { role: 'group', 'aria-label': `Answer for ${e.name}` } });
  if (!callId) {
    box.append(el('p', { class: 'empty-note', text: 'This step names no tool call, so it cannot be answered from here.' }));
    return box;
  }
  const draft = drafts.get(e.id) ?? {};
  drafts.set(e.id, draft);
  const error = el('p', { class: 'pending-controls__error', attrs: { role: 'alert' } });
  error.hidden = true;
  const fail = (text: string) => {
    error.textContent = text;
    error.hidden = false;
  };
  const text = (key: string, label: string, o: { multiline?: boolean; placeholder?: string; type?: string } = {}) => {
    const id = uniqueId('pc');
    const input = o.multiline
      ? el('textarea', { class: 'pending-controls__input', attrs: { id, rows: '3' } })
      : el('input', { class: 'pending-controls__input', attrs: { id, type: o.type ?? 'text' } });
    if (o.placeholder) input.setAttribute('placeholder', o.placeholder);
    const v = draft[key];
    if (typeof v === 'string') input.value = v;
    input.addEventListener('input', () => {
      draft[key] = input.value;
    });
    return el('div', { class: 'pending-controls__field' }, [el('label', { attrs: { for: id }, text: label }), input]);
  };
  const actions = el('div', { class: 'pending-controls__actions' });

  switch (e.ask) {
    case 'confirmation': {
      box.append(text('note', 'Note (sent with a rejection, optional)'));
      actions.append(
        button({
          label: 'Approve',
          icon: 'check',
          appearance: 'primary',
          ariaLabel: `Approve ${e.name} and continue the run`,
          onClick: () => decide({ callId, outcome: 'approved' }),
        }),
        button({
          label: 'Reject',
          icon: 'close',
          ariaLabel: `Reject ${e.name} and continue the run`,
          onClick: () => {
            const note = String(draft.note ?? '').trim();
            decide(note ? { callId, outcome: 'rejected', note } : { callId, outcome: 'rejected' });
          },
        }),
      );
      break;
    }
    case 'user_input': {
      const fields = e.fields ?? [];
      for (const f of fields) {
        if (draft[`field:${f.name}`] === undefined && f.value !== undefined && f.value !== null)
          draft[`field:${f.name}`] = isBool(f) ? f.value === true : typeof f.value === 'string' ? f.value : JSON.stringify(f.value);
        box.append(fieldInput(f, draft));
      }
      actions.append(
        button({
          label: 'Send',
          icon: 'send',
          appearance: 'primary',
          ariaLabel: `Send these values to ${e.name} and continue the run`,
          onClick: () => {
            const values: Record<string, unknown> = {};
            for (const f of fields) {
              const read = readField(f, draft[`field:${f.name}`]);
              if ('error' in read) return fail(read.error);
              values[f.name] = read.value;
            }
            decide({ callId, outcome: 'provided', values });
          },
        }),
      );
      break;
    }
    case 'user_feedback': {
      const questions = e.questions ?? [];
      questions.forEach((q, qi) => {
        const name = uniqueId('q');
        const options = q.options.map((o, oi) => {
          const id = uniqueId('pc');
          const input = el('input', { attrs: { id, type: q.multiSelect ? 'checkbox' : 'radio', name, value: o.label } });
          const key = `q:${qi}:${oi}`;
          input.checked = draft[key] === true;
          input.addEventListener('change', () => {
            if (!q.multiSelect) q.options.forEach((_, j) => (draft[`q:${qi}:${j}`] = false));
            draft[key] = input.checked;
          });
          return el('div', { class: 'pending-controls__option' }, [
            input,
            el('label', { attrs: { for: id }, text: o.description ? `${o.label} — ${o.description}` : o.label }),
          ]);
        });
        box.append(
          el('fieldset', { class: 'pending-controls__question' }, [
            el('legend', { text: q.header ? `${q.header}: ${q.question}` : q.question }),
            ...options,
          ]),
        );
      });
      actions.append(
        button({
          label: 'Send',
          icon: 'send',
          appearance: 'primary',
          ariaLabel: `Send these answers to ${e.name} and continue the run`,
          onClick: () => {
            const values: Record<string, unknown> = {};
            for (const [qi, q] of questions.entries()) {
              const picked = q.options.filter((_, oi) => draft[`q:${qi}:${oi}`] === true).map((o) => o.label);
              if (!picked.length) return fail(`Pick an answer to “${q.question}”.`);
              values[q.question] = picked;
            }
            decide({ callId, outcome: 'provided', values });
          },
        }),
      );
      break;
    }
    case 'external_execution': {
      box.append(text('result', `Result of running ${e.name}`, { multiline: true, placeholder: 'What the tool returned when you ran it' }));
      actions.append(
        button({
          label: 'Send result',
          icon: 'send',
          appearance: 'primary',
          ariaLabel: `Send the result of ${e.name} and continue the run`,
          onClick: () => {
            const result = String(draft.result ?? '');
            if (!result.trim()) return fail('Type the result the tool gave you first.');
            decide({ callId, outcome: 'provided', result });
          },
        }),
      );
      break;
    }
  }
  box.append(error, actions);
  return box;
}

const isBool = (f: PendingField) => f.type === 'bool';
const isNumber = (f: PendingField) => f.type === 'int' || f.type === 'float';
const isJson = (f: PendingField) => f.type === 'list' || f.type === 'dict';

function fieldInput(f: PendingField, draft: Record<string, string | boolean>): HTMLElement {
  const key = `field:${f.name}`;
  const id = uniqueId('pc');
  const label = el('label', { attrs: { for: id } }, [f.name, f.type ? el('code', { class: 'pending__type', text: ` ${f.type}` }) : null]);
  const hint = f.description ? el('span', { class: 'pending__description', text: f.description }) : null;
  if (isBool(f)) {
    const box = el('input', { attrs: { id, type: 'checkbox' } });
    box.checked = draft[key] === true;
    box.addEventListener('change', () => (draft[key] = box.checked));
    return el('div', { class: 'pending-controls__field pending-controls__field--bool' }, [box, label, hint]);
  }
  const input = isJson(f)
    ? el('textarea', {
        class: 'pending-controls__input',
        attrs: { id, rows: '2', placeholder: f.type === 'list' ? '["a", "b"]' : '{"key": "value"}' },
      })
    : el('input', {
        class: 'pending-controls__input',
        attrs: {
          id,
          type: isNumber(f) ? 'number' : 'text',
          ...(f.type === 'int' ? { step: '1' } : f.type === 'float' ? { step: 'any' } : {}),
        },
      });
  const v = draft[key];
  if (typeof v === 'string') input.value = v;
  input.addEventListener('input', () => (draft[key] = input.value));
  return el('div', { class: 'pending-controls__field' }, [label, input, hint]);
}

/** The typed value of a field as the tool declared it, or what is wrong with it. */
export function readField(f: PendingField, raw: string | boolean | undefined): { value: unknown } | { error: string } {
  if (isBool(f)) return { value: raw === true };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return { error: `Fill in ${f.name}.` };
  if (f.type === 'int') return /^[-+]?\d+$/.test(text) ? { value: Number(text) } : { error: `${f.name} must be a whole number.` };
  if (f.type === 'float') return Number.isFinite(Number(text)) ? { value: Number(text) } : { error: `${f.name} must be a number.` };
  if (isJson(f)) {
    try {
      const value: unknown = JSON.parse(text);
      const ok = f.type === 'list' ? Array.isArray(value) : !!value && typeof value === 'object' && !Array.isArray(value);
      return ok ? { value } : { error: `${f.name} must be a JSON ${f.type === 'list' ? 'list' : 'object'}.` };
    } catch {
      return { error: `${f.name} is not valid JSON.` };
    }
  }
  return { value: typeof raw === 'string' ? raw : '' };
}
