"""A real AgentOS (agno) for the Agno provider's tests: a scripted model, SQLite in a temp folder.

    python test/agno-peer/server.py --port 0 [--key KEY] [--dump FILE] [--otlp URL] [--tracing]

Writes a few conversations through agno itself first, so every session, run, message, tool
execution, event and metric in the database is agno's own output; then serves AgentOS on
127.0.0.1 and prints "ready <port>" on stdout. The security key is --key, else $OS_SECURITY_KEY,
else "agno-peer-key". --dump writes the sessions and runs as agno's db API reads them back.
"""
import argparse, asyncio, json, os, shutil, signal, socket, sys, tempfile, time

os.environ["AGNO_TELEMETRY"] = "false"  # the peer must never reach the network
# agno logs to stdout: keep stdout for the one "ready <port>" line, send the rest to stderr.
READY_OUT = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)

from agno.agent import Agent
from agno.db.base import SessionType
from agno.db.sqlite import SqliteDb
from agno.models.response import ModelResponse
from agno.os import AgentOS
from agno.os.settings import AgnoAPISettings
from agno.session import AgentSession
from agno.tools import tool

# Older agno (2.5) kept the metrics dataclass elsewhere; tolerated so the provider can be tried against
# older releases (see setup.sh).
try:
    from agno.metrics import MessageMetrics
except ImportError:
    from agno.models.metrics import Metrics as MessageMetrics
from agno.agent._storage import get_agent_data

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teams as team_scenarios  # noqa: E402  teams, workflows and the other scenarios of issue 10
import paused as paused_scenarios  # noqa: E402  runs paused for a person (confirmation, user input)
import telemetry  # noqa: E402  --otlp / --tracing: OpenTelemetry with OpenInference's Agno instrumentation


@tool
def get_weather(city: str) -> str:
    """Current weather for a city, as JSON."""
    return json.dumps({"city": city, "temp_c": 21, "sky": "clear"})


@tool
def get_stock_price(symbol: str) -> str:
    """A quote service that is always down: the failing tool."""
    raise RuntimeError(f"quote service unavailable for {symbol}")


CHUNK_PAUSE_S = 0.05


def usage(n_in, n_out, reasoning=0):
    return MessageMetrics(input_tokens=n_in, output_tokens=n_out, total_tokens=n_in + n_out, reasoning_tokens=reasoning)


class ScriptedModel(team_scenarios.TurnModel):
    """A deterministic stand-in for an LLM: the last message picks the answer, in chunks."""

    chunk_pause_s = CHUNK_PAUSE_S

    def turn(self, messages):
        last = messages[-1]
        n_in = sum(len(str(m.content or "").split()) for m in messages)
        if last.role == "tool":
            results = [str(m.content) for m in messages if m.role == "tool"]
            return [ModelResponse(content="Results: "), ModelResponse(content=" | ".join(results), response_usage=usage(n_in, 12))]
        text = str(last.content or "")
        calls = [(n, a) for word, n, a in (("weather", "get_weather", {"city": "Lisbon"}), ("stock", "get_stock_price", {"symbol": "AGNO"})) if word in text]
        if calls:
            ids = [f"call_{len(messages)}_{i}" for i in range(len(calls))]
            return [
                ModelResponse(reasoning_content="The user wants live data: "),
                ModelResponse(reasoning_content=f"call {' and '.join(n for n, _ in calls)}."),
                ModelResponse(
                    tool_calls=[{"id": i, "type": "function", "function": {"name": n, "arguments": json.dumps(a)}} for i, (n, a) in zip(ids, calls)],
                    response_usage=usage(n_in, 20, reasoning=9),
                ),
            ]
        words = f"You said: {text}".split(" ")
        return [ModelResponse(content=w if i == 0 else " " + w) for i, w in enumerate(words)] + [ModelResponse(response_usage=usage(n_in, len(words)))]


def write_conversations(db, helper, echo):
    # Sessions made up front (as POST /sessions does) a minute apart, so "newest first" is testable
    # without the peer sleeping a second between conversations.
    base = int(time.time()) - 3600
    plan = [(echo, f"s-echo-{i}") for i in range(1, 6)] + [(helper, "s-tools"), (helper, "s-stream")]
    for k, (agent, sid) in enumerate(plan):
        db.upsert_session(AgentSession(session_id=sid, agent_id=agent.id, user_id="peer-user", agent_data=get_agent_data(agent), session_data={}, created_at=base + 60 * k))
    for i in range(1, 6):
        echo.run(f"hello number {i}", session_id=f"s-echo-{i}", user_id="peer-user")
    helper.run("What is the weather in Lisbon and the stock price of AGNO?", session_id="s-tools", user_id="peer-user")
    helper.run("Thanks, that is all.", session_id="s-tools", user_id="peer-user")
    for _ in helper.run("Streamed: weather and stock please", session_id="s-stream", user_id="peer-user", stream=True, stream_events=True):
        pass


def dump(db, agents, path, teams=(), workflows=()):
    sessions = [s for t in (SessionType.AGENT, SessionType.TEAM, SessionType.WORKFLOW) for s in db.get_sessions(session_type=t, sort_by="created_at", sort_order="desc")]
    out = {
        "agents": [{**get_agent_data(a), "description": a.description} for a in agents],
        "teams": [{"team_id": t.id, "name": t.name, "model": {"id": t.model.id, "provider": t.model.provider}, "members": [m.id for m in t.members]} for t in teams],
        "workflows": [{"workflow_id": w.id, "name": w.name} for w in workflows],
        "sessions": [],
        "runs": {},
    }
    for s in sessions:
        # agno 3 keeps runs in a table of their own; agno 2 keeps them on the session.
        runs = db.get_runs(session_id=s.session_id) if hasattr(db, "get_runs") else (s.runs or [])
        out["runs"][s.session_id] = [r.to_dict() for r in runs]
        out["sessions"].append({k: v for k, v in s.to_dict().items() if k != "runs"})
    with open(path, "w") as f:
        json.dump(out, f, indent=1, default=str)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--key", default=os.environ.get("OS_SECURITY_KEY") or "agno-peer-key")
    ap.add_argument("--dump")
    ap.add_argument("--otlp", help="send OpenTelemetry spans of every run to this OTLP/HTTP endpoint (e.g. http://127.0.0.1:4318)")
    ap.add_argument("--tracing", action="store_true", help="AgentOS tracing on: agno stores its runs' spans and serves /traces")
    args = ap.parse_args()

    db_dir = tempfile.mkdtemp(prefix="agno-peer-")
    db = SqliteDb(db_file=os.path.join(db_dir, "agno.db"))
    telemetry.setup(db, otlp_url=args.otlp, tracing=args.tracing)
    helper = Agent(
        id="helper", name="Helper", model=ScriptedModel(id="scripted-helper", name="Scripted", provider="PeerScript"),
        description="Answers with tools.", instructions="Use the tools for live data.",
        db=db, tools=[get_weather, get_stock_price], store_events=True, telemetry=False,
    )
    echo = Agent(id="echo", name="Echo", model=ScriptedModel(id="scripted-echo", name="Scripted", provider="PeerScript"), db=db, telemetry=False)
    write_conversations(db, helper, echo)
    more_agents, teams, workflows = team_scenarios.build(db)
    team_scenarios.write(teams, more_agents, workflows)
    paused_agents, paused_teams, paused_workflows = paused_scenarios.build(db)
    paused_scenarios.write(paused_agents, paused_teams, paused_workflows)
    more_agents = [*more_agents, *paused_agents]
    teams = [*teams, *paused_teams]
    workflows = [*workflows, *paused_workflows]
    if args.dump:
        dump(db, [helper, echo, *more_agents], args.dump, teams, workflows)
    telemetry.flush()

    import uvicorn
    app = AgentOS(agents=[helper, echo, *more_agents], teams=teams, workflows=workflows, db=db, telemetry=False, tracing=args.tracing, settings=AgnoAPISettings(os_security_key=args.key)).get_app()
    sock = socket.socket()
    sock.bind(("127.0.0.1", args.port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))

    async def serve():
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        print(f"ready {sock.getsockname()[1]}", file=READY_OUT, flush=True)
        await task

    # uvicorn shuts down on SIGTERM (start.ts's stop()) and then re-raises it: a handler of our own
    # turns that into SystemExit, so the finally below removes the database folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        asyncio.run(serve())
    finally:
        shutil.rmtree(db_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
