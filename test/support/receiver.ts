import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A local webhook receiver (and status document server) for channel tests: records every request,
 * answers with `status` (settable), and can be stopped and restarted on the same port to play a
 * receiver that is down and comes back.
 */
export class Receiver {
  requests: ReceivedRequest[] = [];
  status = 200;
  /** Served on GET (a channel's status URL). */
  document: unknown = null;
  /** Served on GET instead of `document` when set: any bytes, with `rawStatus`. */
  raw: string | Buffer | null = null;
  rawStatus = 200;
  /** Body of the answer to a POST (default `ok` / `unavailable`). */
  postBody: string | null = null;
  private server?: http.Server;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.method === 'GET' && this.raw !== null) {
          // Chunked, without Content-Length: the client has to count what it reads.
          res.writeHead(this.rawStatus, { 'content-type': 'application/json' });
          res.on('error', () => undefined);
          res.write(this.raw);
          res.end();
          return;
        }
        if (req.method === 'GET') {
          res
            .writeHead(this.document ? 200 : 404, { 'content-type': 'application/json' })
            .end(JSON.stringify(this.document));
          return;
        }
        res
          .writeHead(this.status, { 'content-type': 'text/plain' })
          .end(this.postBody ?? (this.status < 300 ? 'ok' : 'unavailable'));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
