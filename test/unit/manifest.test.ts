// Everything a translation needs: package.json's user-facing strings live in package.nls.json
// (every %key% must resolve, every entry must be used, and no user-facing field may slip back to
// plain English), and l10n/bundle.l10n.json holds every vscode.l10n.t string of src/ as
// `npm run l10n` exports them now, so a translator never works from a stale list.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));

/** Fields VS Code shows to people, wherever they sit in the manifest. */
const SHOWN = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'shortTitle',
  'category',
  'name',
  'contextualTitle',
  'contents',
  'fullName',
  'enumDescriptions',
  'markdownEnumDescriptions',
]);

function shownStrings(node: unknown, where: string, out: Array<{ where: string; value: string }>): void {
  if (Array.isArray(node)) node.forEach((v, i) => shownStrings(v, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      const at = where ? `${where}.${k}` : k;
      if (SHOWN.has(k) && typeof v === 'string') out.push({ where: at, value: v });
      else if (SHOWN.has(k) && Array.isArray(v)) v.forEach((s, i) => typeof s === 'string' && out.push({ where: `${at}[${i}]`, value: s }));
      else shownStrings(v, at, out);
    }
  }
}

describe('manifest localisation (package.nls.json)', () => {
  const shown: Array<{ where: string; value: string }> = [];
  shownStrings(
    {
      displayName: manifest.displayName,
      description: manifest.description,
      capabilities: manifest.capabilities,
      contributes: manifest.contributes,
    },
    '',
    shown,
  );
  // The chat participant's name and its commands' names are what people type (@agent /pick): identifiers, not text.
  const exempt = (where: string) => /chatParticipants\[\d+\]\.(name|commands\[\d+\]\.name)$/.test(where);

  it('every user-facing string of the manifest is a %key%', () => {
    const plain = shown.filter((s) => !exempt(s.where) && !/^%[^%]+%$/.test(s.value));
    assert.deepStrictEqual(plain, []);
  });

  it('every %key% has its English text, and every text is used', () => {
    const used = new Set(shown.map((s) => /^%([^%]+)%$/.exec(s.value)?.[1]).filter((k): k is string => !!k));
    assert.deepStrictEqual(
      [...used].filter((k) => typeof nls[k] !== 'string' || !nls[k].trim()),
      [],
      'keys without text',
    );
    assert.deepStrictEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'texts no field uses',
    );
  });

  it('ships with the extension', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!package.nls.json'), '.vscodeignore must let package.nls.json into the .vsix');
  });
});

describe('code strings for translation (l10n/bundle.l10n.json)', () => {
  it('lists exactly the vscode.l10n.t strings of src/ (run `npm run l10n` after changing one)', function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-l10n-'));
    try {
      execFileSync(process.execPath, [require.resolve('@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', out, path.join(ROOT, 'src')], {
        stdio: 'pipe',
      });
      const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
      const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));
      assert.ok(Object.keys(fresh).length > 50, 'the export found the strings');
      assert.deepStrictEqual(committed, fresh);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
