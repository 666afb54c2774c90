// Palantir Foundry AIP Agents in the registry: the host is the user's own, agents are found in
// their sessions or added by RID, replies stream.
import * as l10n from '@vscode/l10n';
import type { ProviderDescriptor } from '../descriptor';
import { foundryFile } from './file';
import { FoundryProvider } from './provider';

export const foundryDescriptor: ProviderDescriptor = {
  kind: 'foundry',
  displayName: 'Foundry AIP Agents',
  shortName: 'Foundry',
  productName: 'Foundry AIP Agents',
  icon: 'cloud',
  capabilities: {
    listAgents: true,
    listSessions: true,
    addAgentById: true,
    addSessionById: false,
    greet: false,
    stream: true,
    continueRun: false,
  },
  setup: {
    pickLabel: 'Palantir Foundry AIP Agents',
    pickDescription: 'https://<your-host>',
    pickDetail: 'Needs your Foundry host and a token with api:aip-agents-read (and -write for chat).',
    urlPrompt: () => l10n.t('Your Foundry URL, e.g. https://yourcompany.palantirfoundry.com'),
    token: {
      optional: false,
      prompt: () => l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
      setPrompt: () => l10n.t('Token — kept in VS Code’s secret storage, never in settings'),
    },
    defaultLabel: (host) => `Foundry (${host})`,
  },
  agentId: {
    prompt: () => l10n.t('Agent RID (ri.aip-agents..agent.…)'),
    validate: (v) => (v.startsWith('ri.') ? undefined : 'A Foundry agent RID starts with ri. (e.g. ri.aip-agents..agent.…)'),
    defaultLabel: () => '',
  },
  file: foundryFile,
  create: (connection, token, options) => new FoundryProvider(connection, token, options),
};
