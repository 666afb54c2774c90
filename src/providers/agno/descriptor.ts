// Agno AgentOS in the registry: self-hosted, lists agents, teams and workflows and their
// sessions, streams, continues paused runs; the security key is optional.
import * as l10n from '@vscode/l10n';
import type { ProviderDescriptor } from '../descriptor';
import { agnoFile } from './file';
import { AgnoProvider } from './provider';

export const agnoDescriptor: ProviderDescriptor = {
  kind: 'agno',
  displayName: 'Agno AgentOS',
  shortName: 'Agno',
  productName: 'Agno AgentOS',
  icon: 'server-process',
  capabilities: {
    listAgents: true,
    listSessions: true,
    addAgentById: false,
    addSessionById: false,
    greet: false,
    stream: true,
    continueRun: true,
  },
  setup: {
    pickLabel: 'Agno AgentOS',
    pickDescription: 'self-hosted',
    pickDetail: 'Your AgentOS server (default http://localhost:7777). Security key only if the server sets one.',
    defaultBaseUrl: 'http://localhost:7777',
    urlPrompt: () => l10n.t('Base URL of the API'),
    token: {
      // Many AgentOS instances run without OS_SECURITY_KEY.
      optional: true,
      prompt: () => l10n.t('Security key (OS_SECURITY_KEY); leave empty if the server has none'),
      setPrompt: () => l10n.t('AgentOS security key'),
    },
    defaultLabel: (host) => `Agno (${host})`,
  },
  sender: { userId: 'agno.userId' },
  file: agnoFile,
  create: (connection, token, options) => new AgnoProvider(connection, token, options),
};
