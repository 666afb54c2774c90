// The header the inspector's page gets: the protocol's, with the platform's name from the provider
// registry (the page knows no provider kinds). Without `vscode`, so the page tests build theirs here too.
import type { Session } from '../../model';
import { toSessionHeader } from '../../protocol/header';
import type { SessionHeader } from '../../protocol/messages';
import { descriptorOf } from '../../providers/registry';

export function headerOf(session: Session, connectionLabel: string | undefined, eventCounts?: readonly number[]): SessionHeader {
  const header = toSessionHeader(session, connectionLabel, eventCounts);
  const providerName = descriptorOf(session.provider)?.productName;
  return providerName ? { ...header, providerName } : header;
}
