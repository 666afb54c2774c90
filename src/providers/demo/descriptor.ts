// The demo in the registry: built in (never added, no token), hidden rather than removed; it
// lists, streams its paced replies and greets.
import type { ProviderDescriptor } from '../descriptor';
import { DemoProvider } from './provider';

export const demoDescriptor: ProviderDescriptor = {
  kind: 'demo',
  displayName: 'built-in samples',
  shortName: 'Demo',
  productName: 'Demo',
  icon: 'beaker',
  capabilities: {
    listAgents: true,
    listSessions: true,
    addAgentById: false,
    addSessionById: false,
    greet: true,
    stream: true,
    continueRun: false,
  },
  removeCommand: 'agentInspector.hideDemo',
  create: (connection, _token, options) => new DemoProvider(connection, { keep: options.keep, log: options.log }),
};
