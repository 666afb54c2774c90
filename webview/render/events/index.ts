// Kind → renderer. Adding an event kind to the model fails the build here until it has one.
import type { EventRenderers } from '../eventView';
import { codeExecution } from './code';
import { errorEvent } from './error';
import { modelCall } from './modelCall';
import { assistantMessage, systemMessage, userMessage } from './messages';
import { otherEvent } from './other';
import { pendingInput } from './pending';
import { reasoning } from './reasoning';
import { toolCall, toolResult } from './tools';

export const renderers: EventRenderers = {
  user_message: userMessage,
  assistant_message: assistantMessage,
  system_message: systemMessage,
  reasoning,
  tool_call: toolCall,
  tool_result: toolResult,
  code_execution: codeExecution,
  model_call: modelCall,
  error: errorEvent,
  pending_input: pendingInput,
  other: otherEvent,
};
