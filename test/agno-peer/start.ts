// Starts the real AgentOS peer (server.py) for a test: installs its pinned virtualenv once
// (setup.sh is a no-op after that), runs it on a free 127.0.0.1 port with a fresh security key,
// waits for its "ready <port>" line and reads the dump of what agno wrote.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const PEER_DIR = join(ROOT, 'test/agno-peer');

export interface AgnoPeer {
  baseUrl: string;
  /** The OS_SECURITY_KEY the peer checks; made fresh for every start. */
  key: string;
  /** What agno wrote, read back through its own db API (see dump() in server.py). */
  dump: AgnoDump;
  stop(): Promise<void>;
}

/** Plain JSON from agno's `to_dict()`s: loose on purpose, the tests pick the fields they compare. */
export interface AgnoDump {
  agents: Array<{ agent_id: string; name: string; description?: string | null; model: { id: string; name?: string; provider?: string } }>;
  teams: Array<{ team_id: string; name: string; model: { id: string; provider?: string }; members: string[] }>;
  workflows: Array<{ workflow_id: string; name: string }>;
  sessions: Array<Record<string, any> & { session_id: string; agent_id: string; created_at: number; updated_at: number }>;
  runs: Record<string, Array<Record<string, any>>>;
}

export function peerPython(): string {
  return join(process.env.AGNO_PEER_VENV ?? join(ROOT, '.venv/agno-peer'), 'bin/python');
}

/** Creates or checks the virtualenv; throws with pip's own output when the install fails. */
export function setupAgnoPeer(): void {
  const r = spawnSync('bash', [join(PEER_DIR, 'setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`test/agno-peer/setup.sh failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/** `args`: more of server.py's options (`--otlp URL`, `--tracing`). */
export async function startAgnoPeer(opts: { readyTimeoutMs?: number; args?: string[] } = {}): Promise<AgnoPeer> {
  setupAgnoPeer();
  const dir = mkdtempSync(join(tmpdir(), 'agno-peer-test-'));
  const dumpFile = join(dir, 'dump.json');
  const key = `peer-${randomBytes(12).toString('hex')}`;
  // The key goes by environment, not argv, so it never shows in a process list.
  const child = spawn(peerPython(), [join(PEER_DIR, 'server.py'), '--port', '0', '--dump', dumpFile, ...(opts.args ?? [])], {
    env: { ...process.env, OS_SECURITY_KEY: key, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    // Kept for the failure message only; bounded so a chatty server cannot grow it forever.
    stderr = (stderr + d.toString()).slice(-8000);
  });
  try {
    // It writes every scenario through agno before it serves (about 20 s on a loaded 2-core
    // machine, most of it importing agno): room for that, not a measure of speed.
    const port = await readyPort(child, opts.readyTimeoutMs ?? 120_000, () => stderr);
    const dump = JSON.parse(readFileSync(dumpFile, 'utf8')) as AgnoDump;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      key,
      dump,
      stop: async () => {
        await stop(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function readyPort(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The Agno peer did not start: ${why}\n--- its stderr (tail) ---\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`no "ready <port>" line within ${timeoutMs} ms`), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code, signal) => fail(`it exited (${code ?? signal})`));
    child.once('error', (e) => fail(e.message));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(hard);
      done();
    });
    child.kill('SIGTERM');
  });
}
