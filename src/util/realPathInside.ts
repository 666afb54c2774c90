// Whether a file really lives inside one of the given folders once symbolic links are resolved:
// `notes/link.txt` inside the workspace may point at `~/.ssh/id_rsa`, and a file link must not
// open that (issue 11, finding 10). Plain Node, so the unit tests build the links on disk.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export async function realPathInside(file: string, folders: readonly string[]): Promise<boolean> {
  let real: string;
  try {
    real = await fsp.realpath(file);
  } catch {
    return false;
  }
  for (const folder of folders) {
    const root = await fsp.realpath(folder).catch(() => undefined);
    if (!root) continue;
    const rel = path.relative(root, real);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return true;
  }
  return false;
}
