// A chat turn's event store, in plain Node: it says who the turn was with as the host said it
// (the chat's target, whose provider is the connection's registry kind), not a made-up source,
// and the page's model takes no turn before it knows that target.
import * as assert from 'assert';
import type { ChatTargetInfo, ChatTurn } from '../../src/protocol/chat';
import { allDescriptors } from '../../src/providers/registry';
import { ChatModel } from '../../webview/chat/chatModel';
import { storeFor } from '../../webview/chat/turnStore';
import { events as eventsOf } from '../builders';

const target = (provider: string): ChatTargetInfo => ({
  provider,
  connectionLabel: `${provider} (local)`,
  agentId: 'a-1',
  agentName: 'Agent One',
  canGreet: false,
  streams: true,
});

describe('chat turn store', () => {
  it('carries the chat target’s provider, connection and agent for every registered kind', () => {
    const r = eventsOf('r1');
    for (const { kind } of allDescriptors()) {
      const store = storeFor('t1', target(kind), [r.user('hi'), r.assistant('hello')]);
      assert.deepStrictEqual(
        {
          provider: store.header?.provider,
          connection: store.header?.connectionLabel,
          agent: store.header?.agentId,
          name: store.header?.agentName,
        },
        { provider: kind, connection: `${kind} (local)`, agent: 'a-1', name: 'Agent One' },
      );
      assert.strictEqual(store.events.length, 2);
    }
  });

  it('the page model refuses turns before chat/init says whose they are', () => {
    const model = new ChatModel();
    const turn: ChatTurn = { id: 't1', userText: 'hi', status: 'pending', events: [] };
    assert.match(model.apply({ type: 'chat/turnStart', turn }) ?? '', /before chat\/init/);
    assert.match(model.apply({ type: 'chat/history', turns: [turn] }) ?? '', /before chat\/init/);
    assert.strictEqual(model.turns.length, 0);
    model.apply({ type: 'chat/init', target: target(allDescriptors()[0]!.kind), turns: [], draft: '', loadingHistory: false });
    assert.strictEqual(model.apply({ type: 'chat/turnStart', turn }), undefined);
    assert.strictEqual(model.turns.length, 1);
  });
});
