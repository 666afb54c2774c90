// A throwaway HTTP server on 127.0.0.1 that remembers every request reaching it: the security
// tests point one connection at two of these and count what arrives at the one that must see
// nothing. `respond` decides the answer (default: 401, like a server that rejects the token).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method?: string;
  url?: string;
  authorization?: string;
}

export interface Recorder {
  url: string;
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Respond = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const refuse: Respond = (_req, res) => {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ detail: 'Invalid authentication credentials' }));
};

export function startRecorder(respond: Respond = refuse): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => respond(req, res));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        origin: url,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

export { tokenPieces as pieces } from '../simulator/testing';
