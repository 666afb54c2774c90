// `npm run simulator [-- --port 7788 --token pat_…]`: starts the simulator for people and prints
// what to paste into "Add Connection…". Stops on Ctrl+C.
import { catalog, startSimulator } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.SIM_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got "${arg('port') ?? process.env.SIM_PORT}"`);
  const sim = await startSimulator({ port, token: arg('token') ?? process.env.SIM_TOKEN, agnoOpen: process.argv.includes('--agno-open') });
  const c = catalog(sim);
  const lines = [
    `Agent Session Inspector simulator listening on ${sim.url}`,
    '',
    'Add Connection… with these settings (token for "Set Token…"; it is a fake, local-only token):',
    ...c.connections.map(
      (x) => `  ${x.kind.padEnd(8)} base URL ${x.baseUrl}${'orgId' in x && x.orgId ? `   org id ${x.orgId}` : ''}   token ${x.token}`,
    ),
    '',
    'Piper has no listing routes — add agents and sessions by id:',
    ...c.piper.agents.map(
      (a) => `  agent ${a.id}  "${a.label}"${a.someSessions.length ? `  sessions: ${a.someSessions.slice(0, 3).join(', ')}` : ''}`,
    ),
    `  session with every event kind: ${c.piper.sessions.everyEventKind}`,
    `  session with thousands of events: ${c.piper.sessions.thousandsOfEvents}`,
    '',
    `Foundry: agents are discovered from allSessions; one has no sessions and is added by RID only: ${c.foundry.addByRidOnly}`,
    `  session with code execution, failures and an interrupted answer: ${c.foundry.richSession}`,
    '',
    'Faults (see test/simulator/faults.ts):',
    `  curl -X POST ${sim.url}/_sim/faults -d '{"match":"/agno/sessions","times":2,"fault":{"kind":"status","status":429,"retryAfter":1}}'`,
    `  curl -X DELETE ${sim.url}/_sim/faults          # clear all`,
    `  header on one request: X-Sim-Fault: status=500 | delay=3000 | drop | truncate | invalid-json | drift | breakStream=2000 | stallStream=2000`,
    `  GET ${sim.url}/_sim/requests (request log), GET ${sim.url}/_sim/catalog (this, as JSON)`,
    '',
    'Chat routes: Piper POST /responses/, Agno POST /agents|teams/{id}/runs (stream=true: SSE) and …/runs/{run_id}/cancel,',
    '  Foundry POST …/sessions, …/blockingContinue, …/streamingContinue, …/cancel.',
    'Chat scripts: a message with "error please" fails the run; "slow" streams slowly (to try Stop); "fail" adds a failing tool (Agno).',
    '  Break a stream midway: {"match":"/runs","times":1,"fault":{"kind":"breakStream","afterBytes":2000}} (or /streamingContinue).',
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`simulator: ${(e as Error).message}`);
  process.exit(1);
});
