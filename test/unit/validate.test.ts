import assert from 'node:assert/strict';
import { normaliseBaseUrl, tokenHint, validateAgentId, validateToken, validateUrl, validateUuid } from '../../src/connections/validate';

describe('connection validation', () => {
  it('URLs', () => {
    assert.equal(validateUrl('https://api.letpiper.com'), undefined);
    assert.equal(validateUrl('http://127.0.0.1:7777'), undefined);
    assert.match(validateUrl('')!, /Enter/);
    assert.match(validateUrl('api.letpiper.com')!, /Not a URL/);
    assert.match(validateUrl('ftp://x')!, /http/);
    assert.match(validateUrl('https://user:secret@host')!, /credentials/);
    assert.equal(normaliseBaseUrl(' https://x.test/api/ '), 'https://x.test/api');
  });
  it('UUIDs', () => {
    assert.equal(validateUuid('3c90c3cc-0d44-4b50-8888-8dd25736052a'), undefined);
    assert.ok(validateUuid('3c90c3cc'));
    assert.ok(validateUuid(''));
  });
  it('tokens', () => {
    assert.ok(validateToken(''));
    assert.ok(validateToken('pat abc'));
    assert.match(validateToken('Bearer abc')!, /Bearer/);
    assert.equal(validateToken('pat_fake'), undefined);
    assert.match(tokenHint('abc', 'piper')!, /pat_/);
    assert.equal(tokenHint('abc', 'foundry'), undefined);
  });
  it('agent ids', () => {
    assert.ok(validateAgentId('nope', 'piper'));
    assert.equal(validateAgentId('3c90c3cc-0d44-4b50-8888-8dd25736052a', 'piper'), undefined);
    assert.ok(validateAgentId('agent', 'foundry'));
    assert.equal(validateAgentId('ri.aip-agents..agent.1', 'foundry'), undefined);
  });
});
