// The simulator's Foundry AIP Agents routes against the official Foundry Python SDK
// (`foundry-platform-sdk`, pinned in test/foundry-sdk/requirements.txt): its own client calls the
// simulator on 127.0.0.1 and its own pydantic models decode every response, strictly, with no
// field they do not declare; errors must come back as its typed exceptions. So the simulator (and
// with it every Foundry test here) cannot drift from the published shape. The SDK's ToolType
// list is also the list the mapping must cover. The venv is made by test/foundry-sdk/setup.sh
// (a no-op once installed).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProvider, type SessionProvider } from '../../src/providers';
import { FOUNDRY_AGENTS, FOUNDRY_RICH_SESSION, FoundryData } from '../simulator/data/foundry';
import { foundryFlavour } from '../simulator/routes/foundry';
import { connectionFor, fastOptions, useSimulator } from '../simulator/testing';
import { ofKind } from './helpers';

const ROOT = join(__dirname, '../..');
const PEER = join(ROOT, 'test/foundry-sdk');
const python = () => join(process.env.FOUNDRY_SDK_VENV ?? join(ROOT, '.venv/foundry-sdk'), 'bin/python');

interface Report {
  sdkVersion: string;
  calls: Array<{ route: string; label: string; status: number | 'error'; model: string }>;
  problems: Array<{ route: string; label: string; problem: string }>;
  toolTypes: string[];
  sdkRoutes: string[];
}

/** `GET /api/v2/aipAgents/agents/:agent/sessions` and `GET /v2/aipAgents/agents/{agentRid}/sessions` → one form. */
const routeKey = (route: string) => route.replace(/ \/api\//, ' /').replace(/(:\w+|\{\w+\})/g, '{}');

function runChecker(args: object): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(python(), [join(PEER, 'check.py'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`check.py failed (${code}):\n${err}${out}`));
      try {
        resolve(JSON.parse(out) as Report);
      } catch (e) {
        reject(new Error(`check.py printed no report (${(e as Error).message}):\n${out}\n${err}`));
      }
    });
  });
}

describe('Foundry simulator against the official Foundry SDK (foundry-platform-sdk)', function () {
  this.timeout(180_000);
  const env = useSimulator();
  let report: Report;
  let seen: typeof env.sim.requests = [];

  before(async function () {
    const setup = spawnSync('bash', [join(PEER, 'setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (setup.status !== 0)
      throw new Error(`test/foundry-sdk/setup.sh failed (${setup.status ?? setup.signal}):\n${setup.stdout}${setup.stderr}`);
    const host = new URL(env.sim.baseUrls.foundry);
    report = await runChecker({
      host: `${host.host}${host.pathname}`,
      token: env.sim.token,
      agents: FOUNDRY_AGENTS.map((a) => a.rid),
      missingAgent: 'ri.aip-agents..agent.00000000-0000-4000-8000-00000000dead',
      richSession: FOUNDRY_RICH_SESSION,
    });
    // The suite's hooks clear the request log before each test: keep what the checker sent.
    seen = env.sim.requests.filter((r) => r.path.startsWith('/foundry/'));
  });

  it('every response passes the SDK’s models, strictly and with no field they lack; errors are its typed exceptions', () => {
    assert.ok(report.calls.length > 50, `the checker made ${report.calls.length} calls`);
    assert.deepEqual(
      report.problems,
      [],
      `SDK ${report.sdkVersion} disagrees:\n${report.problems.map((p) => `${p.route} (${p.label}): ${p.problem}`).join('\n')}`,
    );
  });

  it('the checker went through the simulator, authenticated, on every route it serves', () => {
    const served = foundryFlavour(new FoundryData()).router.list().map(routeKey);
    const called = new Set(report.calls.map((c) => routeKey(c.route)));
    assert.deepEqual(
      served.filter((r) => !called.has(r)),
      [],
      'routes the simulator serves that the SDK check did not call',
    );
    const sdk = new Set(report.sdkRoutes.map(routeKey));
    assert.deepEqual(
      served.filter((r) => !sdk.has(r)),
      [],
      'routes the simulator serves that the SDK does not know',
    );
    assert.ok(seen.length >= report.calls.length - 1, `${seen.length} requests logged`);
    assert.ok(
      seen.every((r) => r.auth === 'ok'),
      'every SDK request carried the token',
    );
  });

  describe('the mapping covers every tool type the SDK defines', () => {
    let provider: SessionProvider;
    before(() => {
      provider = createProvider(connectionFor(env.sim, 'foundry'), env.sim.token, fastOptions(env.log));
    });

    it('the simulator’s rich session holds each of them, and each maps to its event', async () => {
      assert.ok(report.toolTypes.includes('CODE_EXECUTION') && report.toolTypes.length >= 8, report.toolTypes.join(', '));
      const s = await provider.getSession(FOUNDRY_AGENTS[2]!.rid, FOUNDRY_RICH_SESSION);
      const events = s.runs.flatMap((r) => r.events);
      const calls = ofKind(events, 'tool_call');
      const code = ofKind(events, 'code_execution');
      for (const type of report.toolTypes) {
        if (type === 'CODE_EXECUTION') {
          assert.ok(code.length > 0, 'CODE_EXECUTION: a code event');
          assert.ok(
            code.every((e) => e.name === 'Python' && e.code.length > 0),
            'CODE_EXECUTION keeps its tool name and code',
          );
          assert.ok(!calls.some((e) => e.toolType === type), 'CODE_EXECUTION is code, not a generic call');
        } else {
          const mapped = calls.filter((e) => e.toolType === type);
          assert.ok(mapped.length > 0, `${type}: a tool call with its type`);
          assert.ok(
            mapped.every((e) => e.name && e.arguments && typeof e.arguments === 'object'),
            `${type}: name and arguments`,
          );
        }
      }
      const types = new Set([...calls.map((e) => e.toolType), ...(code.length ? ['CODE_EXECUTION'] : [])]);
      assert.deepEqual(
        [...types].filter((t) => !report.toolTypes.includes(t!)),
        [],
        'no tool type beyond the SDK in the simulator',
      );
    });
  });
});
