// The extension's own session file ("Export Session as JSON"), read back by "Open Session File…"
// (src/providers/detect.ts): the normalised Session as it is, raw payloads included, so opening
// an export gives the same session.
import { EXPORT_FORMAT, type Session, type SessionExport } from './schema';

export function exportSession(session: Session, exportedAt: string = new Date().toISOString()): string {
  const doc: SessionExport = { format: EXPORT_FORMAT, exportedAt, session };
  return JSON.stringify(doc, null, 2);
}
