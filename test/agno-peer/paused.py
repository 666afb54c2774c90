"""Runs paused for a person, for the AgentOS test peer (imported by server.py).

agno itself pauses and stores them: an agent whose tools need a confirmation
(requires_confirmation=True), user input (requires_user_input with a typed field the model leaves
to the person) and an external execution. A scripted model (no network) asks for the tool the
message names. Sessions written here:

- p-confirm-left: streamed with stored events, left paused for confirmation;
- p-input-left: not streamed (no stored events), left paused for user input;
- p-confirm-go, p-input-go, p-reject-go: paused the same way, for the tests to continue through
  AgentOS's /continue route from the provider.
"""
import json

from agno.agent import Agent
from agno.models.response import ModelResponse
from agno.tools import tool

from teams import TurnModel, call, chunks, usage, words_in


@tool(requires_confirmation=True)
def delete_file(path: str) -> str:
    """Deletes a file (asks a person first)."""
    return json.dumps({"deleted": path})


@tool(requires_user_input=True, user_input_fields=["reason"])
def send_email(to: str, reason: str) -> str:
    """Sends an email; the person says why."""
    return f"sent to {to}: {reason}"


@tool(external_execution=True)
def run_shell(cmd: str) -> str:
    """Runs a shell command somewhere else."""
    return ""


ASKS = (("delete", "delete_file", {"path": "/tmp/report.txt"}), ("email", "send_email", {"to": "ops@example.com"}), ("shell", "run_shell", {"cmd": "ls"}))


class GuardModel(TurnModel):
    """Asks for the tool the user's message names; after the tool answered, reports it."""

    def turn(self, messages):
        last = messages[-1]
        n_in = words_in(messages)
        if last.role == "tool":
            return chunks(f"Done: {last.content}", usage(n_in, 6))
        text = str(last.content or "")
        for word, name, args in ASKS:
            if word in text:
                return [ModelResponse(tool_calls=[call(f"call_{name}_{len(messages)}", name, args)], response_usage=usage(n_in, 8))]
        return chunks(f"You said: {text}", usage(n_in, 4))


def build(db):
    return [Agent(id="guard", name="Guard", model=GuardModel(id="scripted-guard", name="Scripted", provider="PeerScript"), tools=[delete_file, send_email, run_shell], db=db, store_events=True, telemetry=False)]


def write(agents):
    guard = agents[0]
    for sid, message, streamed in (
        ("p-confirm-left", "please delete the report", True),
        ("p-input-left", "email the team please", False),
        ("p-confirm-go", "please delete the report", True),
        ("p-reject-go", "please delete the report", True),
        ("p-input-go", "email the team please", True),
    ):
        if streamed:
            for _ in guard.run(message, session_id=sid, user_id="peer-user", stream=True, stream_events=True):
                pass
        else:
            guard.run(message, session_id=sid, user_id="peer-user")
