"""Teams and workflows for the AgentOS test peer (imported by server.py).

Everything here is written by agno itself: a scripted model on agno's own Model base class picks
each turn from the conversation so far (no network), and agno runs the teams and workflows, stores
their runs, events and metrics. The scenarios cover what the provider must read faithfully:

- a coordinate-mode team whose leader delegates to two members in one model turn (parallel tool
  calls); the members call tools, one of which raises; the leader writes its own answer after; the
  team stores its events (and so holds its members' events inside its run);
- a route-mode team that hands the question to one member, which answers directly;
- an agent whose model reports cache reads/writes and a cost; an agent whose model fails mid-run
  (after its first tool call), once streamed with stored events and once not;
- a workflow with an agent step, a function step and a team step, storing its events; a workflow
  whose function step raises.
"""
import json

from agno.agent import Agent
from agno.models.base import Model
from agno.models.response import ModelResponse
from agno.team import Team
from agno.tools import tool
from agno.workflow import Step, Workflow
from agno.workflow.types import StepInput, StepOutput

try:
    from agno.team.mode import TeamMode
except ImportError:  # older agno: mode is a plain string
    TeamMode = None

try:
    from agno.metrics import MessageMetrics
except ImportError:
    from agno.models.metrics import Metrics as MessageMetrics


def usage(n_in, n_out, reasoning=0, cache_read=0, cache_write=0, cost=None):
    m = MessageMetrics(input_tokens=n_in, output_tokens=n_out, total_tokens=n_in + n_out + cache_read + cache_write, reasoning_tokens=reasoning, cache_read_tokens=cache_read, cache_write_tokens=cache_write)
    if cost is not None:
        m.cost = cost
    return m


def words_in(messages):
    return sum(len(str(m.content or "").split()) for m in messages)


class TurnModel(Model):
    """A scripted model: `turn(messages)` returns the list of ModelResponse chunks of the next turn."""

    # Pause between streamed chunks: paced like a real model, so a client can tell streaming from a
    # buffered answer.
    chunk_pause_s = 0.02

    def turn(self, messages):  # overridden
        raise NotImplementedError

    def _whole(self, messages):
        out = ModelResponse(role="assistant", content=None, reasoning_content=None)
        for c in self.turn(messages):
            for field in ("content", "reasoning_content"):
                if getattr(c, field) is not None:
                    setattr(out, field, (getattr(out, field) or "") + getattr(c, field))
            out.tool_calls += c.tool_calls
            out.response_usage = c.response_usage or out.response_usage
        return out

    def invoke(self, messages, assistant_message=None, **kw):
        return self._whole(messages)

    async def ainvoke(self, messages, assistant_message=None, **kw):
        return self._whole(messages)

    def invoke_stream(self, messages, assistant_message=None, **kw):
        yield from self.turn(messages)

    async def ainvoke_stream(self, messages, assistant_message=None, **kw):
        import asyncio

        for c in self.turn(messages):
            await asyncio.sleep(self.chunk_pause_s)
            yield c

    def _parse_provider_response(self, response, **kw):
        return response

    def _parse_provider_response_delta(self, response):
        return response


def call(i, name, args):
    return {"id": i, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


def chunks(text, metrics):
    words = text.split(" ")
    return [ModelResponse(content=w if i == 0 else " " + w) for i, w in enumerate(words)] + [ModelResponse(response_usage=metrics)]


class MemberModel(TurnModel):
    """A member: calls its one tool for the task, then reports the tool's result."""

    def turn(self, messages):
        last = messages[-1]
        n_in = words_in(messages)
        if last.role == "tool":
            return chunks(f"{self.id} found: {last.content}", usage(n_in, 9))
        tool_name = "get_weather" if "weather" in self.id else "get_stock_price"
        args = {"city": "Lisbon"} if tool_name == "get_weather" else {"symbol": "AGNO"}
        return [
            ModelResponse(reasoning_content=f"{self.id} needs {tool_name}."),
            ModelResponse(tool_calls=[call(f"{self.id}_call_{len(messages)}", tool_name, args)], response_usage=usage(n_in, 7, reasoning=3)),
        ]


class LeaderModel(TurnModel):
    """A team leader: delegates to every member in one turn (coordinate) or to the first (route), then answers."""

    members = ()

    def turn(self, messages):
        last = messages[-1]
        n_in = words_in(messages)
        if last.role == "tool":
            results = [str(m.content) for m in messages if m.role == "tool"]
            return chunks("Team answer: " + " / ".join(results), usage(n_in, 15))
        calls = [call(f"{self.id}_delegate_{i}", "delegate_task_to_member", {"member_id": m, "task": f"Ask {m} about {last.content}"}) for i, m in enumerate(self.members)]
        return [ModelResponse(reasoning_content="Split the question between the members."), ModelResponse(tool_calls=calls, response_usage=usage(n_in, 11, reasoning=4))]


class CacheModel(TurnModel):
    """Reports cache reads and writes and a provider cost, as OpenRouter-style providers do."""

    def turn(self, messages):
        return chunks("Cached answer.", usage(words_in(messages), 3, cache_read=40, cache_write=8, cost=0.00125))


class FailingModel(TurnModel):
    """Calls a tool, then fails when asked for the next turn: a model error in the middle of a run."""

    def turn(self, messages):
        if messages[-1].role == "tool":
            raise RuntimeError("scripted model outage after the tool call")
        return [ModelResponse(tool_calls=[call(f"crash_call_{len(messages)}", "get_weather", {"city": "Porto"})], response_usage=usage(words_in(messages), 5))]


@tool
def get_weather(city: str) -> str:
    """Current weather for a city, as JSON."""
    return json.dumps({"city": city, "temp_c": 21, "sky": "clear"})


@tool
def get_stock_price(symbol: str) -> str:
    """A quote service that is always down: the failing tool."""
    raise RuntimeError(f"quote service unavailable for {symbol}")


def shout(step_input: StepInput) -> StepOutput:
    """A function step: turns the previous step's output to upper case."""
    return StepOutput(content=str(step_input.previous_step_content or step_input.input).upper())


def broken(step_input: StepInput) -> StepOutput:
    raise ValueError("the formatter step is broken")


def mode(name):
    return getattr(TeamMode, name) if TeamMode else name


def build(db):
    """The members, teams, agents and workflows; returns (agents, teams, workflows)."""
    model = lambda cls, mid, **kw: cls(id=mid, name="Scripted", provider="PeerScript", **kw)  # noqa: E731
    weather = Agent(id="weather-agent", name="Weather agent", model=model(MemberModel, "scripted-weather"), tools=[get_weather], db=db, telemetry=False)
    stock = Agent(id="stock-agent", name="Stock agent", model=model(MemberModel, "scripted-stock"), tools=[get_stock_price], db=db, telemetry=False)
    leader = model(LeaderModel, "scripted-leader")
    leader.members = ("weather-agent", "stock-agent")
    coordinate = Team(id="desk", name="Research desk", mode=mode("coordinate"), members=[weather, stock], model=leader, db=db, store_events=True, telemetry=False)
    router = model(LeaderModel, "scripted-router")
    router.members = ("weather-agent",)
    route = Team(id="router", name="Router", mode=mode("route"), respond_directly=True, members=[weather, stock], model=router, db=db, telemetry=False)
    cache = Agent(id="cache-agent", name="Cache agent", model=model(CacheModel, "scripted-cache"), db=db, telemetry=False)
    crash = Agent(id="crash-agent", name="Crash agent", model=model(FailingModel, "scripted-crash"), tools=[get_weather], db=db, store_events=True, telemetry=False)
    # A team used as a workflow step gets a model of its own so its runs are told apart.
    step_leader = model(LeaderModel, "scripted-step-leader")
    step_leader.members = ("weather-agent", "stock-agent")
    step_team = Team(id="step-desk", name="Step desk", mode=mode("coordinate"), members=[weather, stock], model=step_leader, db=db, telemetry=False)
    pipeline = Workflow(
        id="pipeline", name="Pipeline", db=db, store_events=True, telemetry=False,
        steps=[Step(name="research", agent=weather), Step(name="shout", executor=shout), Step(name="review", team=step_team)],
    )
    fragile = Workflow(id="fragile", name="Fragile", db=db, telemetry=False, steps=[Step(name="research", agent=weather), Step(name="format", executor=broken, max_retries=0)])
    return [cache, crash, weather, stock], [coordinate, route, step_team], [pipeline, fragile]


def write(teams, agents, workflows):
    """Runs every scenario once through agno; session ids are fixed so tests can find them."""
    coordinate, route, _ = teams
    cache, crash = agents[0], agents[1]
    pipeline, fragile = workflows
    for _ in coordinate.run("weather and stock for Lisbon", session_id="t-desk", user_id="peer-user", stream=True, stream_events=True):
        pass
    route.run("weather in Lisbon", session_id="t-router", user_id="peer-user")
    cache.run("cached question", session_id="a-cache", user_id="peer-user")
    crash.run("crash please", session_id="a-crash", user_id="peer-user")
    for _ in crash.run("crash while streaming", session_id="a-crash-stream", user_id="peer-user", stream=True, stream_events=True):
        pass
    for _ in pipeline.run("weather report", session_id="w-pipeline", user_id="peer-user", stream=True, stream_events=True):
        pass
    try:
        fragile.run("weather report", session_id="w-fragile", user_id="peer-user")
    except Exception:
        pass
