// "Open Session File…" on a large file: whether it is a Piper session to be read in slices
// (fileSlices.ts), and its errors worded as the whole read words them (detect.ts).
import { fileKind, fileShapeError, jsonScanError } from '../detect';
import { JsonScanError } from '../jsonScan';
import { ResponseShapeError } from '../mapping';
import type { SlicedSession } from '../types';
import { fileTitle } from './file';
import { piperLayout, piperSkeleton, piperSlicedSession, type PiperLayout } from './fileSlices';

/** The layout of a file when it is a Piper session (the readers' sniffing, on its skeleton, says so); undefined: read it whole. */
export function piperFileInSlices(buf: Buffer): SlicedSession | undefined {
  let layout: PiperLayout | undefined;
  try {
    layout = piperLayout(buf);
  } catch (e) {
    throw asFileError(buf, e);
  }
  if (!layout) return undefined;
  if (fileKind(piperSkeleton(buf, layout)) !== 'piper') return undefined;
  return piperSlicedSession(buf, layout, { title: fileTitle(layout.top) });
}

/** An error of the sliced read, as "the file is not valid JSON (… at line, column)" or "the file looks like a Piper session, but …". */
export function asFileError(buf: Uint8Array, e: unknown): unknown {
  if (e instanceof ResponseShapeError) return fileShapeError('piper', e);
  if (e instanceof JsonScanError) return jsonScanError(buf, e);
  return e;
}
