// What a connection's kind changes in the Sessions tree, read from its provider descriptor: the
// icon, the name, and the context values the menus in package.json match. Pure (no `vscode`) so
// the unit tests check it, and check package.json's `when` clauses against it.
import type { Connection } from '../../model';
import { can, descriptorOf } from '../../providers/registry';

/**
 * Flags after the kind and origin say what the menus may offer, so a `when` clause tests a
 * capability (`viewItem =~ /^connection\b.*\+token\b/`) instead of listing kinds:
 * `+token` Set Token…, `+remove` Remove Connection (both: a connection the user added), `+addAgent`
 * Add Agent by ID….
 */
export function connectionContext(c: Pick<Connection, 'kind'> & { origin: string }): string {
  const d = descriptorOf(c.kind);
  const flags = [d?.setup ? '+token+remove' : '', can(c.kind, 'addAgentById') ? '+addAgent' : ''].join('');
  return `connection.${c.kind}.${c.origin}${flags}`;
}

/** `+addSession`: Add Session by ID…. */
export function agentContext(kind: string): string {
  return `agent.${kind}${can(kind, 'addSessionById') ? '+addSession' : ''}`;
}

export function sessionContext(kind: string): string {
  return `session.${kind}`;
}

export function kindIcon(kind: string): string {
  return descriptorOf(kind)?.icon ?? 'plug';
}

export function kindName(kind: string): string {
  return descriptorOf(kind)?.displayName ?? kind;
}

/** Beside the label: the host the connection talks to, or what kind of source it is. */
export function connectionDescription(c: Pick<Connection, 'kind' | 'baseUrl'>): string {
  return hostOf(c.baseUrl) ?? kindName(c.kind);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
