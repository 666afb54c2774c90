// One HTTP server on 127.0.0.1 speaking Piper (/piper), Agno AgentOS (/agno) and Foundry AIP
// Agents (/foundry/api) from seeded data, checking the Bearer token, and misbehaving on request
// (see faults.ts). Started in-process by the tests and by `npm run simulator` for people.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgnoData } from './data/agno';
import { FoundryData } from './data/foundry';
import { PIPER_ORG_ID, PiperData } from './data/piper';
import { catalog } from './catalog';
import { parseJson, readBody, send, waitOrClose, writeAnswer, writeStream } from './wire';
import { parseForm } from './form';
import { FaultBook, parseFaultHeader, type Fault, type FaultRule, type FaultRuleInput } from './faults';
import type { SimAnswer, SimRequest } from './router';
import { agnoFlavour } from './routes/agno';
import type { ApiFlavour } from './routes/flavour';
import { foundryFlavour } from './routes/foundry';
import { piperFlavour } from './routes/piper';

export const DEFAULT_SIM_TOKEN = 'pat_sim_4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The Bearer token every API accepts. */
  token?: string;
  /** Agno without a security key accepts any request, as an AgentOS without OS_SECURITY_KEY does. */
  agnoOpen?: boolean;
  /** Runs of 20 events in Piper's "A very long session" (default 150; the real-VS Code bench uses 5,000). */
  piperBigSessionRuns?: number;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path with the namespace, without the query. */
  path: string;
  query: string;
  /** The Bearer check: never the token itself. */
  auth: 'ok' | 'missing' | 'wrong' | 'none';
  fault?: string;
  status?: number;
  /** The request body (the first 4 KB), for checking what a client sent; never holds the token. */
  body?: string;
  /** The client closed the connection before the answer was complete (a cancelled request). */
  clientClosed: boolean;
  done: boolean;
  startedAt: number;
  ms?: number;
}

export interface Simulator {
  url: string;
  port: number;
  token: string;
  /** Base URLs to paste into "Add Connection…". */
  baseUrls: { piper: string; agno: string; foundry: string };
  piperOrgId: string;
  requests: RequestLogEntry[];
  setFault(rule: FaultRuleInput): FaultRule;
  clearFaults(): void;
  clearRequests(): void;
  /** Resolves with the first logged request (past or future) that satisfies `pred`. */
  waitForRequest(pred: (e: RequestLogEntry) => boolean, timeoutMs?: number): Promise<RequestLogEntry>;
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
const STATUS_NAME: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const token = options.token ?? DEFAULT_SIM_TOKEN;
  const piperData = new PiperData(options.piperBigSessionRuns);
  const flavours: ApiFlavour[] = [piperFlavour(piperData), agnoFlavour(new AgnoData()), foundryFlavour(new FoundryData())];
  const faults = new FaultBook();
  const requests: RequestLogEntry[] = [];
  const watchers = new Set<() => void>();
  const notify = () => watchers.forEach((w) => w());
  let seq = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, { detail: `simulator bug: ${(err as Error).message}` });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/_sim')) return control(method, url, req, res);

    const entry: RequestLogEntry = {
      seq: ++seq,
      method,
      path: url.pathname,
      query: url.search,
      auth: 'none',
      clientClosed: false,
      done: false,
      startedAt: Date.now(),
    };
    requests.push(entry);
    if (requests.length > 5000) requests.splice(0, requests.length - 5000);
    res.on('close', () => {
      if (!res.writableFinished) entry.clientClosed = true;
      entry.done = true;
      entry.ms = Date.now() - entry.startedAt;
      notify();
    });
    notify();

    const flavour = flavours.find((f) => url.pathname === f.prefix || url.pathname.startsWith(`${f.prefix}/`));
    if (!flavour) {
      entry.status = 404;
      return send(res, 404, { detail: 'Not Found: this simulator serves /piper, /agno and /foundry/api (see GET /_sim/catalog)' });
    }

    const rawBody = await readBody(req);
    if (rawBody) entry.body = rawBody.slice(0, 4096);
    let fault: Fault | undefined;
    const header = req.headers['x-sim-fault'];
    try {
      fault = typeof header === 'string' ? parseFaultHeader(header) : faults.take(method, url.pathname);
    } catch (e) {
      entry.status = 400;
      return send(res, 400, { detail: `bad X-Sim-Fault header: ${(e as Error).message}` });
    }
    entry.fault = fault ? describeFault(fault) : undefined;

    while (fault?.kind === 'delay') {
      const closed = await waitOrClose(fault.ms, res);
      if (closed) return;
      fault = fault.then;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const answer =
        fault.body !== undefined
          ? { status: fault.status, body: fault.body }
          : flavour.error(fault.status, STATUS_TEXT[fault.status] ?? 'Simulated failure', {
              name: STATUS_NAME[fault.status] ?? 'SimulatedFailure',
            });
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      entry.status = fault.status;
      return send(res, fault.status, answer.body, headers);
    }

    const auth = req.headers.authorization;
    const needsAuth = !(flavour.kind === 'agno' && options.agnoOpen);
    entry.auth = !auth ? 'missing' : auth === `Bearer ${token}` ? 'ok' : 'wrong';
    if (needsAuth && entry.auth !== 'ok') {
      const answer = unauthorized(flavour, entry.auth === 'missing');
      entry.status = 401;
      // AgentOS 3.1.10 answers its 401s without a WWW-Authenticate header.
      return send(res, 401, answer.body, flavour.kind === 'agno' ? {} : { 'WWW-Authenticate': 'Bearer' });
    }

    const simReq: SimRequest = {
      method,
      path: url.pathname.slice(flavour.prefix.length) || '/',
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseJson(rawBody),
      form: parseForm(req.headers['content-type'], rawBody),
      receivedAt: Date.now(),
    };
    let answer = flavour.precheck?.(simReq);
    if (!answer) {
      const m = flavour.router.match(method, simReq.path);
      if (!m) answer = flavour.error(404, 'Not Found', { name: 'NotFound', params: { path: simReq.path } });
      else if ('methodMismatch' in m) answer = flavour.error(405, 'Method Not Allowed', { name: 'MethodNotAllowed' });
      else answer = await m.handler(simReq, m.params);
    }
    entry.status = answer.status;
    if (answer.stream) return writeStream(res, answer, fault);
    writeAnswer(res, answer, fault);
  }

  function control(method: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void {
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/_sim/faults' && method === 'GET') return send(res, 200, faults.list());
    if (p === '/_sim/faults' && method === 'DELETE') {
      faults.clear();
      return send(res, 200, { cleared: true });
    }
    if (p === '/_sim/faults' && method === 'POST') {
      return readBody(req).then((raw) => {
        try {
          const rules = parseJson(raw);
          const list = Array.isArray(rules) ? rules : [rules];
          send(
            res,
            201,
            list.map((r) => faults.add(r as FaultRuleInput)),
          );
        } catch (e) {
          send(res, 400, { error: (e as Error).message });
        }
      });
    }
    if (p === '/_sim/requests' && method === 'GET') return send(res, 200, requests);
    if (p === '/_sim/requests' && method === 'DELETE') {
      requests.length = 0;
      return send(res, 200, { cleared: true });
    }
    if (p === '/_sim/catalog' && method === 'GET') return send(res, 200, catalog(sim, piperData));
    return send(res, 404, { error: 'control routes: GET|POST|DELETE /_sim/faults, GET|DELETE /_sim/requests, GET /_sim/catalog' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const sim: Simulator = {
    url,
    port,
    token,
    baseUrls: { piper: `${url}/piper`, agno: `${url}/agno`, foundry: `${url}/foundry` },
    piperOrgId: PIPER_ORG_ID,
    requests,
    setFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests.length = 0;
    },
    waitForRequest(pred, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = requests.find(pred);
          if (!hit) return false;
          cleanup();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no simulator request matched within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}

function unauthorized(flavour: ApiFlavour, missing: boolean): SimAnswer {
  if (flavour.kind === 'foundry') return flavour.error(401, '', { name: missing ? 'MissingCredentials' : 'InvalidToken' });
  if (flavour.kind === 'agno') return flavour.error(401, missing ? 'Authorization header required' : 'Invalid authentication token');
  return flavour.error(401, missing ? 'Not authenticated' : 'Invalid or expired token');
}

function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'delay':
      return `delay ${f.ms} ms${f.then ? ` then ${describeFault(f.then)}` : ''}`;
    case 'status':
      return `status ${f.status}${f.retryAfter !== undefined ? ` (Retry-After ${f.retryAfter})` : ''}`;
    default:
      return f.kind;
  }
}

export { catalog } from './catalog';
