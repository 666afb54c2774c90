// Piper in the registry: hosted, no listing routes (agents and sessions are added by id or
// remembered from chats), an organisation id, answers whole, greets on an empty message.
import * as l10n from '@vscode/l10n';
import type { ProviderDescriptor } from '../descriptor';
import { piperFile } from './file';
import { validateUuid } from '../validate';
import { PIPER_DEFAULT_BASE_URL } from './client';
import { PiperProvider } from './provider';

export const piperDescriptor: ProviderDescriptor = {
  kind: 'piper',
  displayName: 'Piper',
  shortName: 'Piper',
  productName: 'Piper',
  icon: 'hubot',
  capabilities: {
    listAgents: false,
    listSessions: false,
    addAgentById: true,
    addSessionById: true,
    greet: true,
    stream: false,
    continueRun: false,
  },
  setup: {
    pickLabel: 'Piper',
    pickDescription: 'api.letpiper.com',
    pickDetail: 'Hosted agents. Needs your organisation id and a platform token (pat_…).',
    defaultBaseUrl: PIPER_DEFAULT_BASE_URL,
    urlPrompt: () => l10n.t('Base URL of the API'),
    orgId: { prompt: () => l10n.t('Organisation id (a UUID, shown in Piper’s settings)'), validate: validateUuid },
    token: {
      optional: false,
      prompt: () => l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
      setPrompt: () => l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
      hint: (v) => (v.trim() && !v.trim().startsWith('pat_') ? 'Piper platform tokens usually start with pat_' : undefined),
    },
    defaultLabel: () => 'Piper',
  },
  agentId: {
    prompt: () => l10n.t('Agent id (UUID)'),
    validate: (v) => (validateUuid(v) ? 'A Piper agent id is a UUID' : undefined),
    defaultLabel: (id) => 'Agent ' + id.slice(0, 8),
  },
  sender: { profileMetadata: 'piper.profileMetadata' },
  file: piperFile,
  create: (connection, token, options) => new PiperProvider(connection, token, options),
};
