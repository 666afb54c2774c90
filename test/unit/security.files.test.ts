// Issue 11, findings 9 and 10, on a real disk in a temporary folder: an export replaces the file a
// link points to (the link stays, the permissions stay) and a failed one leaves nothing behind;
// a file link never resolves, through a symbolic link, to a file outside the workspace.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { replaceFileAtomically, type AtomicFs } from '../../src/util/atomicFile';
import { realPathInside } from '../../src/util/realPathInside';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('files on disk (issue 11, findings 9 and 10)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-files-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const entries = (dir: string) => fs.readdirSync(dir).sort();

  it('an export over a symbolic link replaces the file it points to, keeps the link and the permissions', async () => {
    fs.mkdirSync(path.join(root, 'real'));
    const real = path.join(root, 'real', 'session.md');
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o600);
    const link = path.join(root, 'session.md');
    fs.symlinkSync(real, link);
    await replaceFileAtomically(link, bytes('new'));
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link became a regular file');
    assert.equal(fs.readFileSync(real, 'utf8'), 'new');
    assert.equal(fs.statSync(real).mode & 0o777, 0o600, 'the permissions changed');
    assert.deepEqual(entries(path.join(root, 'real')), ['session.md'], 'a temporary file was left');
  });

  it('a write that fails halfway leaves the old file as it was and no temporary file', async () => {
    const target = path.join(root, 'out.json');
    fs.writeFileSync(target, 'old');
    const failing: AtomicFs = {
      async writeFile(file, data, options) {
        fs.writeFileSync(file, data.subarray(0, 3), { mode: options.mode, flag: options.flag });
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      rename: (a, b) => fs.promises.rename(a, b),
    };
    await assert.rejects(replaceFileAtomically(target, bytes('new content'), failing), /ENOSPC/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(entries(root), ['out.json']);
  });

  it('a rename that fails leaves no temporary file either, and a new file is created where named', async () => {
    const target = path.join(root, 'new.md');
    await assert.rejects(
      replaceFileAtomically(target, bytes('x'), {
        writeFile: (f, d, o) => fs.promises.writeFile(f, d, o),
        rename: async () => {
          throw new Error('EXDEV');
        },
      }),
      /EXDEV/,
    );
    assert.deepEqual(entries(root), []);
    await replaceFileAtomically(target, bytes('x'));
    assert.equal(fs.readFileSync(target, 'utf8'), 'x');
    assert.deepEqual(entries(root), ['new.md']);
  });

  it('a file link through a symbolic link out of the workspace does not resolve; one that stays inside does', async () => {
    const workspace = path.join(root, 'ws');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'id_rsa'), 'secret');
    fs.writeFileSync(path.join(workspace, 'src', 'a.ts'), 'ok');
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(workspace, 'key.txt'));
    fs.symlinkSync(outside, path.join(workspace, 'elsewhere'));
    fs.symlinkSync(path.join(workspace, 'src', 'a.ts'), path.join(workspace, 'alias.ts'));
    assert.equal(await realPathInside(path.join(workspace, 'key.txt'), [workspace]), false);
    assert.equal(await realPathInside(path.join(workspace, 'elsewhere', 'id_rsa'), [workspace]), false);
    assert.equal(await realPathInside(path.join(workspace, 'src', 'a.ts'), [workspace]), true);
    assert.equal(await realPathInside(path.join(workspace, 'alias.ts'), [workspace]), true);
    assert.equal(await realPathInside(path.join(workspace, 'missing.ts'), [workspace]), false);
    // A workspace opened through a link of its own still counts as itself.
    fs.symlinkSync(workspace, path.join(root, 'ws-link'));
    assert.equal(await realPathInside(path.join(root, 'ws-link', 'src', 'a.ts'), [path.join(root, 'ws-link')]), true);
  });
});
