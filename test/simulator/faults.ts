// How the simulator misbehaves on request. A fault comes either from a rule set through the
// control API (`POST /_sim/faults`, matched by path substring, for a number of times) or from an
// `X-Sim-Fault` header on the request itself (for curl and one-off checks).

export type Fault =
  /** Wait before answering (normally, unless combined with another fault via `then`). */
  | { kind: 'delay'; ms: number; then?: Fault }
  /** Answer with this status and a provider-shaped error body; `retryAfter` is seconds or an HTTP date. */
  | { kind: 'status'; status: number; retryAfter?: number | string; body?: unknown }
  /** Destroy the socket without answering. */
  | { kind: 'drop' }
  /** Send only the first half of the JSON body, then end the response normally. */
  | { kind: 'truncate' }
  /** Send a complete body that is not valid JSON. */
  | { kind: 'invalid_json' }
  /** Send the route's "schema drifted" body: a required field renamed or of the wrong type. */
  | { kind: 'drift' }
  /**
   * A streamed answer (Agno SSE, Foundry's byte stream) stops after `afterBytes` bytes of its
   * body: the socket is destroyed mid-stream (possibly inside an event or a UTF-8 character).
   */
  | { kind: 'breakStream'; afterBytes: number }
  /** A streamed answer goes silent after `afterBytes` bytes, the connection left open (a stalled server or proxy). */
  | { kind: 'stallStream'; afterBytes: number };

export interface FaultRule {
  id: number;
  /** Substring of the request path (with its namespace), e.g. `/agno/sessions`. */
  match: string;
  method?: string;
  /** How many matching requests get the fault; omitted = until cleared. */
  times?: number;
  fault: Fault;
  /** How many requests it has hit so far. */
  hits: number;
}

export type FaultRuleInput = Omit<FaultRule, 'id' | 'hits'>;

const KINDS = new Set(['delay', 'status', 'drop', 'truncate', 'invalid_json', 'drift', 'breakStream', 'stallStream']);

export function validateFault(f: unknown): Fault {
  if (!f || typeof f !== 'object') throw new Error('fault must be an object with a "kind"');
  const o = f as Record<string, unknown>;
  const kind = typeof o.kind === 'string' ? o.kind.replace('-', '_') : '';
  if (!KINDS.has(kind)) throw new Error(`unknown fault kind "${String(o.kind)}" (expected one of ${[...KINDS].join(', ')})`);
  if (kind === 'delay') {
    if (typeof o.ms !== 'number' || o.ms < 0) throw new Error('delay needs "ms" (a number ≥ 0)');
    return { kind, ms: o.ms, then: o.then === undefined ? undefined : validateFault(o.then) };
  }
  if (kind === 'status') {
    if (typeof o.status !== 'number' || o.status < 100 || o.status > 599) throw new Error('status needs "status" (100–599)');
    return { kind, status: o.status, retryAfter: o.retryAfter as number | string | undefined, body: o.body };
  }
  if (kind === 'breakStream' || kind === 'stallStream') {
    if (typeof o.afterBytes !== 'number' || !Number.isInteger(o.afterBytes) || o.afterBytes < 0)
      throw new Error(`${kind} needs "afterBytes" (an integer ≥ 0)`);
    return { kind, afterBytes: o.afterBytes };
  }
  return { kind } as Fault;
}

/**
 * `X-Sim-Fault` header: either JSON (`{"kind":"status","status":429,"retryAfter":1}`) or a short
 * form — `status=429;retryAfter=1`, `delay=2000`, `drop`, `truncate`, `invalid-json`, `drift`,
 * `breakStream=300`, `stallStream=300`.
 */
export function parseFaultHeader(value: string): Fault {
  const v = value.trim();
  if (v.startsWith('{')) return validateFault(JSON.parse(v));
  const pairs = v
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [k, ...rest] = p.split('=');
      return [k!.trim(), rest.join('=').trim()] as const;
    });
  const [head, ...others] = pairs;
  if (!head) throw new Error('empty X-Sim-Fault header');
  const [kind, arg] = head;
  const opts = Object.fromEntries(others);
  if (kind === 'status')
    return validateFault({
      kind,
      status: Number(arg),
      retryAfter: opts.retryAfter === undefined ? undefined : /^\d+$/.test(opts.retryAfter) ? Number(opts.retryAfter) : opts.retryAfter,
    });
  if (kind === 'delay') return validateFault({ kind, ms: Number(arg) });
  if (kind === 'breakStream' || kind === 'stallStream') return validateFault({ kind, afterBytes: Number(arg) });
  return validateFault({ kind });
}

export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    if (typeof input.match !== 'string' || !input.match) throw new Error('"match" (a path substring) is required');
    if (input.times !== undefined && (!Number.isInteger(input.times) || input.times < 1))
      throw new Error('"times" must be a positive integer');
    const rule: FaultRule = {
      id: this.nextId++,
      match: input.match,
      method: input.method?.toUpperCase(),
      times: input.times,
      fault: validateFault(input.fault),
      hits: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The fault for this request, consuming one use of its rule (first added wins). */
  take(method: string, path: string): Fault | undefined {
    const rule = this.rules.find((r) => path.includes(r.match) && (!r.method || r.method === method.toUpperCase()));
    if (!rule) return undefined;
    rule.hits++;
    if (rule.times !== undefined && rule.hits >= rule.times) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}
