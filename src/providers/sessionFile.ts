// What a provider contributes to "Open Session File…" (detect.ts): how to recognise its own
// saved JSON and read it into a Session. Each provider's reader lives in its folder
// (`<name>/file.ts`) and is named by its descriptor.
import type { Session } from '../model';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface FileMatch {
  /** The file wraps the session (`{ session, … }`): field paths inside it get a `session.` prefix. */
  wrapped: boolean;
  /** Runs the mapping (its shape errors are reworded for a file). */
  map: () => Session;
}

/** Thrown by `read` for a file that is this format but broken: "the file looks like X, but …". */
export class FileShapeProblem extends Error {
  constructor(
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${fieldPath}: ${problem}`);
    this.name = 'FileShapeProblem';
  }
}

export interface SessionFileReader {
  /** How messages name the format: "a Piper session". */
  readonly name: string;
  /** What "not a session file" says this format holds: "a Piper session-events response (runs[])". */
  readonly expected: string;
  /** Readers are tried in ascending order: one whose files another could mistake for its own goes first. */
  readonly order: number;
  /** The mapping when `json` is this format, undefined when it is not. */
  read(json: Obj): FileMatch | undefined;
}
