// A run paused for a person, in the chat page (headless Chromium, the real page and CSP): its
// pending step drawn from what a real AgentOS 3.1.10 recorded (test/fixtures, mapped by the Agno
// provider), Approve / Reject / a typed form that post `chat/continue`, the run streaming on in
// the same turn, and a continue that failed keeping the answer with Retry.
/// <reference lib="dom" />
import * as assert from 'assert';
import type { EventOfKind, SessionEvent } from '../../src/model';
import { mapAgnoSession } from '../../src/providers/agno/map';
import type { ChatHostMessage, ChatTargetInfo } from '../../src/protocol/chat';
import { webviewSuite, type WebviewPage } from './harness';
import { PAUSED_FIXTURE } from './pendingFixtures';

const AGNO: ChatTargetInfo = {
  provider: 'agno',
  connectionLabel: 'Agno (local)',
  agentId: 'guard',
  agentName: 'Guard',
  sessionId: 's1',
  canGreet: false,
  streams: true,
  canContinue: true,
};
const eventsOf = (k: string): SessionEvent[] =>
  mapAgnoSession({ session_id: 's1', agent_id: 'guard' }, PAUSED_FIXTURE[k]!.runs).runs[0]!.events;
const pendingIn = (events: SessionEvent[]) => events.find((e): e is EventOfKind<'pending_input'> => e.kind === 'pending_input')!;

describe('paused runs in the chat (headless Chromium)', () => {
  const suite = webviewSuite({ page: 'chat' });

  async function open(events: SessionEvent[], target = AGNO): Promise<WebviewPage> {
    const p = await suite.open();
    const init: ChatHostMessage = {
      type: 'chat/init',
      target,
      turns: [{ id: 't1', userText: 'please delete the file', status: 'complete', events }],
      draft: '',
      loadingHistory: false,
    };
    await p.deliver(init);
    await p.waitForState('idle');
    return p;
  }
  const block = (p: WebviewPage) => p.page.locator('section.turn[data-turn-id="t1"] .chat-pending');

  it('shows the pending step with Approve / Reject; approving continues the run in the same turn', async () => {
    const paused = eventsOf('confirmNotStreamedPaused');
    const step = pendingIn(paused);
    const p = await open(paused);
    assert.match((await block(p).locator('.event__name').textContent()) ?? '', new RegExp(step.name));
    assert.match((await p.page.locator('.turn__footer').textContent()) ?? '', /waiting for you/);
    await p.screenshot('pending-chat-waiting');
    await p.clearPosted();
    await block(p).locator('button.button', { hasText: 'Approve' }).click();
    const sent = await p.waitForPosted((m) => m.type === 'chat/continue');
    assert.deepStrictEqual(sent, {
      type: 'chat/continue',
      turnId: 't1',
      runId: step.runId,
      decisions: [{ callId: step.callId, outcome: 'approved' }],
    });
    // The host resumes the turn: it streams again, with the answer shown.
    await p.deliver({ type: 'chat/turnResume', turnId: 't1', decisions: [{ callId: step.callId!, outcome: 'approved' }] });
    await p.waitForState('busy');
    assert.match((await block(p).textContent()) ?? '', /Continuing with your answer \(approved\)/);
    // And ends with the run as agno stored it after the approval.
    const done = eventsOf('confirmStreamedThenApproved');
    await p.deliver({ type: 'chat/turnEnd', turnId: 't1', status: 'complete', events: done });
    await p.waitForState('idle');
    assert.strictEqual(await block(p).locator('.pending-controls').count(), 0, 'nothing left to answer');
    assert.strictEqual((await block(p).locator('.badge').first().textContent())?.trim(), 'approved');
    const answer = [...done].reverse().find((e) => e.kind === 'assistant_message');
    assert.match(
      (await p.page.locator('.chat-bubble--agent').last().textContent()) ?? '',
      new RegExp((answer as { text: string }).text.slice(0, 10).replace(/[{}"]/g, '.')),
    );
  });

  it('a continue that failed keeps the answer, says why, and offers Retry and Change answer', async () => {
    const paused = eventsOf('confirmNotStreamedPaused');
    const step = pendingIn(paused);
    const p = await open(paused);
    await block(p).locator('input.pending-controls__input').fill('not that one');
    await block(p).locator('button.button', { hasText: 'Reject' }).click();
    const decision = { callId: step.callId!, outcome: 'rejected' as const, note: 'not that one' };
    assert.deepStrictEqual((await p.waitForPosted((m) => m.type === 'chat/continue')).decisions, [decision]);
    await p.deliver({ type: 'chat/turnResume', turnId: 't1', decisions: [decision] });
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'complete',
      events: paused,
      error: 'The run did not continue: Agno AgentOS answered 503',
      decisions: [decision],
    });
    await p.waitForState('idle');
    // Waited for, not read at once: the turn's end is drawn in a frame of its own.
    await block(p).locator('.pending-controls__error', { hasText: '503' }).waitFor();
    assert.match((await block(p).textContent()) ?? '', /Your answer: rejected — not that one/);
    await p.screenshot('pending-chat-retry');
    await p.clearPosted();
    await block(p).locator('button.button', { hasText: 'Retry' }).click();
    assert.deepStrictEqual((await p.waitForPosted((m) => m.type === 'chat/continue')).decisions, [decision]);
    // Host refuses again; Change answer brings the choice back, with the note still typed.
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'complete',
      events: paused,
      error: 'The run did not continue: offline',
      decisions: [decision],
    });
    await block(p).locator('.pending-controls__error', { hasText: 'offline' }).waitFor();
    await block(p).locator('button.button', { hasText: 'Change answer' }).click();
    await block(p).locator('button.button', { hasText: 'Approve' }).waitFor();
    assert.strictEqual(await block(p).locator('input.pending-controls__input').inputValue(), 'not that one');
  });

  it('user input: a form of the typed fields asked; a field left empty says so and sends nothing', async () => {
    const paused = eventsOf('userInputStreamedPaused');
    const step = pendingIn(paused);
    const p = await open(paused);
    const fields = step.fields!;
    for (const f of fields)
      assert.match((await block(p).locator('.pending-controls').textContent()) ?? '', new RegExp(`${f.name}\\s*${f.type}`));
    // The value the model already gave is filled in.
    const given = fields.find((f) => f.value !== undefined)!;
    assert.strictEqual(
      await block(p).locator('.pending-controls__field', { hasText: given.name }).locator('input').inputValue(),
      given.value,
    );
    await p.clearPosted();
    await block(p).locator('button.button', { hasText: 'Send' }).click();
    const open_ = fields.find((f) => f.value === undefined)!;
    assert.match((await block(p).locator('.pending-controls__error').textContent()) ?? '', new RegExp(`Fill in ${open_.name}`));
    assert.ok(!(await p.posted()).some((m) => m.type === 'chat/continue'));
    await block(p).locator('.pending-controls__field', { hasText: open_.name }).locator('input').fill('weekly report');
    await block(p).locator('button.button', { hasText: 'Send' }).click();
    const sent = await p.waitForPosted((m) => m.type === 'chat/continue');
    assert.deepStrictEqual(sent.decisions, [
      { callId: step.callId, outcome: 'provided', values: Object.fromEntries(fields.map((f) => [f.name, f.value ?? 'weekly report'])) },
    ]);
    await p.screenshot('pending-chat-input');
  });

  it('where the connection cannot continue runs, says so instead of offering buttons', async () => {
    const p = await open(eventsOf('confirmNotStreamedPaused'), { ...AGNO, canContinue: false });
    assert.strictEqual(await block(p).locator('button.button').count(), 0);
    assert.match((await block(p).textContent()) ?? '', /cannot continue it from the editor/);
  });
});
