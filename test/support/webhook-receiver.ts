import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  /** Order of arrival at this receiver, from 1. */
  seq: number;
  webhookId: string;
  timestamp: string;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body. */
  json: Record<string, unknown>;
  receivedAt: number;
  /** What the receiver answered. */
  status: number;
}

/** How to answer one request: a status, headers, and optionally a delay before answering. */
export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type WebhookResponder = (request: ReceivedWebhook) => WebhookAnswer;

/**
 * A real local HTTP endpoint for webhook tests: records every request, answers what the test says (200 by
 * default), can go down and come back on the same port, and dedupes by `webhook-id` the way a subscriber
 * should.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private server?: Server;
  private port = 0;
  private responder: WebhookResponder = () => ({ status: 200 });
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly open = new Set<ServerResponse>();

  static async start(responder?: WebhookResponder): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    if (responder) receiver.respond(responder);
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  respond(responder: WebhookResponder): void {
    this.responder = responder;
  }

  /** Starts listening (again, on the same port after `down`). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          // Recorded as received; the test decides whether that is a failure.
        }
        const header = (name: string) => {
          const value = req.headers[name];
          return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
        };
        const request: ReceivedWebhook = {
          seq: this.requests.length + 1,
          webhookId: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          signature: header('webhook-signature'),
          headers: req.headers,
          body,
          json,
          receivedAt: Date.now(),
          status: 0,
        };
        const answer = this.responder(request);
        request.status = answer.status;
        this.requests.push(request);
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers ?? {}) });
          res.end(answer.status < 300 ? 'ok' : `status ${answer.status}`);
        };
        if (answer.delayMs) {
          this.open.add(res);
          res.on('close', () => this.open.delete(res));
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            reply();
          }, answer.delayMs);
          this.timers.add(timer);
        } else {
          reply();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection: the endpoint is unreachable until `up`. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.open) res.destroy();
    this.open.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.down();
  }

  /** Requests answered with a 2xx. */
  get accepted(): ReceivedWebhook[] {
    return this.requests.filter((request) => request.status >= 200 && request.status < 300);
  }

  /** Distinct `webhook-id`s answered with a 2xx: what a deduping subscriber keeps. */
  acceptedIds(): Set<string> {
    return new Set(this.accepted.map((request) => request.webhookId));
  }

  requestsFor(webhookId: string): ReceivedWebhook[] {
    return this.requests.filter((request) => request.webhookId === webhookId);
  }
}
