// How numbers, money, durations and times read in the inspector. Unknown is "—", never 0: a
// missing figure means the provider did not say, and showing 0 would be a claim.
export const UNKNOWN = '—';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatCount(n: number | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return UNKNOWN;
  // Beyond any real count (a payload's 1.8e308): a power of ten, not a line of 300 digits.
  return Math.abs(n) >= 1e15 ? n.toExponential(2) : integer.format(n);
}

// Made once: toLocaleString with options builds a formatter on every call (a header of 5,000
// runs spent most of its time there).
const cents = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fourDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 4, maximumFractionDigits: 4 });

/** US dollars: cents for amounts of a dollar and up, four decimals below (token costs are small). */
export function formatCost(usd: number | undefined): string {
  if (typeof usd !== 'number' || !Number.isFinite(usd)) return UNKNOWN;
  return `$${(Math.abs(usd) >= 1 || usd === 0 ? cents : fourDecimals).format(usd)}`;
}

export function formatDuration(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return UNKNOWN;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m ${String(s).padStart(2, '0')} s`;
}

// Made at first use, then kept: toLocaleTimeString with options builds a formatter on every call
// (the first screen's rows spent ~100 ms there in bench:vscode), and made at load they would
// delay the page's boot for formatters a failed load never uses.
let dateTime: Intl.DateTimeFormat | undefined;
let timeOfDay: Intl.DateTimeFormat | undefined;

/** A calendar date and time in the viewer's locale; the ISO text as given when unreadable. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return UNKNOWN;
  const ms = Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) return iso;
  dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return dateTime.format(ms);
}

/** Time of day with milliseconds, for events within a session. */
export function formatTimeOfDay(timeMs: number | undefined, iso: string | undefined): string {
  const ms = timeMs ?? (iso ? Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')) : NaN);
  if (!Number.isFinite(ms)) return iso ?? UNKNOWN;
  const d = new Date(ms);
  timeOfDay ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const hms = timeOfDay.format(d);
  return `${hms}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function formatBytes(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
