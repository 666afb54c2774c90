// A saved Foundry session: `{ ...session, content, traces? }` or `{ session, content, traces? }`.
import { isObj, type Obj, type SessionFileReader } from '../sessionFile';
import { mapFoundrySession } from './map';

function looksFoundrySession(o: unknown): o is Obj {
  return isObj(o) && typeof o.rid === 'string';
}

export const foundryFile: SessionFileReader = {
  name: 'a Foundry session',
  expected: 'a Foundry session (rid + content.exchanges)',
  // First: its `session` + `content` would not be mistaken, but others' sniffing is looser.
  order: 1,
  read(json) {
    if (looksFoundrySession(json) && isObj(json.content)) {
      const { content, traces, ...session } = json;
      return { wrapped: false, map: () => mapFoundrySession(session, content, isObj(traces) ? traces : {}) };
    }
    if (looksFoundrySession(json.session) && 'content' in json) {
      const session = json.session;
      return { wrapped: true, map: () => mapFoundrySession(session, json.content, isObj(json.traces) ? json.traces : {}) };
    }
    return undefined;
  },
};
