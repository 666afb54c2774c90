// What the Marketplace and the Welcome page read from the manifest: a 128×128 PNG icon made from
// its SVG source, the gallery banner and links, and a walkthrough whose media ship in the .vsix
// and whose buttons and completion events name commands the extension contributes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');

describe('Marketplace manifest', () => {
  it('has a 128×128 PNG icon, rendered from media/icon-marketplace.svg by scripts/icon.js', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const png = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.deepStrictEqual([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(fs.existsSync(path.join(ROOT, 'media', 'icon-marketplace.svg')));
    assert.match(shipped, /^!media\/\*\*$/m, 'media/ ships in the .vsix');
  });

  it('has a gallery banner, a homepage and a bug tracker beside the repository', () => {
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    for (const url of [manifest.homepage, manifest.bugs.url, manifest.repository.url]) assert.match(url, /^https:\/\//);
  });

  it('has a Get Started walkthrough whose steps link to real commands and show shipped media', () => {
    const [walk] = manifest.contributes.walkthroughs;
    assert.ok(walk, 'a walkthrough');
    const ids = walk.steps.map((s: { id: string }) => s.id);
    assert.deepStrictEqual(ids, ['openDemo', 'addConnection', 'openSessionFile', 'chat']);
    for (const step of walk.steps) {
      const description = nls[step.description.replace(/^%|%$/g, '')];
      assert.ok(description, `${step.id}: its description is in package.nls.json`);
      const linked = [...description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.equal(linked.length, 1, `${step.id}: one button`);
      for (const c of [...linked, ...step.completionEvents.map((e: string) => e.replace(/^onCommand:/, ''))])
        assert.ok(commands.has(c), `${step.id}: ${c} is a contributed command`);
      assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown} exists`);
      assert.ok(step.media.markdown.startsWith('media/'), `${step.id}: its media ship in the .vsix`);
    }
  });
});
