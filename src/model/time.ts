// Provider times come as ISO strings with up to nanoseconds (Foundry), ISO without a zone (Agno's
// summaries) or epoch seconds (Agno's runs). These helpers turn them into one ISO form and a
// millisecond number, without throwing on anything odd.

/** Epoch seconds or milliseconds, or an ISO string → ISO string; undefined when unreadable. */
export function toIso(value: unknown): string | undefined {
  const ms = toMillis(value);
  if (ms === undefined) return undefined;
  // Keep sub-millisecond digits as given, but only when the string says its zone.
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)$/i.test(value.trim())) return value.trim();
  return new Date(ms).toISOString();
}

/** The largest distance from the epoch a JavaScript Date can hold (beyond it, toISOString throws). */
const MAX_DATE_MS = 8.64e15;

export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Heuristic: values below 10^11 are seconds (10^11 ms is 1973, 10^11 s is year 5138).
    const ms = value < 1e11 ? value * 1000 : value;
    return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
  }
  if (typeof value === 'string' && value.trim()) {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return toMillis(Number(value));
    // Only ISO-like dates: Date.parse guesses wildly at anything else ("-5" is a date in 2001).
    if (!/^\d{4}-\d\d-\d\d/.test(value.trim())) return undefined;
    // Date.parse cannot read more than 3 fractional digits in every engine: trim them. Python's
    // str(datetime) separates date and time with a space.
    let s = value
      .trim()
      .replace(/^(\d{4}-\d\d-\d\d) /, '$1T')
      .replace(/(\.\d{3})\d+/, '$1');
    // An ISO time without a zone is UTC on these APIs.
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) s += 'Z';
    const ms = Date.parse(s);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}
