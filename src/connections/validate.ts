// Validation for the Add Connection wizard and for connections declared in settings: the rules all
// kinds share (src/providers/validate.ts) and, by kind, what the provider's descriptor says.
import { descriptorOf } from '../providers/registry';

export { normaliseBaseUrl, validateLabel, validateToken, validateUrl, validateUuid } from '../providers/validate';

/** Non-blocking hints (shown as information, not errors). */
export function tokenHint(value: string, kind: string): string | undefined {
  return descriptorOf(kind)?.setup?.token.hint?.(value);
}

export function validateAgentId(value: string, kind: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the agent id';
  return descriptorOf(kind)?.agentId?.validate(v);
}
