"""Feeds every simulator response of the AIP Agents routes through the official Foundry SDK.

The SDK (`foundry-platform-sdk` on PyPI, pinned in requirements.txt) is generated from Palantir's
API spec and carries the API's pydantic models. This script is its client against the simulator
on 127.0.0.1 (never anything else): each call goes through the SDK's own request code and its
response through the SDK's own decoding, then once more strictly (no coercion of "1" to 1) and
through a walk that finds fields the SDK's models do not have. Errors must come back as the SDK's
typed exceptions, with parameters its models accept. Test peer only; run by
test/unit/foundry.sdk.test.ts.

Usage: python check.py '{"host": "127.0.0.1:PORT/foundry", "token": "...", "agents": [...],
        "missingAgent": "...", "richSession": "..."}'
Prints one JSON report on stdout: {"calls": [...], "problems": [...], "toolTypes": [...],
"sdkRoutes": [...], "sdkVersion": "..."}.
"""

import inspect
import json
import sys
import threading
import time
import typing
import uuid

import pydantic

import foundry_sdk
from foundry_sdk import Config, FoundryClient, UserTokenAuth
from foundry_sdk.v2.aip_agents import errors as agent_errors
from foundry_sdk.v2.aip_agents import models
from foundry_sdk.v2.core import errors as core_errors

config = json.loads(sys.argv[1])
client = FoundryClient(auth=UserTokenAuth(config["token"]), hostname=config["host"], config=Config(scheme="http"))
agents = client.aip_agents.Agent

calls: list = []
problems: list = []


def extras(value, path):
    """Paths of fields the SDK's models do not declare (kept by its `extra: allow`)."""
    if isinstance(value, pydantic.BaseModel):
        for key in value.model_extra or {}:
            yield f"{path}.{key}"
        for name, field in type(value).model_fields.items():
            yield from extras(getattr(value, name), f"{path}.{field.alias or name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from extras(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from extras(item, f"{path}.{key}")


def route_of(response) -> str:
    info = response._request_info
    return f"{info.method} {info.resource_path}"


def checked(label: str, call):
    """Runs a `with_raw_response` call; returns the SDK's decoded model (None when it refused)."""
    response = call()
    info = response._request_info
    route = route_of(response)
    type_name = getattr(typing.get_origin(info.response_type) or info.response_type, "__name__", str(info.response_type))
    entry = {"route": route, "label": label, "status": response.status_code, "model": type_name}
    calls.append(entry)
    if info.response_type is bytes:
        return response.decode()
    try:
        model = response.decode()
    except pydantic.ValidationError as e:
        problems.append({"route": route, "label": label, "problem": f"the SDK's {type_name} refuses the response: {e}"})
        return None
    try:
        pydantic.TypeAdapter(info.response_type).validate_json(response._response.content, strict=True)
    except pydantic.ValidationError as e:
        problems.append({"route": route, "label": label, "problem": f"only a lax {type_name} accepts the response (strict: {e})"})
    for path in extras(model, type_name):
        problems.append({"route": route, "label": label, "problem": f"{path} is not a field of the SDK's models"})
    return model


def expect_error(label: str, route: str, exc_class, call):
    """The call must raise the SDK's typed exception (its name known, its parameters valid)."""
    calls.append({"route": route, "label": label, "status": "error", "model": exc_class.__name__})
    try:
        call()
    except exc_class:
        return
    except Exception as e:  # noqa: BLE001 - any other outcome is the finding
        problems.append({"route": route, "label": label, "problem": f"expected the SDK's {exc_class.__name__}, got {type(e).__name__}: {e}"})
        return
    problems.append({"route": route, "label": label, "problem": f"expected the SDK's {exc_class.__name__}, the call succeeded"})


def expect_platform_error(label: str, route: str, exc_class, http_class, call):
    """An error the SDK does not list for the route: its generic `http_class`, whose body must be
    the platform's shape and name one of the SDK's errors with parameters its model accepts."""
    from foundry_sdk._errors.utils import deserialize_error

    calls.append({"route": route, "label": label, "status": "error", "model": exc_class.__name__})
    try:
        call()
    except http_class as e:
        body = {"errorName": e.name, "parameters": e.parameters, "errorInstanceId": e.error_instance_id}
        if not isinstance(deserialize_error(body, {exc_class.__name__: exc_class}), exc_class) or not e.error_code:
            problems.append({"route": route, "label": label, "problem": f"the body is not the SDK's {exc_class.__name__}: {e}"})
        return
    except Exception as e:  # noqa: BLE001
        problems.append({"route": route, "label": label, "problem": f"expected a {http_class.__name__}, got {type(e).__name__}: {e}"})
        return
    problems.append({"route": route, "label": label, "problem": f"expected the SDK's {exc_class.__name__}, the call succeeded"})


def pages(label: str, fetch):
    """Every page of a list route, through the raw call (so each page is checked)."""
    items, token = [], None
    while True:
        page = checked(label, lambda: fetch(token))
        if page is None:
            return items
        items.extend(page.data)
        token = page.next_page_token
        if not token:
            return items


raw_agents = agents.with_raw_response
raw_sessions = agents.Session.with_raw_response
raw_content = agents.Session.Content.with_raw_response
raw_traces = agents.Session.SessionTrace.with_raw_response

every = pages("all sessions", lambda t: raw_agents.all_sessions(page_size=100, page_token=t, preview=True))
for agent_rid in config["agents"]:
    checked("agent", lambda: raw_agents.get(agent_rid, preview=True))
    sessions = pages("sessions of an agent", lambda t: raw_sessions.list(agent_rid, page_size=50, page_token=t, preview=True))
    # Every session of the small agents; the big one's first pages are the same seeds again.
    for s in [x for x in sessions if x.rid == config["richSession"]] + sessions[:25]:
        checked("session", lambda: raw_sessions.get(agent_rid, s.rid, preview=True))
        content = checked("content", lambda: raw_content.get(agent_rid, s.rid, preview=True))
        for exchange in content.exchanges if content else []:
            checked("trace", lambda: raw_traces.get(agent_rid, s.rid, exchange.result.session_trace_id, preview=True))

# A chat, as the extension holds one: create, continue (blocking and streamed), stop one midway.
chat_agent = config["agents"][0]
created = checked("create session", lambda: raw_sessions.create(chat_agent, agent_version=None, preview=True))
rid = created.rid
result = checked("blocking continue", lambda: raw_sessions.blocking_continue(chat_agent, rid, user_input=models.UserTextInput(text="How many orders?"), parameter_inputs={}, preview=True))
checked("content after a chat", lambda: raw_content.get(chat_agent, rid, preview=True))
checked("trace after a chat", lambda: raw_traces.get(chat_agent, rid, result.session_trace_id, preview=True))
streamed = checked("streaming continue", lambda: raw_sessions.streaming_continue(chat_agent, rid, user_input=models.UserTextInput(text="And last month?"), parameter_inputs={}, preview=True))
if not isinstance(streamed, bytes) or not streamed:
    problems.append({"route": "streamingContinue", "label": "streaming continue", "problem": "no markdown bytes came back"})

# Cancel a slow streamed answer midway, keeping what was said as the response.
message_id = str(uuid.uuid4())
stream_done = threading.Event()


def slow_stream():
    try:
        agents.Session.streaming_continue(chat_agent, rid, user_input=models.UserTextInput(text="slow answer please"), parameter_inputs={}, message_id=message_id, preview=True)
    finally:
        stream_done.set()


threading.Thread(target=slow_stream, daemon=True).start()
time.sleep(0.3)
cancelled = checked("cancel with a response", lambda: raw_sessions.cancel(chat_agent, rid, message_id=message_id, response="Stopped early.", preview=True))
if cancelled is not None and (cancelled.result is None or cancelled.result.agent_markdown_response != "Stopped early." or not cancelled.result.interrupted_output):
    problems.append({"route": "cancel", "label": "cancel with a response", "problem": f"the result is not the client's response, interrupted: {cancelled.result!r}"})
stream_done.wait(10)
after = checked("content after a cancel", lambda: raw_content.get(chat_agent, rid, preview=True))
if after is not None and after.exchanges[-1].result.agent_markdown_response != "Stopped early.":
    problems.append({"route": "cancel", "label": "content after a cancel", "problem": "the cancelled exchange was not stored with the client's response"})

# Cancel without a response: nothing is stored, the answer is empty.
message_id = str(uuid.uuid4())
stream_done.clear()
before = len(after.exchanges) if after else 0
threading.Thread(target=slow_stream, daemon=True).start()
time.sleep(0.3)
bare = checked("cancel without a response", lambda: raw_sessions.cancel(chat_agent, rid, message_id=message_id, preview=True))
if bare is not None and bare.result is not None:
    problems.append({"route": "cancel", "label": "cancel without a response", "problem": "a result came back though no response was given"})
stream_done.wait(10)
later = checked("content after a bare cancel", lambda: raw_content.get(chat_agent, rid, preview=True))
if later is not None and len(later.exchanges) != before:
    problems.append({"route": "cancel", "label": "content after a bare cancel", "problem": "an exchange was stored though the cancel gave no response"})

# Errors, as the SDK's typed exceptions.
session_path = "/v2/aipAgents/agents/{agentRid}/sessions/{sessionRid}"
missing_session = "ri.aip-agents..session.00000000-0000-4000-8000-000000000000"
expect_error("unknown agent", "GET /v2/aipAgents/agents/{agentRid}", agent_errors.AgentNotFound, lambda: agents.get(config["missingAgent"], preview=True))
expect_error("unknown session", f"GET {session_path}", agent_errors.SessionNotFound, lambda: agents.Session.get(chat_agent, missing_session, preview=True))
expect_error("unknown trace", f"GET {session_path}/sessionTraces/{{sessionTraceId}}", agent_errors.SessionTraceNotFound, lambda: agents.Session.SessionTrace.get(chat_agent, rid, str(uuid.uuid4()), preview=True))
expect_error("cancel of nothing in progress", f"POST {session_path}/cancel", agent_errors.CancelSessionFailedMessageNotInProgress, lambda: agents.Session.cancel(chat_agent, rid, message_id=str(uuid.uuid4()), preview=True))
expect_platform_error("bad page token", "GET /v2/aipAgents/agents/allSessions", core_errors.InvalidPageToken, foundry_sdk.BadRequestError, lambda: next(iter(agents.all_sessions(page_token="not-a-token", preview=True))))
expect_platform_error("preview not asked for", "GET /v2/aipAgents/agents/{agentRid}", core_errors.ApiFeaturePreviewUsageOnly, foundry_sdk.BadRequestError, lambda: agents.get(chat_agent))
expect_error("agent failure", f"POST {session_path}/blockingContinue", agent_errors.AgentIterationsExceededLimit, lambda: agents.Session.blocking_continue(chat_agent, rid, user_input=models.UserTextInput(text="error please"), parameter_inputs={}, preview=True))


def sdk_routes():
    """Every AIP Agents route the SDK knows, read from its clients' request code."""
    import re

    from foundry_sdk.v2.aip_agents import agent, agent_version, content, session, session_trace

    found = set()
    for module in (agent, agent_version, content, session, session_trace):
        source = inspect.getsource(module)
        for method, path in re.findall(r'method="(\w+)",\s*resource_path="([^"]+)"', source):
            found.add(f"{method} {path}")
    return sorted(found)


print(json.dumps({
    "sdkVersion": foundry_sdk.__version__,
    "calls": calls,
    "problems": problems,
    "toolTypes": list(typing.get_args(models.ToolType)),
    "sdkRoutes": sdk_routes(),
}))
