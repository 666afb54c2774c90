// Loads the real webview pages (the inspector's and the chat's page specs, built by the host's one
// page builder with the same CSP as in VS Code) into Debian's headless Chromium, served from a server on 127.0.0.1, with
// a stand-in for acquireVsCodeApi that records what the page posts and lets a test deliver host
// messages; and the mocha hooks every page suite shares (webviewSuite).
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseChatWebviewMessage } from '../../src/protocol/chat';
import { parseWebviewMessage } from '../../src/protocol/messages';
import { CHAT_PAGE } from '../../src/views/chat/html';
import { INSPECTOR_PAGE } from '../../src/views/inspector/html';
import { makeNonce, renderWebviewPage, type PageSpec } from '../../src/views/webviewHost/html';
import { THEMES, type Theme, type ThemeKind } from './themes';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'webview');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

/** Only these folders are served, as the panel's localResourceRoots allow only dist/ and media/. */
const SERVED = ['dist', 'media'];

/** A page's script and style sheets as paths under the extension, from the spec its panel loads. */
const served = (spec: PageSpec) => ({ spec, script: spec.script.join('/'), styles: spec.styles.map((s) => s.join('/')) });

/** The two pages, as their panels load them: bundle, styles, HTML and the protocol they post in. */
const PAGES = {
  inspector: {
    ...served(INSPECTOR_PAGE),
    title: 'Session inspector test',
    viewport: { width: 1100, height: 900 },
    fits: (m: unknown) => parseWebviewMessage(m).ok,
    protocol: 'the inspector protocol',
  },
  chat: {
    ...served(CHAT_PAGE),
    title: 'Chat test',
    viewport: { width: 900, height: 800 },
    fits: (m: unknown) => parseChatWebviewMessage(m).ok,
    protocol: 'the chat protocol',
  },
};
export type PageKind = keyof typeof PAGES;

export class WebviewServer {
  private server: http.Server | undefined;
  origin = '';

  constructor(readonly kind: PageKind = 'inspector') {}

  async start(): Promise<void> {
    const page = PAGES[this.kind];
    for (const f of [page.script, ...page.styles, 'dist/codicons/codicon.ttf']) {
      if (!fs.existsSync(path.join(ROOT, f)))
        throw new Error(`${f} is missing: build first with \`node esbuild.js\` (npm run test:webview does).`);
    }
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const page = PAGES[this.kind];
      const html = renderWebviewPage(
        {
          cspSource: this.origin,
          nonce: makeNonce(),
          scriptUri: `${this.origin}/${page.script}`,
          styleUris: page.styles.map((f) => `${this.origin}/${f}`),
          title: page.title,
          bodyData: JSON.parse(url.searchParams.get('bodyData') ?? '{}') as Record<string, string>,
        },
        page.spec,
      );
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = path.join(ROOT, rel);
    if (!SERVED.some((dir) => file.startsWith(path.join(ROOT, dir) + path.sep)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found. Install it once with \`bash test/vscode/setup.sh\` (or \`apt-get install chromium\`).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Posted {
  type: string;
  [key: string]: unknown;
}

export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** The stand-in for VS Code's side of the page, injected before the page's own script. */
const STUB_SOURCE = fs.readFileSync(path.join(__dirname, 'vscodeStub.js'), 'utf8');

export interface OpenOptions {
  theme?: ThemeKind;
  /** One of BUILT_IN_THEMES (wins over `theme`). */
  builtInTheme?: Theme;
  /** What getState() returns, as after the panel was hidden and shown again. */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** Script run before the page's own (after the stub), e.g. counters a test reads. */
  initScript?: string;
  /** The <body data-*> the host writes from the user's settings (e.g. `{ 'header-expanded': 'true' }`). */
  bodyData?: Record<string, string>;
}

export class WebviewPage {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {}

  static async open(browser: Browser, server: WebviewServer, o: OpenOptions = {}): Promise<WebviewPage> {
    const theme = o.builtInTheme ?? THEMES[o.theme ?? 'dark'];
    const context = await browser.newContext({ viewport: o.viewport ?? PAGES[server.kind].viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const p = new WebviewPage(page, context);
    page.on('console', (m) => {
      if (m.type() === 'error') p.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => p.pageErrors.push(String(e)));
    page.on('dialog', (d) => {
      p.dialogs.push(d.message());
      void d.dismiss();
    });
    const init = {
      vars: theme.vars,
      bodyClass: theme.bodyClass,
      kind: `vscode-${theme.kind}`,
      state: o.state ?? null,
    };
    // The file is one parenthesised function expression (a formatter may end it with `;`): call it.
    const stub = STUB_SOURCE.trim()
      .replace(/^\/\/.*\n/gm, '')
      .replace(/;$/, '');
    await page.addInitScript({ content: `${stub}(${JSON.stringify(init)});` });
    if (o.initScript) await page.addInitScript({ content: o.initScript });
    await page.goto(`${server.origin}/${o.bodyData ? `?bodyData=${encodeURIComponent(JSON.stringify(o.bodyData))}` : ''}`);
    await p.waitForPosted((m) => m.type === 'ready');
    return p;
  }

  /** Closed by the test itself (the suite's after-each check leaves it alone). */
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
    await this.context.close();
  }

  /** Delivers a message as the extension host would (no validation here: the page does it). */
  async deliver(message: unknown): Promise<void> {
    // window.postMessage dispatches later, so a state check right after it could see the page as it
    // was before the message (CI: a wait for 'idle' passed on the idle state before a turn's end).
    // A listener added now runs after the page's own for the same event; a macrotask after it lets
    // the page's follow-up microtasks finish too.
    await this.page.evaluate(
      (m) =>
        new Promise<void>((resolve) => {
          // Inline, not a named const: tsx would wrap a named function in a __name() the page lacks.
          window.addEventListener('message', () => setTimeout(resolve, 0), { once: true });
          window.postMessage(m, '*');
        }),
      message,
    );
  }

  async deliverAll(messages: unknown[]): Promise<void> {
    for (const m of messages) await this.deliver(m);
  }

  async posted(): Promise<Posted[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted.slice());
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: Posted[] }).__posted.length = 0;
    });
  }

  async waitForPosted(match: (m: Posted) => boolean, timeoutMs = 10_000): Promise<Posted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.posted()).find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `the page did not post the expected message; it posted ${JSON.stringify(await this.posted()).slice(0, 500)}; ` +
            `page errors: ${JSON.stringify(this.pageErrors)}; console errors: ${JSON.stringify(this.consoleErrors)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async violations(): Promise<Violation[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations.slice());
  }

  async savedState<T = unknown>(): Promise<T> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state) as Promise<T>;
  }

  async waitForState(state: string, timeoutMs = 30_000): Promise<void> {
    await this.page.waitForFunction((s) => document.body.dataset.state === s, state, { timeout: timeoutMs });
  }

  /**
   * Saves test-results/webview/<name>.png. Whole page: the viewport is stretched to the page's
   * height first, because rows off screen are skipped by content-visibility and would be blank.
   */
  /** test-results/webview/<name>.png, for a screenshot of what is in the window only (as a person sees it). */
  async screenshotPath(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await this.page.evaluate(() =>
      document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))),
    );
    return path.join(RESULTS_DIR, `${name}.png`);
  }

  async screenshot(name: string, maxHeight = 6000): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    const viewport = this.page.viewportSize()!;
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    await this.page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), maxHeight) });
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await this.page.screenshot({ path: file });
    await this.page.setViewportSize(viewport);
    return file;
  }
}

/**
 * A README picture: the viewport saved as test-results/webview/readme-<name>.png and, when
 * README_IMAGES=1 (`npm run readme-images`), as docs/images/<name>.png, so the README shows what
 * the tests drew. Ordinary runs leave the tracked files alone.
 */
export async function readmeImage(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const shot = await page.screenshot({ path: path.join(RESULTS_DIR, `readme-${name}.png`) });
  if (process.env.README_IMAGES !== '1') return;
  const dir = path.join(ROOT, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.png`), shot);
}

/** What the after-each check reads of a page under test (inspector or chat). */
export interface CheckedPage {
  violations(): Promise<Violation[]>;
  posted(): Promise<Posted[]>;
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
  readonly dialogs?: string[];
}

/**
 * The checks every passing test ends with: no CSP violation, page error, console error or dialog,
 * and every message the page posted fits the protocol the host validates with.
 */
export async function assertPageHealthy(p: CheckedPage, fits: (m: unknown) => boolean, protocol = 'the protocol'): Promise<void> {
  assert.deepStrictEqual(await p.violations(), [], 'CSP violations');
  assert.deepStrictEqual(p.pageErrors, [], 'page errors');
  assert.deepStrictEqual(p.consoleErrors, [], 'console errors');
  if (p.dialogs) assert.deepStrictEqual(p.dialogs, [], 'dialogs opened');
  for (const m of await p.posted()) assert.ok(fits(m), `posted message does not fit ${protocol}: ${JSON.stringify(m).slice(0, 300)}`);
}

/**
 * The hooks every page suite shares: one page server and one Chromium for the suite. Pages a
 * test opens through `open` are closed after it; after a passing test each one it left open must
 * be healthy (assertPageHealthy against the page's protocol, then `afterPassing`).
 */
export function webviewSuite(o: { page?: PageKind; afterPassing?: (p: WebviewPage) => Promise<void> } = {}): {
  server: WebviewServer;
  open(options?: OpenOptions): Promise<WebviewPage>;
} {
  const kind = o.page ?? 'inspector';
  const server = new WebviewServer(kind);
  let browser: Browser | undefined;
  let pages: WebviewPage[] = [];
  before(async () => {
    await server.start();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server.stop();
  });
  afterEach(async function () {
    const opened = pages;
    pages = [];
    try {
      if (this.currentTest?.state !== 'passed') return;
      for (const p of opened.filter((p) => !p.closed)) {
        await assertPageHealthy(p, PAGES[kind].fits, PAGES[kind].protocol);
        await o.afterPassing?.(p);
      }
    } finally {
      for (const p of opened) await p.close();
    }
  });
  return {
    server,
    async open(options = {}) {
      const p = await WebviewPage.open(browser!, server, options);
      pages.push(p);
      return p;
    },
  };
}

const CONTRAST = fs.readFileSync(path.join(__dirname, 'contrast.js'), 'utf8').replace(/^\/\/.*\n/gm, '');

/**
 * The selectors of `table` whose worst text contrast on the page is below their minimum, as
 * "selector ratio < min" (empty: all readable). A selector that matches nothing fails: a table
 * entry that checks nothing would pass for ever.
 */
export async function lowContrast(page: Page, table: ReadonlyArray<readonly [string, number]>): Promise<string[]> {
  const poor: string[] = [];
  for (const [selector, min] of table) {
    const ratios = (await page.evaluate(`${CONTRAST}(${JSON.stringify(selector)})`)) as number[];
    assert.ok(ratios.length, `nothing matches ${selector}`);
    const worst = Math.min(...ratios);
    if (worst < min) poor.push(`${selector} ${worst} < ${min}`);
  }
  return poor;
}

export interface ContrastRecord {
  ratio: number;
  text: string;
  cls: string;
  fg: string;
  bg: string;
}

/**
 * Every element matching `selector` whose text contrast is below `min`, described (text, class,
 * both colours); the count of elements measured beside, so a selector that matched nothing shows.
 */
export async function contrastBelow(page: Page, selector: string, min: number): Promise<{ measured: number; poor: ContrastRecord[] }> {
  const all = (await page.evaluate(`${CONTRAST}(${JSON.stringify(selector)}, true)`)) as ContrastRecord[];
  const withText = all.filter((r) => r.text);
  return { measured: withText.length, poor: withText.filter((r) => r.ratio < min) };
}
