// Wall-clock marks of one panel's way through its first load (created, page HTML set, the page said
// `ready`, then what the panel adds: header and first events posted and delivered, the last events
// posted and delivered), written as one log line: `npm run bench:vscode` reads it beside the page's
// own marks (webview/bootMarks.ts) to say where the time from the command to the first row, and to
// all loaded, goes. Date.now(), not performance.now():
// the bench compares them with its own clock and the page's, in other processes on the machine.
export class Timeline {
  private readonly marks: Array<[name: string, at: number]> = [];
  private written = false;

  constructor(readonly start = Date.now()) {}

  /** Marks `name` now, the first time only. */
  mark(name: string): void {
    if (!this.marks.some(([n]) => n === name)) this.marks.push([name, Date.now()]);
  }

  /**
   * The marks as one line, once: "at <ISO start>: created +0 ms, html +3 ms, ready +812 ms, …"
   * (undefined after the first call: a panel's later loads are not its first).
   */
  take(): string | undefined {
    if (this.written) return undefined;
    this.written = true;
    const steps = this.marks.map(([name, at]) => `${name} +${at - this.start} ms`).join(', ');
    return `at ${new Date(this.start).toISOString()}: ${steps}`;
  }
}
