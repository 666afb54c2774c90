// A large Piper session file is read in slices and kept as byte ranges, not as events: "Show raw
// JSON" of an event deep in it shows exactly the file's bytes for that event, read again from the
// file; once the file changed, it says so instead of showing something else. Export reads the
// whole file again and gives the whole session.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { generateSession } from '../../../src/providers/demo/generate';
import { piperWire } from '../../../bench/normalise';
import { closeAllEditors, testingApi, waitFor, type TestingApi } from './helpers';

const LOAD_WAIT_MS = 120_000;

describe('A large session file, read in slices', function () {
  this.timeout(240_000);
  let api: TestingApi;
  let dir: string;
  let file: string;
  let text: string;

  before(async () => {
    api = await testingApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sliced-'));
    file = path.join(dir, 'large-piper.json');
    text = piperWire(generateSession({ events: 6_000, seed: 11 }));
    assert.ok(Buffer.byteLength(text) >= 2_000_000, `the file is ${Buffer.byteLength(text)} bytes: too small to be read in slices`);
    fs.writeFileSync(file, text);
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("raw JSON of an event is the file's bytes for it, and a changed file is refused with a message saying so", async () => {
    const uri = vscode.Uri.file(file);
    const key = `file:${uri.toString()}`;
    const logged = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionFile', uri);
    const panel = await waitFor(
      () => {
        const p = api.inspector(key);
        return p?.info && (p.info.totals.events ?? 0) > 0 ? p : undefined;
      },
      LOAD_WAIT_MS,
      `the inspector of ${file} loaded (log: ${JSON.stringify(api.logLines().slice(logged))})`,
    );
    assert.strictEqual(api.inspected(key), undefined, 'the sliced file session is kept whole in memory');
    assert.ok(
      api
        .logLines()
        .slice(logged)
        .some((l) => l.includes('in slices')),
      'the file was not read in slices',
    );
    const wire = JSON.parse(text) as { runs: Array<{ events: Array<{ id: string }> }> };
    const all = wire.runs.flatMap((r) => r.events);
    assert.strictEqual(panel.info!.totals.events, all.length, 'the header counts every event of the file');
    const event = all[Math.floor(all.length * 0.8)]!;
    const bytes = JSON.stringify(event);
    assert.ok(text.includes(bytes), "the event's bytes are in the file as written");

    await panel.handleMessage({ type: 'showRaw', eventId: event.id });
    const shown = await waitFor(
      () =>
        vscode.window.visibleTextEditors.find(
          (e) => e.document.uri.scheme === 'agent-inspector-raw' && e.document.uri.path.includes(event.id),
        ),
      10_000,
      `a raw JSON editor for ${event.id}`,
    );
    assert.strictEqual(
      JSON.stringify(JSON.parse(shown.document.getText())),
      bytes,
      "the raw JSON shown is not the file's bytes for the event",
    );

    // The file changes (one more byte): its events are not read from the wrong places.
    fs.appendFileSync(file, ' ');
    const before = api.logLines().length;
    await panel.handleMessage({ type: 'showRaw', eventId: all[1]!.id });
    const said = await waitFor(
      () =>
        api
          .logLines()
          .slice(before)
          .find((l) => l.includes('changed since it was opened')),
      10_000,
      `a refusal that says the file changed (log: ${JSON.stringify(api.logLines().slice(before))})`,
    );
    assert.match(said, /large-piper\.json/, 'the refusal names the file');
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.path.includes(all[1]!.id)),
      'raw JSON was shown from a file that changed',
    );
  });

  it('holds no handle on the file once it is loaded, nor after its panel is closed while loading', async function () {
    if (!fs.existsSync('/proc/self/fd')) this.skip();
    const openOn = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === other;
        } catch {
          return false;
        }
      });
    const other = path.join(dir, 'closed-while-loading.json');
    fs.writeFileSync(other, text);
    const uri = vscode.Uri.file(other);
    const key = `file:${uri.toString()}`;
    await vscode.commands.executeCommand('agentInspector.openSessionFile', uri);
    await waitFor(() => ((api.inspector(key)?.info?.totals.events ?? 0) > 0 ? true : undefined), LOAD_WAIT_MS, 'the file loaded');
    assert.deepStrictEqual(openOn(), [], 'a handle on the file is still open after it loaded');
    await closeAllEditors();
    // Opened and closed at once: the read in progress stops and lets go of the file.
    await vscode.commands.executeCommand('agentInspector.openSessionFile', uri);
    await closeAllEditors();
    await waitFor(() => (openOn().length === 0 ? true : undefined), 10_000, 'the handle let go after the panel closed');
  });
});
