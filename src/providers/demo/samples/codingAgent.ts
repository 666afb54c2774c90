// "Coding Agent": long generated sessions. They are described here and only generated when
// opened, so listing the demo never builds thousands of events.
import type { Agent } from '../../../model';
import { GENERATED_DEFAULTS, type GenerateOptions } from '../generate';
import { demoId } from '../prng';

export const codingAgent: Agent = {
  id: GENERATED_DEFAULTS.agentId,
  name: GENERATED_DEFAULTS.agentName,
  description: 'Works through long refactoring tasks in a repository: reads, edits, runs tests, commits.',
  model: GENERATED_DEFAULTS.model,
  type: 'agent',
};

/** The large sample (over 5,000 events) that shows how the inspector copes with size. */
export const LARGE_SESSION: GenerateOptions & { id: string; title: string; start: string } = {
  id: demoId('session:generated/large', 0),
  events: 5200,
  seed: 20261125,
  title: GENERATED_DEFAULTS.title,
  start: GENERATED_DEFAULTS.start,
};

const SMALL_SESSION: GenerateOptions & { id: string; title: string; start: string } = {
  id: demoId('session:generated/retries', 0),
  events: 140,
  seed: 1013,
  title: 'Add retries with backoff to the API client',
  start: '2026-11-12T13:15:00.000Z',
};

export const GENERATED_SESSIONS = [LARGE_SESSION, SMALL_SESSION];
