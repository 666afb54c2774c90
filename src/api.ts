// What activate() returns. `testing` exists only when VS Code runs the extension's tests, so the
// extension-host suite can check where things were stored (the token in SecretStorage only).
import type * as vscode from 'vscode';
import type { Connection, Session } from './model';
import type { ProviderDescriptor } from './providers/registry';
import type { RawDocuments } from './views/rawDocuments';

export interface ExtensionApi {
  readonly version: 1;
  readonly testing?: {
    context: vscode.ExtensionContext;
    tree: vscode.TreeDataProvider<unknown>;
    logLines(): string[];
    connections(): Connection[];
    /** The session an open inspector shows (key: connection/agent/session), as it has appended. */
    inspected(key: string): Session | undefined;
    /** The open inspector of a session or file (`file:<uri>`): its header, and its page's messages handed to it. */
    inspector(key: string): { info: Session | undefined; handleMessage(data: unknown): Promise<void> } | undefined;
    /** The read-only documents the extension registered (a panel a test builds shows its diffs through them). */
    raw: RawDocuments;
    /** Adds a provider kind to the extension's registry (a test's fake); returns what removes it. */
    registerProvider(descriptor: ProviderDescriptor): () => void;
    /** Events the busy chat's reply has streamed so far (0 when no reply is coming). */
    chatReplyEvents(): number;
  };
}
