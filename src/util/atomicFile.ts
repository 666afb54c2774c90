// Replacing a file on disk so that it is either the old content or the new, never half of each,
// and so that replacing it changes nothing else about it (issue 11, finding 9):
// - the content goes to a sibling temporary file first, which is removed if anything fails —
//   the write itself included — so a failed export leaves no partial file behind;
// - a symbolic link is followed: the file it points to is replaced and the link stays a link;
// - the replaced file keeps its permissions (a private 0600 export does not become 0644).
// Plain Node (no `vscode`) so the unit tests drive it, failures included.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** The file-system calls used, so a test can make one of them fail. */
export interface AtomicFs {
  writeFile(file: string, data: Uint8Array, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const NODE_FS: AtomicFs = {
  writeFile: (file, data, options) => fsp.writeFile(file, data, options),
  rename: (from, to) => fsp.rename(from, to),
};

export async function replaceFileAtomically(target: string, content: Uint8Array, io: AtomicFs = NODE_FS): Promise<void> {
  // The real file behind any links; a target that does not exist yet is written where it was named.
  const real = await fsp.realpath(target).catch(() => target);
  const mode = await fsp.stat(real).then(
    (s) => s.mode & 0o7777,
    () => 0o666,
  );
  const temp = path.join(
    path.dirname(real),
    `.${path.basename(real)}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`,
  );
  try {
    // `wx`: never follow or reuse something already at the temporary name.
    await io.writeFile(temp, content, { mode, flag: 'wx' });
    // writeFile's mode is masked by the umask; the old file's permissions are meant exactly.
    await fsp.chmod(temp, mode).catch(() => undefined);
    await io.rename(temp, real);
  } catch (e) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
