// Local traces in the registry: built in while the trace receiver has something, read-only (no
// chat). No factory: the receiver host builds the provider from its own bundle (dist/otel.js), so
// this file imports nothing of it.
import type { ProviderDescriptor } from '../descriptor';

export const otelDescriptor: ProviderDescriptor = {
  kind: 'otel',
  displayName: 'OpenTelemetry receiver',
  shortName: 'OpenTelemetry',
  productName: 'OpenTelemetry',
  icon: 'radio-tower',
  capabilities: {
    listAgents: true,
    listSessions: true,
    addAgentById: false,
    addSessionById: false,
    greet: false,
    stream: true,
    continueRun: false,
  },
};

/** The receiver's folder under the extension's global storage (named after the kind since the first version). */
export const TRACE_STORAGE_DIR = 'otel';
