// The field rules every kind of connection shares (its URL, a token, a name), and the UUID rule
// Piper's descriptor uses. Pure (no `vscode`), so the same rules run while typing, on settings
// load, and in unit tests. What is particular to one platform lives in its descriptor.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns a message saying what is wrong, or undefined when the value is fine. */
export function validateUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the base URL, e.g. https://api.example.com';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'Not a URL: it should start with https:// (or http:// for a server on this machine)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only http:// and https:// URLs are supported';
  if (url.username || url.password)
    return 'Do not put credentials in the URL: the token is asked for separately and kept in secret storage';
  if (url.search || url.hash) return 'Leave out the query string and fragment';
  return undefined;
}

export function validateUuid(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the organisation id (a UUID)';
  return UUID.test(v) ? undefined : 'An organisation id looks like 3c90c3cc-0d44-4b50-8888-8dd25736052a';
}

export function validateToken(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'The token cannot be empty';
  if (/^bearer\s/i.test(v)) return 'Paste the token without the "Bearer " prefix';
  if (/\s/.test(v)) return 'A token has no spaces or line breaks';
  return undefined;
}

export function validateLabel(value: string): string | undefined {
  return value.trim() ? undefined : 'Give the connection a name';
}

/** A trailing slash would double up when paths are appended. */
export function normaliseBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}
