// Who the user is to each platform, from settings: Piper's user profile metadata
// (`agentInspector.piper.profileMetadata`) and Agno's user id (`agentInspector.agno.userId`).
// A value of the wrong shape is ignored, never sent.
import type { ConnectionKind } from '../model';
import type { SendMessageRequest } from '../providers';

/** The `agentInspector` settings section (VS Code's WorkspaceConfiguration has this `get`). */
export interface ChatSettings {
  get<T>(key: string): T | undefined;
}

export function piperProfileMetadata(settings: ChatSettings): Record<string, unknown> | undefined {
  const v = settings.get<unknown>('piper.profileMetadata');
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.keys(v).length ? { ...(v as Record<string, unknown>) } : undefined;
}

export function agnoUserId(settings: ChatSettings): string | undefined {
  const v = settings.get<unknown>('agno.userId');
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The parts of a chat request that say who is sending, for a connection of this kind. */
export function senderIdentity(kind: ConnectionKind, settings: ChatSettings): Pick<SendMessageRequest, 'profileMetadata' | 'userId'> {
  if (kind === 'piper') return { profileMetadata: piperProfileMetadata(settings) };
  if (kind === 'agno') return { userId: agnoUserId(settings) };
  return {};
}
