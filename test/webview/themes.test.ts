// Light, dark and high contrast: the every-kind session and the demo's sample sessions are drawn
// in each theme, text is checked for contrast against what it sits on, and screenshots are saved
// under test-results/webview/ for a person to look at.
/// <reference lib="dom" />
import * as assert from 'assert';
import { catalog } from '../../src/providers/demo/catalog';
import { everyKindSession, hostMessages } from './fixtures';
import { contrastBelow, webviewSuite, lowContrast } from './harness';
import { BUILT_IN_THEMES, RECORDED_FROM, type ThemeKind } from './themes';

/** Every chip, badge and code colour: 4.5:1 against what it is drawn on, in every theme. */
const CHIPS_BADGES_CODE = [
  '.chip',
  '.chip code',
  '.badge',
  '.code-text',
  '[class^="hljs-"]',
  '.jt-key',
  '.jt-string',
  '.jt-number',
  '.jt-boolean',
  '.jt-null',
  'code',
  'kbd',
  '.summary-figure',
  '.total__computed',
  // The page's own buttons and checkboxes (native, drawn with the theme's button colours).
  '.button',
  '.checkbox',
];
/** Must be on the every-kind page, or the table above would check nothing for them. */
const PRESENT = ['.chip', '.badge', '.code-text', '[class^="hljs-"]', '.jt-key', '.jt-string', '.jt-number', 'kbd', '.button', '.checkbox'];
/** Screenshots of these (the rest are measured only). */
const PICTURED = new Set(['Dark Modern', 'Light Modern', 'Default High Contrast', 'Default High Contrast Light', 'Solarized Light']);

/** Text that must be readable (WCAG AA: 4.5 for body text, 3 for secondary and large text). */
const READABLE: Array<[string, number]> = [
  ['.session-title', 4.5],
  ['.message-text', 4.5],
  ['.code-text', 4.5],
  ['.event__kind', 4.5],
  ['.total__computed', 4.5],
  ['.error-message .message-text', 4.5],
  ['.event__meta', 3],
  ['.total__label', 3],
  ['.run__totals', 3],
  ['.mismatch-flag', 3],
  ['.chip', 3],
  ['.badge', 3],
];

describe('inspector webview themes (headless Chromium)', () => {
  const suite = webviewSuite();

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`is readable in the ${theme} theme (screenshot every-kind-${theme}.png)`, async () => {
      const p = await suite.open({ theme });
      try {
        await p.deliverAll(hostMessages(everyKindSession()));
        await p.waitForState('complete');
        // Open a fold so the screenshot shows folded and unfolded content.
        await p.page.locator('li.event[data-event-id="e3"] button.disclosure').click();
        await p.page.evaluate(() => document.fonts.ready);
        const codiconLoaded = await p.page.evaluate(() => document.fonts.check('16px codicon'));
        assert.ok(codiconLoaded, 'the codicon font loaded');
        assert.deepStrictEqual(await lowContrast(p.page, READABLE), [], `low contrast in the ${theme} theme`);
        await p.screenshot(`every-kind-${theme}`);
        assert.deepStrictEqual(await p.violations(), []);
        assert.deepStrictEqual(p.pageErrors, []);
      } finally {
        await p.close();
      }
    });
  }

  for (const theme of BUILT_IN_THEMES) {
    const slug = theme.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-$/, '');
    it(`${theme.name} (VS Code ${RECORDED_FROM}): every chip, badge and code colour reads at 4.5:1${PICTURED.has(theme.name) ? ` (screenshot theme-${slug}.png)` : ''}`, async () => {
      // The header in full, so its badges and totals are measured too.
      const p = await suite.open({ builtInTheme: theme, bodyData: { 'header-expanded': 'true' } });
      try {
        await p.deliverAll(hostMessages(everyKindSession()));
        await p.waitForState('complete');
        await p.page.locator('li.event[data-event-id="e3"] button.disclosure').click();
        const poor: string[] = [];
        for (const selector of CHIPS_BADGES_CODE) {
          const { measured, poor: low } = await contrastBelow(p.page, selector, 4.5);
          if (PRESENT.includes(selector)) assert.ok(measured > 0, `nothing on the page matches ${selector}`);
          for (const r of low) poor.push(`${selector} "${r.text}" (${r.cls}) ${r.ratio}:1, ${r.fg} on ${r.bg}`);
        }
        assert.deepStrictEqual([...new Set(poor)], [], `low contrast in ${theme.name}`);
        if (PICTURED.has(theme.name)) await p.screenshot(`theme-${slug}`, 3000);
        assert.deepStrictEqual(p.pageErrors, []);
      } finally {
        await p.close();
      }
    });
  }

  it('draws every demo sample session (screenshots demo-*.png of the three largest)', async () => {
    const sessions = catalog()
      .filter((e) => !e.summary.id.startsWith('generated') && (e.summary.messageCount ?? 0) > 0)
      .map((e) => e.load());
    assert.ok(sessions.length >= 3, `demo catalog has ${sessions.length} hand-written sessions`);
    const size = (s: (typeof sessions)[number]) => s.runs.reduce((n, r) => n + r.events.length, 0);
    const largest = [...sessions].sort((a, b) => size(b) - size(a)).slice(0, 3);
    for (const [i, session] of sessions.entries()) {
      const shot = largest.indexOf(session);
      const theme = (['dark', 'light', 'high-contrast'] as ThemeKind[])[shot >= 0 ? shot : i % 3]!;
      const p = await suite.open({ theme });
      try {
        await p.deliverAll(hostMessages(session));
        await p.waitForState('complete');
        const count = session.runs.reduce((n, r) => n + r.events.length, 0);
        assert.strictEqual(await p.page.locator('li.event').count(), count, session.id);
        assert.strictEqual(await p.page.locator('.event__body:has-text("could not be displayed")').count(), 0);
        if (shot >= 0) await p.screenshot(`demo-${shot + 1}-${theme}`, 4000);
        assert.deepStrictEqual(await p.violations(), [], session.id);
        assert.deepStrictEqual(p.pageErrors, [], session.id);
        assert.deepStrictEqual(p.consoleErrors, [], session.id);
      } finally {
        await p.close();
      }
    }
  });
});
