// Who the user is to each platform, from the settings its descriptor names (`sender`): Piper's user
// profile metadata (`agentInspector.piper.profileMetadata`) and Agno's user id
// (`agentInspector.agno.userId`). A value of the wrong shape is ignored, never sent.
import type { SendMessageRequest } from '../providers';
import { descriptorOf } from '../providers/registry';

/** The `agentInspector` settings section (VS Code's WorkspaceConfiguration has this `get`). */
export interface ChatSettings {
  get<T>(key: string): T | undefined;
}

function profileMetadata(settings: ChatSettings, key: string): Record<string, unknown> | undefined {
  const v = settings.get<unknown>(key);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.keys(v).length ? { ...(v as Record<string, unknown>) } : undefined;
}

function userId(settings: ChatSettings, key: string): string | undefined {
  const v = settings.get<unknown>(key);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The parts of a chat request that say who is sending, for a connection of this kind. */
export function senderIdentity(kind: string, settings: ChatSettings): Pick<SendMessageRequest, 'profileMetadata' | 'userId'> {
  const sender = descriptorOf(kind)?.sender;
  if (sender?.profileMetadata) return { profileMetadata: profileMetadata(settings, sender.profileMetadata) };
  if (sender?.userId) return { userId: userId(settings, sender.userId) };
  return {};
}
