// Runs waiting for a person, in headless Chromium: the inspector's pending-step card (the tool,
// its arguments, what is asked, whether and how it was decided), found by search and by the kind
// filter, readable in every theme.
/// <reference lib="dom" />
import * as assert from 'assert';
import { hostMessages } from './fixtures';
import * as path from 'path';
import { RESULTS_DIR, webviewSuite, type WebviewPage } from './harness';
import { lowContrast } from './harness';
import { pausedSession } from './pendingFixtures';
import type { ThemeKind } from './themes';

describe('paused runs in the inspector (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = pausedSession();
  const pending = session.runs.flatMap((r) => r.events).filter((e) => e.kind === 'pending_input');

  async function open(theme: ThemeKind = 'dark'): Promise<WebviewPage> {
    const p = await suite.open({ theme });
    await p.deliverAll(hostMessages(session));
    await p.waitForState('complete');
    return p;
  }
  const card = (p: WebviewPage, id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);

  it('draws each pending step with the tool, its arguments, what is asked and its state', async () => {
    const p = await open();
    assert.strictEqual(await p.page.locator('li.event[data-kind="pending_input"]').count(), pending.length);
    for (const e of pending) {
      if (e.kind !== 'pending_input') continue;
      const c = card(p, e.id);
      assert.strictEqual(await c.locator('.event__name').textContent(), e.name);
      const state = (await c.locator('.event__chips .badge').first().textContent())?.trim();
      assert.strictEqual(
        state,
        e.resolution ? { approved: 'approved', rejected: 'rejected', provided: 'answered' }[e.resolution.outcome] : 'waiting',
      );
      // The arguments as the model gave them: every key is on the card.
      const text = await c.textContent();
      for (const k of Object.keys(e.arguments as object)) assert.ok(text!.includes(k), `${k} missing on ${e.name}`);
      if (e.resolution?.note) assert.ok(text!.includes(e.resolution.note));
      for (const f of e.fields ?? []) assert.ok(text!.includes(f.name) && (!f.type || text!.includes(f.type)), `field ${f.name}`);
      assert.strictEqual(await c.evaluate((n) => n.classList.contains('tone-warning')), !e.resolution, 'a step still waiting stands out');
      await c.screenshot({ path: path.join(RESULTS_DIR, `pending-card-${e.ask}-${e.resolution?.outcome ?? 'waiting'}.png`) });
    }
    await p.screenshot('pending-inspector-dark');
  });

  it('is found by search and hidden by its kind filter', async () => {
    const p = await open();
    const input = pending.find((e) => e.kind === 'pending_input' && e.ask === 'user_input')!;
    await p.page.locator('input[type="search"], .search input').first().fill('send_email');
    await p.page.waitForFunction(() => /\d+ \/ \d+/.test(document.querySelector('.search__count')?.textContent ?? ''));
    const count = await p.page.locator('.search__count').textContent();
    assert.ok(Number(count!.split('/')[1]) >= 1, count!);
    await p.page.locator('.search input, input[type="search"]').first().fill('');
    await p.page.locator('[data-control="kinds"]').click();
    const box = p.page.getByRole('checkbox', { name: /Waiting for a person/ });
    await box.uncheck();
    await p.page.waitForFunction(() => !document.querySelector('li.event[data-kind="pending_input"]'));
    assert.strictEqual(await card(p, input.id).count(), 0);
  });

  for (const theme of ['light', 'high-contrast'] as const) {
    it(`is readable in the ${theme} theme`, async () => {
      const p = await open(theme);
      assert.deepStrictEqual(
        await lowContrast(p.page, [
          ['li.event[data-kind="pending_input"] .event__name', 4.5],
          ['li.event[data-kind="pending_input"] .badge', 3],
        ]),
        [],
      );
      await p.screenshot(`pending-inspector-${theme}`);
    });
  }
});
