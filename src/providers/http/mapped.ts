// A mapping that throws something other than a ProviderError met a payload it did not expect:
// that is still the payload's fault, so it becomes a 'bad_response' with the provider's name.
import { ProviderError } from '../types';

export function mapOrBadResponse<T>(providerName: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw new ProviderError('bad_response', `${providerName} returned ${what} that could not be read: ${(e as Error).message}`);
  }
}
