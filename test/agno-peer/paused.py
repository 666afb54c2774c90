"""Runs paused for a person, for the AgentOS test peer (imported by server.py).

agno itself pauses and stores them: an agent whose tools need a confirmation
(requires_confirmation=True), user input (requires_user_input with a typed field the model leaves
to the person) and an external execution. A scripted model (no network) asks for the tool the
message names. Sessions written here:

- p-confirm-left: streamed with stored events, left paused for confirmation;
- p-input-left: not streamed (no stored events), left paused for user input;
- p-confirm-go, p-input-go, p-reject-go: paused the same way, for the tests to continue through
  AgentOS's /continue route from the provider;
- a coordinate team `guard-desk` whose member `guard-member` has those tools: the member pauses, and
  so the team (agno keeps the member's tool in the team run's requirements only). pt-confirm-left
  (streamed, events stored) is left paused, pt-confirm-go the tests continue through
  /teams/{id}/runs/{run_id}/continue; pt-input-left (not streamed, no stored events) is left paused;
- an agent `gatekeeper` whose tool carries agno's @approval (a required approval: agno writes a
  pending approval record, listed by /approvals, when the run pauses): pa-approve-go and
  pa-reject-go, continued by the tests, which resolve the record first as agno's own interfaces do;
- workflows paused for a person: `gated` asks to confirm its function step (pw-confirm-left left
  paused, pw-confirm-go and pw-reject-go continued by the tests), `asking` asks for a typed value
  before its step (pw-input-go continued; pw-input-left not streamed, left paused), `guarded` has an
  agent step whose tool needs a confirmation (the executor pauses, and so the workflow: pw-exec-left,
  pw-exec-go), all continued through /workflows/{id}/runs/{run_id}/continue.
"""
import json

from agno.agent import Agent
from agno.approval import approval
from agno.models.response import ModelResponse
from agno.tools import tool

from agno.team import Team
from agno.workflow import Step, Workflow
from agno.workflow.types import HumanReview, StepInput, StepOutput

from teams import LeaderModel, TurnModel, call, chunks, mode, usage, words_in


@tool(requires_confirmation=True)
def delete_file(path: str) -> str:
    """Deletes a file (asks a person first)."""
    return json.dumps({"deleted": path})


@tool(requires_user_input=True, user_input_fields=["reason"])
def send_email(to: str, reason: str) -> str:
    """Sends an email; the person says why."""
    return f"sent to {to}: {reason}"


@approval
@tool(requires_confirmation=True)
def wire_money(amount: int) -> str:
    """Sends money: an admin approves it (an approval record in agno's db)."""
    return json.dumps({"sent": amount})


@tool(external_execution=True)
def run_shell(cmd: str) -> str:
    """Runs a shell command somewhere else."""
    return ""


ASKS = (("delete", "delete_file", {"path": "/tmp/report.txt"}), ("email", "send_email", {"to": "ops@example.com"}), ("shell", "run_shell", {"cmd": "ls"}), ("wire", "wire_money", {"amount": 250}))


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
    """(agents, teams): the guard agent; the team whose member pauses (and its member)."""
    guard = Agent(id="guard", name="Guard", model=GuardModel(id="scripted-guard", name="Scripted", provider="PeerScript"), tools=[delete_file, send_email, run_shell], db=db, store_events=True, telemetry=False)
    member = Agent(id="guard-member", name="Guard member", model=GuardModel(id="scripted-guard-member", name="Scripted", provider="PeerScript"), tools=[delete_file, send_email], db=db, telemetry=False)
    lead = LeaderModel(id="scripted-guard-lead", name="Scripted", provider="PeerScript")
    lead.members = ("guard-member",)
    desk = Team(id="guard-desk", name="Guard desk", mode=mode("coordinate"), members=[member], model=lead, db=db, store_events=True, telemetry=False)
    gatekeeper = Agent(id="gatekeeper", name="Gatekeeper", model=GuardModel(id="scripted-gatekeeper", name="Scripted", provider="PeerScript"), tools=[wire_money], db=db, store_events=True, telemetry=False)
    writer = Agent(id="guard-writer", name="Guard writer", model=GuardModel(id="scripted-guard-writer", name="Scripted", provider="PeerScript"), db=db, telemetry=False)
    gated = Workflow(id="gated", name="Gated", db=db, store_events=True, telemetry=False, steps=[
        Step(name="draft", agent=writer),
        Step(name="publish", executor=publish, human_review=HumanReview(requires_confirmation=True, confirmation_message="Publish the draft?")),
    ])
    asking = Workflow(id="asking", name="Asking", db=db, store_events=True, telemetry=False, steps=[
        Step(name="draft", agent=writer),
        Step(name="tone", executor=with_tone, human_review=HumanReview(requires_user_input=True, user_input_message="Which tone should it have?", user_input_schema=[{"name": "tone", "field_type": "str", "description": "How it should sound"}])),
    ])
    guarded = Workflow(id="guarded", name="Guarded", db=db, store_events=True, telemetry=False, steps=[Step(name="cleanup", agent=member)])
    return [guard, member, writer, gatekeeper], [desk], [gated, asking, guarded]


def publish(step_input: StepInput) -> StepOutput:
    """A function step run only once a person confirmed it."""
    return StepOutput(content=f"Published: {step_input.previous_step_content}")


def with_tone(step_input: StepInput) -> StepOutput:
    """A function step that uses the value a person gave before it ran."""
    given = (step_input.additional_data or {}).get("user_input") or {}
    return StepOutput(content=f"{step_input.previous_step_content} (tone: {given.get('tone')})")


def write(agents, teams=(), workflows=()):
    guard, gatekeeper = agents[0], agents[3]
    for sid in ("pa-approve-go", "pa-reject-go"):
        for _ in gatekeeper.run("wire the money please", session_id=sid, user_id="peer-user", stream=True, stream_events=True):
            pass
    for wf in workflows:
        plan = {
            "gated": (("pw-confirm-left", True), ("pw-confirm-go", True), ("pw-reject-go", True)),
            "asking": (("pw-input-go", True), ("pw-input-left", False)),
            "guarded": (("pw-exec-left", True), ("pw-exec-go", True)),
        }[wf.id]
        message = "please delete the report" if wf.id == "guarded" else "write the weekly note"
        for sid, streamed in plan:
            if streamed:
                for _ in wf.run(message, session_id=sid, user_id="peer-user", stream=True, stream_events=True):
                    pass
            else:
                wf.run(message, session_id=sid, user_id="peer-user")
    for desk in teams:
        for sid, message, streamed in (("pt-confirm-left", "please delete the report", True), ("pt-confirm-go", "please delete the report", True), ("pt-input-left", "email the team please", False)):
            if streamed:
                for _ in desk.run(message, session_id=sid, user_id="peer-user", stream=True, stream_events=True):
                    pass
            else:
                desk.run(message, session_id=sid, user_id="peer-user")
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
