// What the rest of the extension knows about one kind of provider, in one object per provider
// (`src/providers/<name>/descriptor.ts`), collected by kind in `registry.ts`. The wizard, the
// settings, the tree, the commands and the chat read this instead of testing kinds by name, so a
// new provider is one folder and one registry line. Plain data and functions: no `vscode`.
// User-facing strings are functions (`l10n.t` from `@vscode/l10n`) so they are read after the
// host has loaded the translation bundle, and `npm run l10n` still finds them.
import type { Connection } from '../model';
import type { NetworkProviderOptions } from './http';
import type { SessionFileReader } from './sessionFile';
import type { SendMessageRequest, SessionProvider } from './types';

/** What a connection of this kind can do; the UI offers only what is true here. */
export interface ProviderCapabilities {
  /** The platform lists its agents (without it, agents are added by id). */
  listAgents: boolean;
  /** The platform lists an agent's sessions (without it, sessions are added by id or remembered from chats). */
  listSessions: boolean;
  /** Agents can be added by id ("Add Agent by ID…"). */
  addAgentById: boolean;
  /** Sessions can be added by id ("Add Session by ID…"). */
  addSessionById: boolean;
  /** An empty message asks the agent for a greeting. */
  greet: boolean;
  /** Replies stream (grow while they arrive); without it a reply comes whole. */
  stream: boolean;
  /** A run paused for a person can be continued (SessionProvider.continueRun). */
  continueRun: boolean;
}

/** One text field the user fills in when adding a connection. */
export interface ConnectionField {
  prompt: () => string;
  /** A message saying what is wrong, or undefined when the value is fine. */
  validate: (value: string) => string | undefined;
}

/** How the user adds a connection of this kind (Add Connection…, the `agentInspector.connections` setting). */
export interface ConnectionSetup {
  /** The Add Connection wizard's platform list: name, short description and one line of detail. */
  pickLabel: string;
  pickDescription: string;
  pickDetail: string;
  /** Prefilled in the wizard and used when a settings entry leaves `baseUrl` out; absent: the user must give one (like `pickDescription`). */
  defaultBaseUrl?: string;
  /** The base URL step's prompt. */
  urlPrompt: () => string;
  /** Piper's organisation id: asked for after the URL and required in settings entries. */
  orgId?: ConnectionField;
  token: {
    /** The connection works without one (an AgentOS without a security key). */
    optional: boolean;
    /** The wizard's token step. */
    prompt: () => string;
    /** "Set Token…". */
    setPrompt: () => string;
    /** A non-blocking hint on a token that looks unusual for this platform. */
    hint?: (value: string) => string | undefined;
  };
  /** The name the wizard proposes for the sidebar. */
  defaultLabel: (host: string) => string;
}

/** "Add Agent by ID…": what the id looks like. */
export interface AgentIdField extends ConnectionField {
  /** The name proposed for the sidebar. */
  defaultLabel: (id: string) => string;
}

export interface ProviderDescriptor {
  readonly kind: string;
  /** Shown in the tree (description, tooltip). */
  readonly displayName: string;
  /** The short name messages use ("baseUrl is required for Foundry"). */
  readonly shortName: string;
  /** The platform as the inspector's header names where a session comes from ("Agno AgentOS"). */
  readonly productName: string;
  /** A codicon id for the tree. */
  readonly icon: string;
  readonly capabilities: ProviderCapabilities;
  /** Absent: a built-in source the user never adds (the demo, Local traces); it takes no token either. */
  readonly setup?: ConnectionSetup;
  /** Present when `capabilities.addAgentById`. */
  readonly agentId?: AgentIdField;
  /** A command that stands for "remove" on this built-in source (the demo is hidden, not removed). */
  readonly removeCommand?: string;
  /** Settings (under `agentInspector.`) that say who is sending a chat message. */
  readonly sender?: { [K in keyof Pick<SendMessageRequest, 'profileMetadata' | 'userId'>]?: string };
  /** "Open Session File…" reads this platform's saved sessions. */
  readonly file?: SessionFileReader;
  /** Absent for a provider the extension builds itself (the trace receiver's, in its own bundle). */
  readonly create?: (connection: Connection, token: string | undefined, options: NetworkProviderOptions) => SessionProvider;
}
