#!/usr/bin/env node
// `npm run bench:vscode`: what a person waits for in a REAL VS Code (code-server 4.139.1, the
// harness of test/vscode/) with the built .vsix installed: "Open Session File…" answered in the
// file dialog for generated Piper session files of 10,000, 100,000 and 1,000,000 events, and a
// 100,000-event session from the simulator through the Piper provider (a click in the tree).
// For each: from the command to the first event row visible, to "all loaded", to the first search
// result drawn; the extension host's RSS before, at peak and after the panel is closed; the
// page's JS heap after each of three opens. Printed beside the targets of issue 15, with the
// floor (JSON.parse of the same bytes here on the host). Prints; never fails.
//
//   npm run package && node bench/vscode.js [--json] [--sizes 10000,100000] [--profile DIR] [--trace DIR] [--heap-snapshot DIR]
// Env: E2E_ROOT (code-server install), BENCH_VSCODE_SIZES (same as --sizes), BENCH_NO_SIM=1,
// BENCH_PROFILE (same as --profile: where the renderer's and the extension host's CPU profiles of each first open go),
// BENCH_TRACE (same as --trace: where a Chrome trace of each second open goes),
// BENCH_VSIX (another .vsix to measure, e.g. main's, for a before/after), BENCH_OPENS (default 3),
// BENCH_SMAPS (a file: the host's heap and resident memory by kind of mapping, before the first open and after the last close).
// BENCH_STEPS=1 (each open's way from the command to all loaded, step by step).
'use strict';
/* global document, window, requestAnimationFrame -- in functions Playwright runs inside the page */
const fs = require('fs');
const path = require('path');
const h = require('../test/vscode/harness');

const tsx = require(require.resolve('tsx/cjs/api', { paths: [h.REPO] }));

const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
// With --json, stdout carries the rows alone (npm run bench parses it): everything else the bench
// and its harness log (screenshots, steps) goes to stderr.
const writeOut = process.stdout.write.bind(process.stdout);
if (asJson) console.log = (...args) => process.stderr.write(`${require('util').format(...args)}\n`);
const sizesArg = (() => {
  const i = argv.indexOf('--sizes');
  return i >= 0 ? argv[i + 1] : process.env.BENCH_VSCODE_SIZES;
})();
const SIZES = (sizesArg || '10000,100000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const SIM_EVENTS = 100_000;
/** How long the first search result may take to be drawn before the bench says it was not. */
const SEARCH_TIMEOUT_MS = 30_000;
/** Opens of each file (the page's heap is compared after the third). */
const OPENS = Number(process.env.BENCH_OPENS) || 3;
/** --profile DIR (or BENCH_PROFILE): the renderer's CPU profile over each size's first open, as .cpuprofile files. */
const PROFILE = (() => {
  const i = argv.indexOf('--profile');
  return i >= 0 ? path.resolve(argv[i + 1]) : process.env.BENCH_PROFILE;
})();
/** --trace DIR (or BENCH_TRACE): a Chrome trace (timeline categories) of each size's second open, as .json files. */
const TRACE = (() => {
  const i = argv.indexOf('--trace');
  return i >= 0 ? path.resolve(argv[i + 1]) : process.env.BENCH_TRACE;
})();
/** --heap-snapshot DIR (or BENCH_HEAP_SNAPSHOT): the extension host's heap snapshot after each size's close. */
const HEAP_SNAPSHOT = (() => {
  const i = argv.indexOf('--heap-snapshot');
  return i >= 0 ? path.resolve(argv[i + 1]) : process.env.BENCH_HEAP_SNAPSHOT;
})();
const CACHE = path.join(h.REPO, '.vscode-test', 'bench');
const say = (m) => (asJson ? process.stderr.write(`[${h.since()}] ${m}\n`) : h.log(m));
const count = (n) => n.toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const secs = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

// ---- session files -----------------------------------------------------------------------------

/** The demo generator's sessions in Piper's wire format (~840 bytes an event: the issue's 83 MB file). */
function demoFile(n) {
  const file = path.join(CACHE, `piper-demo-${n}.json`);
  if (fs.existsSync(file)) return file;
  const { generateSession } = tsx.require('../src/providers/demo/generate.ts', __filename);
  const { piperWire } = tsx.require('./normalise.ts', __filename);
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, piperWire(generateSession({ events: n, seed: 7 })));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** Where shortFile puts its one "needle": the last user message 8 or more events before the end. */
const NEEDLE_AT = (n) => n - 8 - ((n - 8) % 4);

/**
 * A million short events (a user line, a tool call and its result, an answer; ~200 bytes each),
 * written piece by piece: the file is 150–250 MB, more than is sensible to build as one string.
 */
function shortFile(n) {
  const file = path.join(CACHE, `piper-short-${n}-v2.json`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE, { recursive: true });
  const fd = fs.openSync(`${file}.tmp`, 'w');
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  const iso = (ms) => new Date(ms).toISOString();
  const sid = 'b0b0b0b0-0000-4000-8000-00000000beef';
  fs.writeSync(
    fd,
    `{"session":{"session_id":"${sid}","agent_id":"agt_bench","title":"A million short events","created_at":"${iso(start)}","updated_at":"${iso(start + n * 1000)}"},"runs":[`,
  );
  const perRun = 40;
  let buf = '';
  for (let r = 0, e = 0; e < n; r++) {
    const runId = `run_${r}`;
    const events = [];
    for (let k = 0; k < perRun && e < n; k++, e++) {
      const at = iso(start + e * 1000);
      const id = `ev_${e}`;
      const m = k % 4;
      // "needle" once, near the end, in a user message (e % 4 === 0: the other kinds at the same
      // place carry no text, so a needle there was never found): the search goes through almost everything.
      const text = e === NEEDLE_AT(n) ? 'found the needle' : `line ${e}`;
      if (m === 0)
        events.push(
          `{"id":"${id}","run_id":"${runId}","event_type":"user_message","created_at":"${at}","role":"user","content":"${text}"}`,
        );
      else if (m === 1)
        events.push(
          `{"id":"${id}","run_id":"${runId}","event_type":"tool_call","created_at":"${at}","role":"assistant","tool_name":"lookup","tool_call_id":"c${e}","tool_arguments":{"q":${e}}}`,
        );
      else if (m === 2)
        events.push(
          `{"id":"${id}","run_id":"${runId}","event_type":"tool_result","created_at":"${at}","role":"tool","tool_call_id":"c${e - 1}","content":"${text}","latency_ms":12}`,
        );
      else
        events.push(
          `{"id":"${id}","run_id":"${runId}","event_type":"assistant_message","created_at":"${at}","role":"assistant","content":"${text}","input_tokens":40,"output_tokens":8}`,
        );
    }
    buf += `${r ? ',' : ''}{"id":"${runId}","session_id":"${sid}","created_at":"${iso(start + (e - events.length) * 1000)}","events":[${events.join(',')}]}`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, `${buf}]}`);
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

const fileFor = (n) => (n >= 1_000_000 ? shortFile(n) : demoFile(n));

/** The floor: JSON.parse of the same bytes on this host (median of 3; one at a million). */
function parseFloor(file) {
  const text = fs.readFileSync(file, 'utf8');
  const times = [];
  for (let i = 0; i < (text.length > 150e6 ? 1 : 3); i++) {
    const t = performance.now();
    JSON.parse(text);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

// ---- the extension host's memory -----------------------------------------------------------------

/** The extension host: the process in code-server's group started with --type=extensionHost. */
function extensionHostPid(server) {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid !== server.pid) continue;
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (/--type=extensionHost/.test(cmd)) return Number(d);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used by the browser's processes (renderers, GPU/raster, network), found by their
 * --user-data-dir: unlike the renderer's task time this does not grow when other work on the
 * machine holds the cores.
 */
function browserCpuSeconds(profileDir) {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(profileDir)) continue;
    } catch {
      continue;
    }
    total += cpuSeconds(Number(d)) || 0;
  }
  return total;
}

/** Seconds the workbench's renderer (the page runs in it: same site) spent running tasks. */
async function rendererBusy(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const of = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: of('TaskDuration'), script: of('ScriptDuration'), layout: of('LayoutDuration'), style: of('RecalcStyleDuration') };
}

const busySince = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - a[k]]));

function rss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resident memory by kind of mapping (the malloc heap, anonymous mappings by size, files). */
function smapsSummary(pid) {
  const out = {};
  let name = '';
  let size = 0;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (m) {
      name = m[1] || 'anon';
      continue;
    }
    const sz = /^Size:\s+(\d+) kB/.exec(line);
    if (sz) size = Number(sz[1]);
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) {
      const key =
        name === 'anon' ? `anon ${size >= 65536 ? '>=64MB' : size >= 1024 ? '1-64MB' : '<1MB'}` : name.startsWith('/') ? 'files' : name;
      out[key] = (out[key] ?? 0) + Number(r[1]);
    }
  }
  return out;
}

/**
 * Where the RSS kept after a close sits, from two smapsSummary()s (kB): glibc's main arena (the
 * brk heap: what C++ allocated on the host's thread, Node's buffers included), other anonymous
 * mappings of 1–64 MB (malloc's per-thread arenas: the thread pool's, V8's helpers'), and the rest
 * (V8's heap pages, files). With the JS heap back where it was (the next row), what is kept in the
 * arenas is memory malloc holds for reuse rather than gives back.
 */
function keptBy(before, after) {
  const grew = (k) => ((after[k] ?? 0) - (before[k] ?? 0)) * 1024;
  const all = Object.keys(after).reduce((n, k) => n + grew(k), 0);
  const mainArena = grew('[heap]');
  const threadArenas = grew('anon 1-64MB');
  return { mainArena, threadArenas, rest: all - mainArena - threadArenas };
}

/** Samples RSS every 100 ms until stopped; `peak` is the largest seen. */
function sampler(pid) {
  let peak = rss(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rss(pid));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rss(pid));
    },
  };
}

/**
 * The extension host's heap after two forced collections (process.memoryUsage(), through its own
 * inspector, which SIGUSR1 opens on 127.0.0.1): what a closed panel still holds, apart from the
 * pages V8 and malloc keep for reuse that RSS counts. Undefined when the inspector cannot be reached.
 * With `snapshot`, a heap snapshot is written there too.
 */
const hostInspector = { url: undefined };
/** The extension host's inspector (opened with SIGUSR1 the first time); undefined when it cannot be reached. */
async function hostInspectorUrl(pid) {
  if (!hostInspector.url) {
    process.kill(pid, 'SIGUSR1');
    for (let i = 0; i < 40 && !hostInspector.url; i++) {
      await h.sleep(250);
      const list = await fetch('http://127.0.0.1:9229/json/list')
        .then((r) => r.json())
        .catch(() => []);
      hostInspector.url = list[0]?.webSocketDebuggerUrl;
    }
  }
  return hostInspector.url;
}

/** Starts a CPU profile of the extension host; `stop()` writes it to `out`. */
async function startHostProfile(pid, out) {
  const url = await hostInspectorUrl(pid).catch(() => undefined);
  if (!url) return { stop: async () => false };
  const { spawn } = require('child_process');
  const child = spawn(h.NODE24, [path.join(__dirname, 'hostProfile.js'), url, out], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve) => {
    child.stdout.once('data', resolve);
    child.once('exit', resolve);
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code === 0));
        child.stdin.end();
      }),
  };
}

async function hostHeap(pid, snapshot) {
  try {
    const url = await hostInspectorUrl(pid);
    if (!url) return undefined;
    const { spawnSync } = require('child_process');
    const args = [path.join(__dirname, 'hostHeap.js'), url, ...(snapshot ? [snapshot] : [])];
    const r = spawnSync(h.NODE24, args, { encoding: 'utf8', timeout: 120_000 });
    return r.status === 0 ? JSON.parse(r.stdout) : undefined;
  } catch {
    return undefined;
  }
}

// ---- the workbench -------------------------------------------------------------------------------

async function pageHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function closeAllEditors(page) {
  await h.runCommand(page, 'View: Close All Editors');
  await page
    .locator('.tabs-container .tab')
    .first()
    .waitFor({ state: 'detached', timeout: 15000 })
    .catch(() => {});
}

/** "Agent Inspector: Open Session File…", the path typed into VS Code's file dialog; resolves at Enter. */
async function openFileByDialog(page, file) {
  await h.runCommand(page, 'Agent Inspector: Open Session File…');
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  const input = widget.locator('.quick-input-box input').first();
  await input.waitFor({ timeout: 15000 });
  // The dialog fills in its starting folder a moment after it opens: type the path after that.
  await page.waitForFunction((el) => el.value.length > 0, await input.elementHandle(), { timeout: 15000 }).catch(() => {});
  // Under load the dialog may fill in its folder after the path was typed (Enter then opened the
  // folder and the bench waited for a row that never came): the path is checked right before the
  // Enter, and typed again when the dialog is still open after it.
  for (let attempt = 1; ; attempt++) {
    await input.fill(file);
    // The dialog lists the folder as the path is typed; wait until it has settled on the file.
    await widget
      .locator('.monaco-list-row', { hasText: path.basename(file) })
      .first()
      .waitFor({ timeout: 15000 })
      .catch(() => {});
    if ((await input.inputValue()) !== file && attempt < 3) continue;
    const t0 = Date.now();
    await input.press('Enter');
    const closed = await widget
      .first()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    if (closed || attempt >= 3) return t0;
    say(`the file dialog took another path than ${file} (attempt ${attempt}); typing it again`);
  }
}

// ---- where the time to the first row goes ---------------------------------------------------------

/**
 * The steps from the Enter in the dialog to the first row painted, each read where it happens:
 * the extension host's marks (its log line "Inspector: timeline of …", src/views/webviewHost/timeline.ts),
 * the workbench's webview frame (created), the page's navigation and resource timing (HTML, script)
 * and its own marks (webview/bootMarks.ts, webview/render/app.ts). All on one wall clock: Date.now()
 * in the host and here, performance.timeOrigin + the mark's time in the frames.
 */
const STEPS = [
  ['host:created', 'host: panel created (dialog closed, command ran, file checked)'],
  ['host:html', 'host: page HTML set'],
  ['frame:outer', 'workbench: webview frame created'],
  ['frame:inner', 'workbench: page frame navigates'],
  ['page:html', 'page: HTML received'],
  ['page:script-fetched', 'page: webview.js fetched'],
  ['boot:script', 'page: script starts running'],
  ['boot:modules', 'page: modules evaluated'],
  ['boot:toolkit', 'page: toolkit registered'],
  ['boot:app', 'page: app built'],
  ['boot:ready-posted', 'page: ready posted'],
  ['host:ready', 'host: ready received'],
  ['host:load', 'host: reading starts'],
  ['host:begin', 'host: header read (session/begin posted)'],
  ['host:first-events', 'host: first chunk posted'],
  ['host:first-events-delivered', 'host: first chunk delivered'],
  ['boot:in:session/begin', 'page: session/begin arrives'],
  ['boot:applied:session/begin', 'page: header drawn (session/begin applied)'],
  ['boot:in:session/eventsPacked', 'page: first chunk arrives'],
  ['boot:first-chunk-decoded', 'page: first chunk decoded'],
  ['boot:applied:session/events', 'page: first chunk in the store'],
  ['inspector:first-events', 'page: first row in the DOM'],
  ['inspector:first-paint', 'page: frame after the first row painted'],
];

/** The way from the first row to all loaded. */
const LOAD_STEPS = [
  ['host:last-events', 'host: last chunk posted (the file read and mapped)'],
  ['host:events-delivered', 'host: every chunk delivered to the page'],
  ['host:end-delivered', 'host: session/end delivered'],
  ['inspector:complete', 'page: loading ended (store, search text, status)'],
];

/** The extension's log file in the profile (the LogOutputChannel writes one per window). */
function hostLogText(userDataDir) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Agent Inspector.log') found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** The host's marks of the first load after t0 (epoch ms), from its log line. */
function hostMarks(userDataDir, t0) {
  const re = /Inspector: timeline of .* at (\S+Z): (.*)$/gm;
  for (const m of hostLogText(userDataDir).matchAll(re)) {
    const start = Date.parse(m[1]);
    if (start < t0 - 2000) continue;
    const marks = { 'host:created': start };
    for (const step of m[2].split(', ')) {
      const s = /^(\S+) \+(\d+) ms$/.exec(step);
      if (s) marks[`host:${s[1]}`] = start + Number(s[2]);
    }
    return marks;
  }
  return {};
}

/** The page's marks, its navigation and its script's fetch (epoch ms), and when the workbench made the frame. */
async function pageMarks(page, frame) {
  const outer = await page
    .locator('iframe.webview')
    .filter({ visible: true })
    .last()
    .contentFrame()
    .locator('body')
    .evaluate(() => performance.timeOrigin)
    .catch(() => NaN);
  const inner = await frame
    .locator('body')
    .evaluate(async () => {
      const o = performance.timeOrigin;
      const at = (t) => o + t;
      const marks = { 'frame:inner': o };
      const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
      if (nav) marks['page:html'] = at(nav.responseEnd);
      const script = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource')).find((r) =>
        /webview\.js/.test(r.name),
      );
      if (script) marks['page:script-fetched'] = at(script.responseEnd);
      for (const m of performance.getEntriesByType('mark')) if (!(m.name in marks)) marks[m.name] = at(m.startTime);
      // Element Timing: when the frame that first painted the first row's text was presented.
      /** @type {Array<PerformanceEntry & { identifier?: string; renderTime?: number }>} */
      const painted = await new Promise((resolve) => {
        const observer = new PerformanceObserver((list) => {
          observer.disconnect();
          resolve(list.getEntries().filter((e) => /** @type {{ identifier?: string }} */ (e).identifier === 'inspector-first-event'));
        });
        observer.observe({ type: 'element', buffered: true });
        setTimeout(() => resolve([]), 1000);
      });
      const shown = Math.min(...painted.map((e) => e.renderTime || e.startTime).filter((t) => t > 0));
      if (Number.isFinite(shown)) marks['page:first-row-presented'] = at(shown);
      return marks;
    })
    .catch(() => ({}));
  return { 'frame:outer': outer, ...inner };
}

/**
 * From `t0`: the first event row visible, all loaded, then a search (typed into the page's search
 * box and Enter) until its first match is drawn. Times in ms since t0 / since the Enter.
 */
async function timeOpen(page, t0, query, timeout, userDataDir) {
  const frame = h.webviewFrame(page);
  await frame.locator('li.event').first().waitFor({ state: 'visible', timeout });
  const firstRow = Date.now() - t0;
  await frame.locator('body[data-state="complete"]').waitFor({ state: 'attached', timeout });
  const loaded = Date.now() - t0;
  // Each step's time since the Enter (ms); a step not seen is left out.
  const at = { ...hostMarks(userDataDir, t0), ...(await pageMarks(page, frame)) };
  const steps = {};
  for (const [k] of [...STEPS, ['page:first-row-presented'], ...LOAD_STEPS]) if (Number.isFinite(at[k])) steps[k] = at[k] - t0;
  steps['bench:loaded'] = loaded;
  steps['bench:first-row'] = firstRow;
  // What a person sees is the frame that first showed the row (Element Timing, presented); the
  // bench's own poll answers later while the renderer the page shares with the workbench is busy.
  const presented = Number.isFinite(at['page:first-row-presented']) ? at['page:first-row-presented'] - t0 : NaN;
  // All loaded: when the page's state says so (the status line reads it the same moment).
  const complete = Number.isFinite(at['inspector:complete']) ? at['inspector:complete'] - t0 : NaN;
  const status = (
    await frame
      .locator('.load-status__done')
      .first()
      .innerText()
      .catch(() => '')
  ).trim();
  const elements = await frame
    .locator('*')
    .count()
    .catch(() => NaN);
  const input = frame.locator('input.search__input');
  await input.fill(query);
  // In the page: from the Enter as the page received it (the event's own time) to the first frame
  // that draws a match in view. The bench's poll (below) adds its own round trips through CDP.
  await frame.locator('body').evaluate(() => {
    /** @type {any} */ (window).benchSearch = new Promise((resolve) => {
      const onKey = (/** @type {KeyboardEvent} */ e) => {
        if (e.key !== 'Enter') return;
        window.removeEventListener('keydown', onKey, true);
        const t0 = e.timeStamp;
        const tick = (/** @type {number} */ now) => {
          const m = document.querySelector('li.is-match');
          const r = m?.getBoundingClientRect();
          if (r && r.bottom > 0 && r.top < window.innerHeight) resolve(now - t0);
          else if (now - t0 < 30_000) requestAnimationFrame(tick);
          else resolve(NaN);
        };
        requestAnimationFrame(tick);
      };
      window.addEventListener('keydown', onKey, true);
    });
  });
  const s0 = Date.now();
  await input.press('Enter');
  // A match that is found but never drawn (the list cannot scroll to it) is a figure too, not a
  // hang: the times to the first row and to loaded are kept, and the search says what it counted.
  let search = NaN;
  let searchInPage = NaN;
  let searchNote = '';
  try {
    await frame
      .locator('li.is-match')
      .first()
      .waitFor({ state: 'visible', timeout: Math.min(timeout, SEARCH_TIMEOUT_MS) });
    search = Date.now() - s0;
    searchInPage = await frame
      .locator('body')
      .evaluate(() => /** @type {any} */ (window).benchSearch)
      .catch(() => NaN);
  } catch {
    const counted = await frame
      .locator('.search__count')
      .first()
      .innerText()
      .catch(() => '');
    searchNote = `no match drawn after ${secs(SEARCH_TIMEOUT_MS)}${counted ? ` (the search box says "${counted.trim()}")` : ''}`;
  }
  return {
    firstRow: Number.isNaN(presented) ? firstRow : presented,
    polled: firstRow,
    loaded: Number.isNaN(complete) ? loaded : complete,
    loadedPolled: loaded,
    search: Number.isNaN(searchInPage) ? search : searchInPage,
    searchPolled: search,
    searchNote,
    status,
    elements,
    steps,
  };
}

/** A trace of the renderer's tasks (what a CPU profile calls "(program)" is named there: IPC, messages, paint). */
async function startTrace(cdp) {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      recordMode: 'recordAsMuchAsPossible',
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'toplevel',
        'v8',
        'blink',
        'ipc',
        'mojom',
        'blink.user_timing',
      ],
    },
  });
}

async function stopTrace(cdp, out) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  const fd = fs.openSync(out, 'w');
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    fs.writeSync(fd, base64Encoded ? Buffer.from(data, 'base64') : data);
    if (eof) break;
  }
  fs.closeSync(fd);
  await cdp.send('IO.close', { handle: stream });
}

async function measureOpen(ctx, label, open, query, { opens = 1, timeout = 300_000 } = {}) {
  const { page, pid, cdp } = ctx;
  await closeAllEditors(page);
  await h.sleep(1500);
  const heapBefore = await hostHeap(pid);
  const smapsBefore = smapsSummary(pid);
  const before = rss(pid);
  const runs = [];
  const heaps = [];
  let peak = before;
  for (let i = 0; i < opens; i++) {
    const s = sampler(pid);
    const cpu0 = cpuSeconds(pid);
    const browser0 = browserCpuSeconds(ctx.browserDir);
    const busy0 = await rendererBusy(cdp);
    if (PROFILE && i === 0) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    const hostOut = PROFILE && path.join(PROFILE, `host-${label.replace(/\W+/g, '-')}.cpuprofile`);
    const hostProfile = PROFILE && i === 0 ? await startHostProfile(pid, hostOut) : undefined;
    const tracing = TRACE && i === Math.min(1, opens - 1);
    if (tracing) await startTrace(cdp);
    const t0 = await open();
    const r = await timeOpen(page, t0, query, timeout, ctx.userDataDir);
    if (tracing) {
      fs.mkdirSync(TRACE, { recursive: true });
      const out = path.join(TRACE, `trace-${label.replace(/\W+/g, '-')}.json`);
      await stopTrace(cdp, out);
      say(`Chrome trace of open ${i + 1} (open it in chrome://tracing or Perfetto): ${out}`);
    }
    if (hostProfile && PROFILE) {
      fs.mkdirSync(PROFILE, { recursive: true });
      if (await hostProfile.stop()) say(`CPU profile of the extension host: ${hostOut}`);
    }
    if (PROFILE && i === 0) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(PROFILE, { recursive: true });
      const out = path.join(PROFILE, `renderer-${label.replace(/\W+/g, '-')}.cpuprofile`);
      fs.writeFileSync(out, JSON.stringify(profile));
      say(`CPU profile of the workbench renderer (and the page): ${out}`);
    }
    peak = Math.max(peak, s.stop());
    // Where the time went: the extension host's CPU and the renderer's busy time over the open.
    r.hostCpu = cpuSeconds(pid) - cpu0;
    r.browserCpu = browserCpuSeconds(ctx.browserDir) - browser0;
    r.busy = busySince(busy0, await rendererBusy(cdp));
    r.rendererBusy = r.busy.task;
    runs.push(r);
    heaps.push(await pageHeap(cdp));
    say(
      `${label}, open ${i + 1}: first row ${secs(r.firstRow)}, loaded ${secs(r.loaded)}, search ${Number.isNaN(r.search) ? r.searchNote : secs(r.search)} ("${r.status}"), page heap ${mb(heaps[i])}; host CPU ${r.hostCpu.toFixed(1)} s, browser CPU ${r.browserCpu.toFixed(1)} s, renderer busy ${r.rendererBusy.toFixed(1)} s (script ${r.busy.script.toFixed(1)}, layout ${r.busy.layout.toFixed(1)}, style ${r.busy.style.toFixed(1)}); page elements ${r.elements}`,
    );
    if (process.env.BENCH_STEPS)
      say(
        `  steps: ${Object.entries(r.steps ?? {})
          .sort((a, b) => a[1] - b[1])
          .map(([k, v]) => `${k} ${secs(v)}`)
          .join(', ')}`,
      );
    await h.screenshot(page, `bench-${label.replace(/\W+/g, '-')}-${i + 1}`);
    if (i < opens - 1) await closeAllEditors(page);
  }
  const s = sampler(pid);
  await closeAllEditors(page);
  // What is still held 10 s after the close (V8 gives memory back on its own schedule).
  await h.sleep(10_000);
  peak = Math.max(peak, s.stop());
  const after = rss(pid);
  const snapshot = HEAP_SNAPSHOT && path.join(HEAP_SNAPSHOT, `host-after-${label.replace(/\W+/g, '-')}.heapsnapshot`);
  if (snapshot) fs.mkdirSync(HEAP_SNAPSHOT, { recursive: true });
  const heapAfter = await hostHeap(pid, snapshot);
  const smapsAfter = smapsSummary(pid);
  if (process.env.BENCH_SMAPS)
    fs.writeFileSync(process.env.BENCH_SMAPS, JSON.stringify({ heapBefore, heapAfter, smapsBefore, smaps: smapsAfter }, null, 1));
  if (snapshot && heapAfter) say(`heap snapshot of the extension host after the close: ${snapshot}`);
  return { label, runs, heaps, before, peak, after, heapBefore, heapAfter, rssAfterGc: rss(pid), kept: keptBy(smapsBefore, smapsAfter) };
}

// ---- rows ----------------------------------------------------------------------------------------

/** The median of the figures measured (NaN: none was). */
const median = (v) => {
  const known = v.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return known.length ? known[Math.floor(known.length / 2)] : NaN;
};

function rowsOf(m, n, floorMs) {
  const big = n >= 1_000_000;
  const first = median(m.runs.map((r) => r.firstRow));
  const polled = median(m.runs.map((r) => r.polled));
  const presented = m.runs.every((r) => r.firstRow !== r.polled);
  const loaded = median(m.runs.map((r) => r.loaded));
  const loadedPolled = median(m.runs.map((r) => r.loadedPolled));
  const search = median(m.runs.map((r) => r.search));
  const searchPolled = median(m.runs.map((r) => r.searchPolled));
  // The floor and how many times it the figure is: on a loaded machine the ratio is what compares.
  const floor = (ms) => (floorMs === undefined ? '' : `; floor: JSON.parse ${secs(floorMs)} (${(ms / floorMs).toFixed(1)}×)`);
  const of = m.runs.length > 1 ? ` (median of ${m.runs.length})` : '';
  const rows = [
    {
      what: `${m.label}: command → first row visible`,
      figure: `${secs(first)}${of}${presented ? ` (the frame that showed it, Element Timing; the bench's poll saw it at ${secs(polled)})` : ' (polled: Element Timing not reported)'}${floor(first)}`,
      target: big ? '< 2 s' : n >= 100_000 ? '< 1 s' : '—',
      met: big ? first < 2000 : n >= 100_000 ? first < 1000 : undefined,
    },
    {
      what: `${m.label}: command → all loaded`,
      figure: `${secs(loaded)}${of}${loaded !== loadedPolled ? ` (when the page's state said so; the bench's poll saw it at ${secs(loadedPolled)})` : ' (polled)'}${floor(loaded)}`,
      target: n >= 100_000 && !big ? '< 3 s' : '—',
      met: n >= 100_000 && !big ? loaded < 3000 : undefined,
    },
    {
      what: `${m.label}: where the load's time went`,
      figure: `extension host CPU ${median(m.runs.map((r) => r.hostCpu)).toFixed(1)} s, browser CPU ${median(m.runs.map((r) => r.browserCpu)).toFixed(1)} s, workbench + page busy ${median(m.runs.map((r) => r.rendererBusy)).toFixed(1)} s`,
      target: '—',
    },
    {
      what: `${m.label}: search → first result drawn`,
      figure: Number.isNaN(search)
        ? `not drawn: ${m.runs.find((r) => r.searchNote)?.searchNote}`
        : `${secs(search)}${of}${search !== searchPolled ? ` (the Enter to the frame that draws the match, in the page; the bench's poll saw it at ${secs(searchPolled)})` : ' (polled)'}`,
      target: '< 100 ms',
      met: search < 100,
    },
    {
      what: `${m.label}: extension host RSS`,
      figure: `before ${mb(m.before)}, peak ${mb(m.peak)}, after close ${mb(m.after)} (+${mb(m.after - m.before)}: malloc's main arena +${mb(m.kept.mainArena)}, its thread arenas +${mb(m.kept.threadArenas)}, the rest +${mb(m.kept.rest)})`,
      target: '≤ +50 MB after',
      met: m.after - m.before <= 50e6,
    },
  ];
  // The bench's browser profile is new: its first webview installs VS Code's webview service
  // worker and waits for it to take control before the page can load (pre/index.html). A person's
  // browser or VS Code has done that once, on its first webview (and after each VS Code update).
  const sw = m.runs[0]?.steps;
  if (m.firstWebview && sw?.['frame:outer'] !== undefined && sw['frame:inner'] !== undefined) {
    const gap = (st) => st?.['frame:inner'] - st?.['frame:outer'];
    const later = median(m.runs.slice(1).map((r) => gap(r.steps)));
    rows.push({
      what: `${m.label}: the browser profile's first webview (open 1)`,
      figure: `first row ${secs(m.runs[0].firstRow)}, all loaded ${secs(m.runs[0].loaded)}: VS Code's webview service worker installed in ${secs(gap(sw))} (later opens: ${secs(later)}), once per browser profile and VS Code version`,
      target: '—',
    });
  }
  if (m.heapBefore && m.heapAfter)
    rows.push({
      what: `${m.label}: extension host heap (after forced GC)`,
      figure: `before ${mb(m.heapBefore.heapUsed)}, after close ${mb(m.heapAfter.heapUsed)} (+${mb(m.heapAfter.heapUsed - m.heapBefore.heapUsed)}); external + array buffers ${mb(m.heapBefore.external)} → ${mb(m.heapAfter.external)}; RSS after the GC ${mb(m.rssAfterGc)}`,
      target: '≤ +50 MB after',
      met: m.heapAfter.heapUsed + m.heapAfter.external - m.heapBefore.heapUsed - m.heapBefore.external <= 50e6,
    });
  rows.push(...stepRows(m, first, big ? 2000 : n >= 100_000 ? 1000 : undefined));
  rows.push(
    ...stepRows(m, loaded, n >= 100_000 && !big ? 3000 : undefined, LOAD_STEPS, ['bench:loaded', 'bench: all loaded (polled)'], first),
  );
  if (m.heaps.length > 1) {
    const grew = m.heaps[m.heaps.length - 1] - m.heaps[0];
    rows.push({
      what: `${m.label}: page JS heap after each open`,
      figure: m.heaps.map(mb).join(' → '),
      target: 'third ≈ first',
      met: grew < 20e6,
    });
  }
  return rows;
}

/**
 * The path to the first row (or from it to all loaded), step by step, in the order they happened:
 * each step's median time since the Enter and what it added to the step before, beside the total
 * and its target.
 */
function stepRows(
  m,
  first,
  target,
  list = [...STEPS, ['page:first-row-presented', 'page: first row on screen (Element Timing)']],
  last = ['bench:first-row', 'bench: first row visible (polled)'],
  from = 0,
) {
  const names = [...list, last];
  const steps = names
    .map(([k, what]) => ({ k, what, at: median(m.runs.map((r) => r.steps?.[k] ?? NaN)) }))
    .filter((s) => !Number.isNaN(s.at))
    // In the order they happened: the host reads the file while the page boots.
    .sort((a, b) => a.at - b.at);
  let prev = from;
  return steps.map((s) => {
    const row = {
      what: `${m.label}:   ${s.what}`,
      figure: `at ${secs(s.at)} (+${secs(Math.max(0, s.at - prev))})`,
      target: s.k === last[0] && target ? `< ${secs(target)} total` : `of ${secs(first)} total`,
    };
    prev = Math.max(prev, s.at);
    return row;
  });
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  const rows = [];
  if (!h.isInstalled()) {
    rows.push({ what: 'real VS Code figures', figure: `not measured: code-server is not installed under ${h.CS_ROOT}`, target: '—' });
    return rows;
  }
  const files = SIZES.map((n) => {
    say(`session file of ${count(n)} events…`);
    const file = fileFor(n);
    const bytes = fs.statSync(file).size;
    const floor = parseFloor(file);
    say(`  ${path.relative(h.REPO, file)}: ${mb(bytes)}, JSON.parse ${secs(floor)}`);
    return { n, file, bytes, floor };
  });

  const tmp = h.tempDir('asi-bench-');
  const profile = h.prepareProfile(tmp);
  let server;
  let browser;
  let sim;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    if (sim) await sim.close().catch(() => {});
  };
  h.onShutdown(cleanup);
  try {
    h.installVsix(profile, process.env.BENCH_VSIX || h.VSIX);
    server = await h.startCodeServer(profile, { smokeTestDriver: false });
    say(`code-server up on port ${server.port}`);
    let page;
    const browserDir = path.join(tmp, 'chromium');
    ({ context: browser, page } = await h.launchBrowser(browserDir, { viewport: { width: 1440, height: 900 } }));
    await page.goto(server.url(h.prepareWorkspace()));
    await h.waitForWorkbench(page);
    // Activate the extension (the sidebar), so its start-up is not counted in the first open.
    await page.locator('.activitybar [aria-label^="Agent Inspector"]').first().click();
    await h.treeRow(page, 'Demo Sessions').waitFor({ timeout: 30000 });
    const pid = extensionHostPid(server);
    if (!pid) throw new Error('could not find the extension host process');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const ctx = { page, pid, cdp, browserDir, userDataDir: profile.userDataDir };
    /** Sizes measured so far: the first one's first open is the browser profile's first webview. */
    let opened = 0;

    for (const f of files) {
      const label = `file, ${count(f.n)} events (${mb(f.bytes)})`;
      try {
        const big = f.n >= 1_000_000;
        const m = await measureOpen(ctx, label, () => openFileByDialog(page, f.file), big ? 'needle' : 'enoent', {
          opens: big ? 1 : OPENS,
          timeout: big ? 600_000 : 300_000,
        });
        m.firstWebview = !opened++;
        rows.push(...rowsOf(m, f.n, f.floor));
      } catch (e) {
        say(`${label} failed: ${e.message.split('\n')[0]}`);
        await h.screenshot(page, `bench-failure-${f.n}`).catch(() => {});
        rows.push({ what: label, figure: `not measured: ${e.message.split('\n')[0]}`, target: '—' });
      }
    }

    if (!process.env.BENCH_NO_SIM) {
      const label = `Piper simulator, ${count(SIM_EVENTS)} events`;
      try {
        const { startSimulator, catalog } = tsx.require('../test/simulator/server.ts', __filename);
        sim = await startSimulator({ token: 'pat_bench_local_only', piperBigSessionRuns: SIM_EVENTS / 20 });
        const cat = catalog(sim);
        const conn = cat.connections.find((c) => c.kind === 'piper');
        const agent = cat.piper.agents.find((a) => a.id === cat.piper.sessions.agentId);
        const sessionId = cat.piper.sessions.thousandsOfEvents;
        await closeAllEditors(page);
        await h.addConnectionByWizard(page, {
          kind: 'piper',
          baseUrl: conn.baseUrl,
          orgId: conn.orgId,
          token: conn.token,
          label: 'Piper (bench)',
        });
        await h.revealedExpanded(page, 'Piper (bench)');
        await h.treeRow(page, 'No agents yet — add one by id').click();
        await h.answerInput(page, 'Add Agent to Piper (bench)', agent.id);
        await h.answerInput(page, 'Add Agent to Piper (bench)', agent.label);
        await h.expandRow(page, agent.label);
        await h.treeRow(page, 'No sessions yet').click();
        await h.answerInput(page, `Add Session to ${agent.label}`, sessionId);
        const row = h.treeRow(page, `Session ${sessionId.slice(0, 8)}`);
        await row.waitFor({ timeout: 15000 });
        // Size of the response the provider reads, for the floor.
        const wire = await fetch(`${conn.baseUrl}/v1/orgs/${conn.orgId}/responses/sessions/${sessionId}/events`, {
          headers: { authorization: `Bearer ${conn.token}` },
        })
          .then((r) => r.text())
          .catch(() => '');
        let floor;
        if (wire.length > 1000) {
          const t = performance.now();
          JSON.parse(wire);
          floor = performance.now() - t;
        }
        const m = await measureOpen(
          ctx,
          `${label}${wire.length > 1000 ? ` (${mb(wire.length)})` : ''}`,
          async () => {
            const t0 = Date.now();
            // The tree's row for this session, as a person clicks it (the title may change once loaded).
            await h.treeRow(page, new RegExp(`Session ${sessionId.slice(0, 8)}|Step 1: continue the analysis`)).click();
            return t0;
          },
          'result 4999.7',
          { opens: OPENS },
        );
        m.firstWebview = !opened++;
        rows.push(...rowsOf(m, SIM_EVENTS, floor));
      } catch (e) {
        say(`${label} failed: ${e.message.split('\n')[0]}`);
        await h.screenshot(page, 'bench-failure-sim').catch(() => {});
        rows.push({ what: label, figure: `not measured: ${e.message.split('\n')[0]}`, target: '—' });
      }
    }
  } catch (e) {
    rows.push({ what: 'real VS Code figures', figure: `not measured: ${e.message.split('\n')[0]}`, target: '—' });
  } finally {
    await cleanup();
    if (process.env.BENCH_KEEP) say(`kept the profile: ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

function print(rows) {
  const width = Math.max(...rows.map((r) => r.what.length));
  const fwidth = Math.max(...rows.map((r) => r.figure.length));
  console.log('\nAgent Session Inspector — bench in the real VS Code (code-server 4.139.1)\n');
  for (const r of rows) {
    const verdict = r.met === undefined ? '' : r.met ? '✔ met' : '✘ NOT met';
    console.log(`${r.what.padEnd(width)}  ${r.figure.padEnd(fwidth)}  target ${r.target.padEnd(16)} ${verdict}`);
  }
}

main()
  .then((rows) => (asJson ? writeOut(JSON.stringify(rows)) : print(rows)))
  .catch((e) => console.error(e))
  // A bench never fails the build; exit explicitly (tsx's compiler service would keep us alive).
  .finally(() => process.exit(0));
