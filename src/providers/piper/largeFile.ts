// "Open Session File…" on a large file: whether it is a Piper session to be read in slices
// (fileSlices.ts), and its errors worded as the whole read words them (detect.ts).
import { fileKind, fileShapeError, jsonScanError } from '../detect';
import { JsonScanError } from '../jsonScan';
import { ResponseShapeError } from '../mapping';
import type { SlicedSession } from '../types';
import { fileTitle } from './file';
import { piperSkeleton, piperSlicedSession } from './fileSlices';
import { PiperLayoutScan, type ArrivingBytes } from './layoutScan';

/**
 * The file as a sliced Piper session, once its first run is scanned (the readers' sniffing, on
 * the fields before its runs and its first run, says it is Piper's); undefined: read it whole.
 * The rest of its layout is scanned as its slices are taken.
 */
export async function piperFileInSlices(bytes: ArrivingBytes): Promise<SlicedSession | undefined> {
  const layout = new PiperLayoutScan(bytes);
  try {
    while (!layout.finished && !layout.runTexts.length) if (!layout.step()) await bytes.more();
  } catch (e) {
    throw asFileError(bytes.buf, e);
  }
  if (layout.notPiper) return undefined;
  const skeleton = piperSkeleton(bytes.buf, layout);
  if (fileKind(skeleton) !== 'piper') return undefined;
  return piperSlicedSession(bytes, layout, { title: fileTitle(skeleton) });
}

/** An error of the sliced read, as "the file is not valid JSON (… at line, column)" or "the file looks like a Piper session, but …". */
export function asFileError(buf: Uint8Array, e: unknown): unknown {
  if (e instanceof ResponseShapeError) return fileShapeError('piper', e);
  if (e instanceof JsonScanError) return jsonScanError(buf, e);
  return e;
}
