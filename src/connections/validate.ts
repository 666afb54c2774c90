// Validation for the Add Connection wizard and for connections declared in settings. Pure (no
// `vscode`), so the same rules run while typing, on settings load, and in unit tests.

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
  if (url.username || url.password) return 'Do not put credentials in the URL: the token is asked for separately and kept in secret storage';
  if (url.search || url.hash) return 'Leave out the query string and fragment';
  return undefined;
}

export function validateUuid(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the organisation id (a UUID)';
  return UUID.test(v) ? undefined : 'An organisation id looks like 3c90c3cc-0d44-4b50-8888-8dd25736052a';
}

export function validateToken(value: string, kind: string): string | undefined {
  const v = value.trim();
  if (!v) return 'The token cannot be empty';
  if (/^bearer\s/i.test(v)) return 'Paste the token without the "Bearer " prefix';
  if (/\s/.test(v)) return 'A token has no spaces or line breaks';
  void kind;
  return undefined;
}

/** Non-blocking hints (shown as information, not errors). */
export function tokenHint(value: string, kind: string): string | undefined {
  if (kind === 'piper' && value.trim() && !value.trim().startsWith('pat_')) return 'Piper platform tokens usually start with pat_';
  return undefined;
}

export function validateLabel(value: string): string | undefined {
  return value.trim() ? undefined : 'Give the connection a name';
}

/** A trailing slash would double up when paths are appended. */
export function normaliseBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

export function validateAgentId(value: string, kind: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the agent id';
  if (kind === 'piper') return validateUuid(v) ? 'A Piper agent id is a UUID' : undefined;
  if (kind === 'foundry' && !v.startsWith('ri.')) return 'A Foundry agent RID starts with ri. (e.g. ri.aip-agents..agent.…)';
  return undefined;
}
