// Where a provider's answers reach the host, the connection's own token is taken out of every
// string of them — content, titles, ids, raw payloads, object keys — in each of its shapes
// (src/model/secretForms.ts). The network layer already keeps it out of messages and logs; this
// is for a server, an agent or a tool that echoes it into the session itself, which would
// otherwise reach the page, the exports and what "/explain" sends to a model. createProvider
// wraps every provider that was given a token, so no view has to remember to do it.
// Streamed deliveries are not walked here: a growing answer re-read whole at every chunk would
// cost its length each time (issue 11, finding 4). Every provider with a token streams through
// the network layer, which masks the token from the body's bytes before the provider reads
// them (http/redact.ts, streamMasker); the promised result is walked here like any answer.
import { formsOf, maskForms } from '../model/secretForms';
import { ProviderError, type SendMessageResult, type SessionProvider } from './types';

type Mask = (text: string) => string;

function walk(value: unknown, mask: Mask): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = walk(value[i], mask);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const key = mask(k);
      const next = walk(v, mask);
      if (key === k && next === v) continue;
      out ??= { ...(value as Record<string, unknown>) };
      if (key !== k) delete out[k];
      out[key] = next;
    }
    return out ?? value;
  }
  return value;
}

/**
 * `value` without any form of the secrets: the same object when none is in it (checked once on
 * its JSON, which is what most sessions cost), else a copy with only the branches that held one
 * replaced.
 */
export function redactDeep<T>(value: T, forms: readonly string[]): T {
  if (!forms.length) return value;
  try {
    const json = JSON.stringify(value);
    if (json === undefined || !forms.some((f) => json.includes(JSON.stringify(f).slice(1, -1)))) return value;
  } catch {
    // Not JSON (a cycle, a BigInt): walked without the shortcut.
  }
  return walk(value, (t) => maskForms(t, forms)) as T;
}

/** The bytes may spell a form of the secrets: one is in them as JSON writes it, or an escape that could write one otherwise is. */
function mayHold(bytes: Uint8Array, forms: readonly string[]): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.includes('\\u') || buf.includes('\\/')) return true;
  return forms.some((f) => buf.includes(JSON.stringify(f).slice(1, -1)));
}

function redactError(e: unknown, forms: readonly string[]): unknown {
  if (!(e instanceof ProviderError)) return e;
  const message = maskForms(e.message, forms);
  const partial = e.details?.partial && redactDeep(e.details.partial, forms);
  if (message === e.message && partial === e.details?.partial) return e;
  return new ProviderError(e.code, message, { ...e.details, ...(partial ? { partial } : {}) });
}

/** `provider` with the forms of `token` masked from everything it returns, streams or rejects with. */
export function redactingProvider(provider: SessionProvider, token: string | undefined): SessionProvider {
  const forms = formsOf([token]);
  if (!forms.length) return provider;
  const clean = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return redactDeep(await p, forms);
    } catch (e) {
      throw redactError(e, forms);
    }
  };
  // Built on the provider itself, so what else it has (a test reads a fake's token) stays reachable.
  const wrapped: SessionProvider = Object.create(provider) as SessionProvider;
  Object.assign(wrapped, {
    listAgents: (signal?: AbortSignal) => clean(provider.listAgents(signal)),
    listSessions: (agentId: string, cursor: string | undefined, pageSize: number, signal?: AbortSignal) =>
      clean(provider.listSessions(agentId, cursor, pageSize, signal)),
    getSession: (agentId: string, sessionId: string, signal?: AbortSignal) => clean(provider.getSession(agentId, sessionId, signal)),
  });
  // A reply read in slices is never walked: only when its bytes cannot hold a form of the token
  // (nor an escape that could spell one) is it read that way; else getSession masks it as above.
  const open = provider.openSession?.bind(provider);
  wrapped.openSession = open
    ? async (agentId, sessionId, signal) => {
        let sliced;
        try {
          sliced = await open(agentId, sessionId, signal);
        } catch (e) {
          throw redactError(e, forms);
        }
        return sliced?.bytes && !mayHold(sliced.bytes, forms) ? sliced : undefined;
      }
    : undefined;
  const send = provider.sendMessage?.bind(provider);
  if (send) wrapped.sendMessage = (req, onEvent, signal): Promise<SendMessageResult> => clean(send(req, onEvent, signal));
  const resume = provider.continueRun?.bind(provider);
  if (resume) wrapped.continueRun = (req, onEvent, signal): Promise<SendMessageResult> => clean(resume(req, onEvent, signal));
  return wrapped;
}
