// The one list of provider kinds: each provider's descriptor (its own folder), keyed by kind. The
// connection and settings enums, the wizard's platforms, the tree's icons and every "can this
// connection do X" question come from here; nothing outside the provider folders names a kind.
// `package.json` cannot ask at runtime, so `test/unit/registry.manifest.test.ts` checks that its
// settings enum and menu `when` clauses say what this says.
import * as z from '../model/zod';
import type { Connection } from '../model';
import { agnoDescriptor } from './agno/descriptor';
import { demoDescriptor } from './demo/descriptor';
import type { ProviderCapabilities, ProviderDescriptor } from './descriptor';
import { foundryDescriptor } from './foundry/descriptor';
import { otelDescriptor } from './otel/descriptor';
import { piperDescriptor } from './piper/descriptor';

export type { ProviderCapabilities, ProviderDescriptor } from './descriptor';

const descriptors = new Map<string, ProviderDescriptor>();
for (const d of [demoDescriptor, piperDescriptor, agnoDescriptor, foundryDescriptor, otelDescriptor]) descriptors.set(d.kind, d);

/** In registry order (the wizard's and the settings enum's order). */
export function allDescriptors(): ProviderDescriptor[] {
  return [...descriptors.values()];
}

export function descriptorOf(kind: string): ProviderDescriptor | undefined {
  return descriptors.get(kind);
}

/** What a connection of this kind can do; an unknown kind can do nothing. */
export function can(kind: string, capability: keyof ProviderCapabilities): boolean {
  return descriptors.get(kind)?.capabilities[capability] ?? false;
}

/** Kinds the user adds (Add Connection…, the `agentInspector.connections` setting). */
export function addableKinds(): string[] {
  return allDescriptors()
    .filter((d) => d.setup)
    .map((d) => d.kind);
}

/** The kinds the user adds, as a zod enum (built when asked, so a registered kind counts). */
export function addableKindSchema() {
  return z.enum(addableKinds() as [string, ...string[]]);
}

/** Where a connection's requests go: its base URL, or the provider's default. */
export function effectiveBaseUrl(connection: Pick<Connection, 'kind' | 'baseUrl'>): string | undefined {
  return connection.baseUrl?.trim() || descriptors.get(connection.kind)?.setup?.defaultBaseUrl;
}

/**
 * Adds a kind (a test's fake provider, proving that one descriptor is all a provider needs).
 * Returns what takes it out again. A kind already registered is refused: nothing is replaced.
 */
export function registerProvider(descriptor: ProviderDescriptor): () => void {
  if (descriptors.has(descriptor.kind)) throw new Error(`A provider of kind "${descriptor.kind}" is already registered.`);
  descriptors.set(descriptor.kind, descriptor);
  return () => {
    if (descriptors.get(descriptor.kind) === descriptor) descriptors.delete(descriptor.kind);
  };
}
