/**
 * How fast the registry answers `GET /schemas/ids/{id}` compared with a bare `node:http` server answering
 * the same JSON: same machine, same load loop, one after the other. Also measured, as the floor of what any
 * route of the app can do: the registry's own `GET /health/live` (same global middleware and routing, no
 * authentication, no registry code). Prints one JSON object.
 *
 *   npm run build && node dist/bench/registry-lookup.js
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL, else the local `penghubung_bench` database,
 * created and migrated here) and a Kafka broker (BENCH_KAFKA_PORT on 127.0.0.1, else KAFKA_BROKERS), as
 * `bash bench/run.sh registry-lookup` provides. BENCH_CONNECTIONS (default 32) and
 * BENCH_DURATION_MS (default 10000, at most 60000) shape the load. The load runs in a worker thread so
 * that it does not share the servers' event loop.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type INestApplication } from '@nestjs/common';
import { buildApp, loadConfig } from '@app/core';
import { migrate } from '@app/persistence';
import { registryApp } from '../apps/registry/src/registry.app';
import { type LoadResult, type LoadSpec } from './load-loop';
import { benchKafkaEnv } from './bench-kafka';

/** Runs the load loop in a worker thread and answers its result. */
function loadFromWorker(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A worker of its own file: the load loop loads nothing but node:http.
    const worker = new Worker(join(__dirname, 'load-loop.js'), { workerData: spec });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

/** Totals of several rounds of one target. */
function combine(results: readonly LoadResult[]): LoadResult & { rounds: number[] } {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const errors = results.reduce((sum, result) => sum + result.errors, 0);
  const durationMs = results.reduce((sum, result) => sum + result.durationMs, 0);
  const firstError = results.find((result) => result.firstError)?.firstError;
  return {
    requests,
    errors,
    durationMs,
    requestsPerSecond: Math.round((requests / durationMs) * 1000),
    rounds: results.map((result) => result.requestsPerSecond),
    ...(firstError ? { firstError } : {}),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

async function main(): Promise<void> {
  const connections = Math.min(Math.max(Number(process.env.BENCH_CONNECTIONS ?? 32), 1), 512);
  const durationMs = Math.min(Math.max(Number(process.env.BENCH_DURATION_MS ?? 10_000), 1_000), 60_000);
  const adminKey = process.env.ADMIN_API_KEY ?? `bench-admin-${randomBytes(24).toString('base64url')}`;
  // `npm run bench` (bench/run.sh) gives a database and a broker of the benchmarks' own.
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/penghubung_bench';
  const brokers = process.env.BENCH_KAFKA_PORT
    ? `127.0.0.1:${process.env.BENCH_KAFKA_PORT}`
    : (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  await migrate(databaseUrl);
  const config = loadConfig(registryApp.spec, {
    ...process.env,
    ...benchKafkaEnv,
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'error',
  });
  const app: INestApplication = await buildApp(registryApp, config);
  await app.listen(0, '127.0.0.1');
  const registryUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  const headers = {
    authorization: `Bearer ${adminKey}`,
    'content-type': 'application/vnd.schemaregistry.v1+json',
  };

  const subject = `bench.registry-lookup-${Date.now().toString(36)}-value`;
  const schema = JSON.stringify({
    type: 'record',
    name: 'Kelahiran',
    namespace: 'id.go.bench',
    doc: 'A birth registration, as the demo topic carries it',
    fields: [
      { name: 'registrationId', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'nik', type: 'string', classification: 'personal' },
      { name: 'fullName', type: 'string', classification: 'personal' },
      { name: 'birthDate', type: { type: 'int', logicalType: 'date' } },
      { name: 'regencyCode', type: 'string', classification: 'public' },
    ],
  });
  const { id } = (await call(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ schema }),
  })) as { id: number };
  const lookupPath = `/schemas/ids/${id}`;
  const expectedBody = JSON.stringify(await call(`${registryUrl}${lookupPath}`, { headers }));

  const bare = createServer((req, res) => {
    if (req.method === 'GET' && req.url === lookupPath) {
      res.writeHead(200, {
        'content-type': 'application/vnd.schemaregistry.v1+json',
        'content-length': Buffer.byteLength(expectedBody),
      });
      res.end(expectedBody);
    } else {
      res.writeHead(404).end();
    }
  });
  const barePort = await listen(bare);
  const bareUrl = `http://127.0.0.1:${barePort}${lookupPath}`;
  const registryLookupUrl = `${registryUrl}${lookupPath}`;
  const healthUrl = `${registryUrl}/health/live`;
  const healthBody = JSON.stringify(await call(healthUrl, {}));
  const spec = (url: string, body: string, ms: number): LoadSpec => ({
    url,
    headers,
    connections,
    durationMs: ms,
    expectedBody: body,
  });
  const targets = {
    bare: (ms: number) => loadFromWorker(spec(bareUrl, expectedBody, ms)),
    registry: (ms: number) => loadFromWorker(spec(registryLookupUrl, expectedBody, ms)),
    // The same app's cheapest route: its global middleware and Nest's routing, without the registry's code.
    floor: (ms: number) => loadFromWorker(spec(healthUrl, healthBody, ms)),
  };

  try {
    // Warm every target (JIT, connection pools, the registry's schema cache), then measure in a mirrored
    // order (bare, registry, floor, floor, registry, bare) so that a machine getting busier or quieter
    // during the run favours none of them.
    for (const warm of Object.values(targets)) await warm(1_000);
    const half = Math.round(durationMs / 2);
    const order = ['bare', 'registry', 'floor', 'floor', 'registry', 'bare'] as const;
    const rounds: Record<(typeof order)[number], LoadResult[]> = { bare: [], registry: [], floor: [] };
    for (const target of order) rounds[target].push(await targets[target](half));
    const bareResult = combine(rounds.bare);
    const registryResult = combine(rounds.registry);
    const floorResult = combine(rounds.floor);
    const ratio = (left: LoadResult, right: LoadResult) =>
      Math.round((left.requestsPerSecond / right.requestsPerSecond) * 100) / 100;
    console.log(
      JSON.stringify(
        {
          benchmark: 'GET /schemas/ids/{id}',
          node: process.version,
          cpus: availableParallelism(),
          loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
          connections,
          durationMsPerTarget: durationMs,
          registry: registryResult,
          bareNodeHttp: bareResult,
          registryHealthLive: floorResult,
          ratio: ratio(registryResult, bareResult),
          goal: '>= 0.5',
          floorRatio: ratio(floorResult, bareResult),
          registryToFloor: ratio(registryResult, floorResult),
        },
        null,
        2,
      ),
    );
  } finally {
    // Remove the bench subject again (soft, then permanent deletion; the audit log keeps the record).
    await call(`${registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE', headers });
    await call(`${registryUrl}/subjects/${encodeURIComponent(subject)}?permanent=true`, {
      method: 'DELETE',
      headers,
    });
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
