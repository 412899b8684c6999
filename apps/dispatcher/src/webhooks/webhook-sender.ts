import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type LookupFunction } from 'node:net';
import { type CheckedTarget, type WebhookAddressGuard, WebhookRefusedError } from '@app/webhook-policy';
import { parseRetryAfter } from './retry-policy';

export type AttemptResult =
  | { kind: 'delivered'; statusCode: number; latencyMs: number }
  | { kind: 'gone'; statusCode: 410; latencyMs: number }
  | {
      kind: 'failed';
      statusCode: number | null;
      latencyMs: number;
      error: string;
      /** From a Retry-After header of a 429 or 503. */
      retryAfterMs?: number;
    }
  | { kind: 'refused'; error: string };

export interface WebhookRequest {
  url: string;
  /** Pool key: requests of one endpoint share connections, bounded by `maxSockets`. */
  endpoint: string;
  maxSockets: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_ERROR_BODY = 200;

/** Connects to the address the guard checked, whatever DNS would say now (no rebinding between the two). */
function pinnedLookup(target: CheckedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/**
 * POSTs one webhook: checked by the SSRF guard first (a refusal never opens a connection), redirects not
 * followed (a 3xx is a failure), a 2xx within the timeout is success, 410 is "gone". Connections are kept
 * alive per endpoint.
 */
export class WebhookSender {
  private readonly agents = new Map<string, HttpAgent | HttpsAgent>();

  constructor(
    private readonly guard: WebhookAddressGuard,
    private readonly timeoutMs: number,
  ) {}

  async send(request: WebhookRequest): Promise<AttemptResult> {
    let target: CheckedTarget;
    try {
      target = await this.guard.check(request.url);
    } catch (error) {
      if (error instanceof WebhookRefusedError) return { kind: 'refused', error: error.message };
      throw error;
    }
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const https = target.url.protocol === 'https:';
      const options = {
        method: 'POST',
        agent: this.agentFor(request.endpoint, https, request.maxSockets),
        lookup: pinnedLookup(target),
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'penghubung-dispatcher',
        },
      };
      const onResponse = (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ERROR_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('error', (error) =>
          finish({ kind: 'failed', statusCode: status, latencyMs: latency(), error: error.message }),
        );
        res.on('end', () => {
          const ms = latency();
          if (status >= 200 && status < 300)
            return finish({ kind: 'delivered', statusCode: status, latencyMs: ms });
          if (status === 410) return finish({ kind: 'gone', statusCode: 410, latencyMs: ms });
          const text = Buffer.concat(chunks)
            .toString('utf8')
            .slice(0, MAX_ERROR_BODY)
            .replace(/\s+/g, ' ')
            .trim();
          const header: string | string[] | undefined = res.headers['retry-after'];
          const retryAfterMs =
            status === 429 || status === 503
              ? parseRetryAfter(typeof header === 'string' ? header : header?.[0])
              : undefined;
          finish({
            kind: 'failed',
            statusCode: status,
            latencyMs: ms,
            error: `HTTP ${status}${text ? `: ${text}` : ''}`,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          });
        });
      };
      const req = https
        ? httpsRequest(target.url, options, onResponse)
        : httpRequest(target.url, options, onResponse);
      const timer = setTimeout(() => {
        finish({
          kind: 'failed',
          statusCode: null,
          latencyMs: latency(),
          error: `no answer within ${this.timeoutMs} ms`,
        });
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (error) =>
        finish({ kind: 'failed', statusCode: null, latencyMs: latency(), error: error.message }),
      );
      req.end(request.body);
    });
  }

  /** Closes every pooled connection. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private agentFor(endpoint: string, https: boolean, maxSockets: number): HttpAgent | HttpsAgent {
    const key = `${https ? 's' : 'p'}|${endpoint}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = {
        keepAlive: true,
        maxSockets,
        maxFreeSockets: maxSockets,
        scheduling: 'lifo' as const,
      };
      agent = https ? new HttpsAgent(options) : new HttpAgent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }
}
