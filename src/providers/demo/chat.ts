// The demo's scripted answer to a chat message: always the same reply to the same message, built
// with the session builder so its tokens, costs and times agree like the samples'. It searches the
// sample titles for the message's words, so the reply points at something real in the demo.
import type { Agent, Run, SessionSummary } from '../../model';
import { SessionBuilder } from './builder';
import type { ModelName } from './pricing';
import { MODELS } from './pricing';

export interface ScriptedTurn {
  sessionId: string;
  agent: Agent;
  /** Distinguishes this turn's ids from the session's existing ones. */
  turn: number;
  startMs: number;
  message: string;
  samples: readonly SessionSummary[];
}

function matches(message: string, samples: readonly SessionSummary[]): Array<{ sessionId: string; title: string; score: number }> {
  const words = new Set(
    message
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
  return samples
    .map((s) => ({
      sessionId: s.id,
      title: s.title,
      score: s.title
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => words.has(w)).length,
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, 3);
}

/** Builds the run the demo "agent" answers with (not yet streamed). */
export function scriptedRun(t: ScriptedTurn): Run {
  const model: ModelName = t.agent.model && t.agent.model in MODELS ? (t.agent.model as ModelName) : 'gpt-4.1-mini';
  const b = new SessionBuilder({
    slug: `chat/${t.sessionId}/${t.turn}`,
    id: t.sessionId,
    agentId: t.agent.id,
    agentName: t.agent.name,
    title: '',
    start: new Date(t.startMs).toISOString(),
    model,
  });
  const text = t.message.trim();
  b.run({ title: text ? 'Chat' : 'Greeting', reportTotals: true }, (r) => {
    if (!text) {
      r.assistant(`Hi! I am the demo **${t.agent.name}**. Ask me anything: I answer from a script, and nothing leaves your machine.`);
      return;
    }
    r.user(text);
    r.reasoning('This is the demo source: look the question up in the sample session titles and answer from the script.', {
      effort: 'low',
    });
    const found = matches(text, t.samples);
    const call = r.toolCall('search_sample_sessions', { query: text, limit: 3 });
    r.toolResult(call, { query: text, matches: found.map(({ sessionId, title }) => ({ sessionId, title })) }, { latencyMs: 35 });
    const quoted = text
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    const related = found.length
      ? `Related sample sessions:\n\n${found.map((m) => `- ${m.title}`).join('\n')}`
      : 'No sample session title matches those words; try "revenue", "churn" or "database".';
    r.assistant(
      `You asked:\n\n${quoted}\n\nThis is a **scripted reply** from the demo source, so it cannot really answer. ` +
        `Connect Piper, Agno or Foundry with **Add Connection…** to talk to a real agent.\n\n${related}`,
    );
  });
  return b.build().runs[0];
}
