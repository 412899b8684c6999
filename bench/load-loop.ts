/**
 * The load loop of the benchmarks, run in a worker thread (see registry-lookup.ts): N keep-alive
 * connections, each sending its next request as soon as the previous answer is read, for a fixed time.
 * Every answer is checked (status and body); anything else counts as an error.
 */
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
  /** The body every answer must have; anything else counts as an error. */
  expectedBody: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  durationMs: number;
  requestsPerSecond: number;
  firstError?: string;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const fail = (reason: string) => {
    errors += 1;
    firstError ??= reason;
  };
  const once = () =>
    new Promise<void>((resolve) => {
      const req = request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, headers: spec.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) fail(`status ${res.statusCode}: ${body.slice(0, 200)}`);
            else if (body !== spec.expectedBody) fail(`unexpected body: ${body.slice(0, 200)}`);
            else requests += 1;
            resolve();
          });
          res.on('error', (error) => {
            fail(error.message);
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        fail(error.message);
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  const deadline = started + spec.durationMs;
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const durationMs = performance.now() - started;
  agent.destroy();
  return {
    requests,
    errors,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((requests / durationMs) * 1000),
    ...(firstError ? { firstError } : {}),
  };
}

if (!isMainThread) {
  void runLoad(workerData as LoadSpec).then((result) => parentPort?.postMessage(result));
}
