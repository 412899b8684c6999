/**
 * Webhook fan-out: records staged from delivery topics and POSTed by the real dispatcher to 10 local
 * receivers (one subscription each, WEBHOOK_ENDPOINT_CONCURRENCY in flight per endpoint), against a bare
 * Node loop POSTing the same bodies to the same receivers with the same concurrency. Then latency from
 * produce to webhook at half the measured capacity. Prints one JSON object.
 *
 *   npm run build && node dist/bench/webhook-fanout.js
 *
 * Needs a Kafka broker (127.0.0.1:BENCH_KAFKA_PORT, else KAFKA_BROKERS) and PostgreSQL (BENCH_DATABASE_URL,
 * else DATABASE_URL: the bench creates and migrates its own database `<name>_webhooks` beside it, and drops
 * it at the end). BENCH_RECORDS (default 3000, at most
 * 20000) records go to each of the 10 subscriptions; BENCH_LATENCY_MS (default 10000, at most 60000) is the
 * length of the half-capacity run. Receivers run in a worker thread, so they do not share the dispatcher's
 * (or the bare loop's) event loop. Everything is on loopback and bounded.
 */
import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type INestApplication } from '@nestjs/common';
import { AvroCodec, encodeWireFormat } from '@app/avro';
import { buildApp, loadConfig } from '@app/core';
import { KafkaClient, type OutgoingMessage } from '@app/kafka';
import { createDataSource, type DataSource, migrate, recreateDatabase } from '@app/persistence';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.app';
import { sealWebhookSecret } from '@app/webhook-policy';
import { benchKafkaEnv, benchKafkaTls } from './bench-kafka';

const RECEIVERS = 10;
const CONCURRENCY = 10;

// ---- receivers (worker thread) -------------------------------------------------------------------------

interface ReceiverStats {
  requests: number;
  unique: number;
  firstAt: number;
  lastAt: number;
  latenciesMs: number[];
}

type ReceiverCommand = { kind: 'reset' } | { kind: 'stats'; latencies?: boolean } | { kind: 'close' };

function runReceivers(): void {
  const seen = new Set<string>();
  let requests = 0;
  let firstAt = 0;
  let lastAt = 0;
  let latencies: number[] = [];
  const servers: Server[] = [];
  const onBody = (body: string) => {
    requests++;
    const now = Date.now();
    if (firstAt === 0) firstAt = now;
    const parsed = JSON.parse(body) as { id: string; subscriptionId: string; time: string };
    const id = `${parsed.subscriptionId}/${parsed.id}`;
    if (!seen.has(id)) {
      seen.add(id);
      lastAt = now;
      latencies.push(now - Date.parse(parsed.time));
    }
  };
  const ports: number[] = [];
  let listening = 0;
  for (let index = 0; index < RECEIVERS; index++) {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        onBody(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    servers.push(server);
    server.listen(0, '127.0.0.1', () => {
      ports[index] = (server.address() as AddressInfo).port;
      if (++listening === RECEIVERS) parentPort?.postMessage({ ports });
    });
  }
  parentPort?.on('message', (command: ReceiverCommand) => {
    if (command.kind === 'reset') {
      seen.clear();
      requests = 0;
      firstAt = 0;
      lastAt = 0;
      latencies = [];
      parentPort?.postMessage({ ok: true });
    } else if (command.kind === 'stats') {
      const stats: ReceiverStats = {
        requests,
        unique: seen.size,
        firstAt,
        lastAt,
        latenciesMs: command.latencies ? latencies : [],
      };
      parentPort?.postMessage(stats);
    } else {
      for (const server of servers) server.closeAllConnections();
      for (const server of servers) server.close();
      parentPort?.postMessage({ ok: true });
      parentPort?.close();
    }
  });
}

class Receivers {
  private constructor(
    private readonly worker: Worker,
    readonly ports: number[],
  ) {}

  static start(): Promise<Receivers> {
    const worker = new Worker(__filename, { workerData: { role: 'receivers' } });
    return new Promise((resolve, reject) => {
      worker.once('message', (message: { ports: number[] }) => resolve(new Receivers(worker, message.ports)));
      worker.once('error', reject);
    });
  }

  private ask<T>(command: ReceiverCommand): Promise<T> {
    return new Promise((resolve) => {
      this.worker.once('message', (message: T) => resolve(message));
      this.worker.postMessage(command);
    });
  }

  reset(): Promise<unknown> {
    return this.ask({ kind: 'reset' });
  }
  stats(latencies = false): Promise<ReceiverStats> {
    return this.ask({ kind: 'stats', latencies });
  }
  async close(): Promise<void> {
    await this.ask({ kind: 'close' });
    await this.worker.terminate();
  }
}

// ---- helpers -------------------------------------------------------------------------------------------

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Fixture {
  agencyId: string;
  subscriptionId: string;
  deliveryTopic: string;
  port: number;
}

const SCHEMA = {
  type: 'record',
  name: 'BenchRecord',
  namespace: 'id.go.bench',
  fields: [
    { name: 'registrationId', type: 'string' },
    { name: 'nik', type: 'string' },
    { name: 'regencyCode', type: 'string' },
    { name: 'seq', type: 'int' },
  ],
};

async function createFixtures(dataSource: DataSource, ports: number[], secretKey: Buffer, run: string) {
  const publisher = `bench-${run}-pub`;
  await dataSource.query('INSERT INTO agencies (id, name) VALUES ($1, $1)', [publisher]);
  const topic = `bench-${run}.records.v1`;
  await dataSource.query(
    `INSERT INTO topics (name, owner_agency_id, subject, classification, partitions, retention_ms, created_by)
     VALUES ($1, $2, $3, 'internal', 3, -1, 'bench')`,
    [topic, publisher, `${topic}-value`],
  );
  const text = JSON.stringify(SCHEMA);
  const [{ id: schemaId }] = await dataSource.query<[{ id: number }]>(
    'INSERT INTO schemas (schema_text, canonical, fingerprint) VALUES ($1, $1, $2) RETURNING id',
    [
      text,
      createHash('sha256')
        .update(text + run)
        .digest('hex'),
    ],
  );
  const fixtures: Fixture[] = [];
  for (const [index, port] of ports.entries()) {
    const agencyId = `bench-${run}-s${index}`;
    const subscriptionId = randomUUID();
    const subject = `${topic}-${subscriptionId}-value`;
    await dataSource.query('INSERT INTO agencies (id, name) VALUES ($1, $1)', [agencyId]);
    await dataSource.query('INSERT INTO subjects (name, owner_agency_id, last_version) VALUES ($1, $2, 1)', [
      subject,
      publisher,
    ]);
    await dataSource.query(
      `INSERT INTO subject_versions (subject, version, schema_id, registered_by) VALUES ($1, 1, $2, 'bench')`,
      [subject, schemaId],
    );
    await dataSource.query(
      `INSERT INTO subscriptions (id, topic, agency_id, purpose, legal_basis, fields, delivery_mode, webhook_url,
                                  expires_at, status, projected_subject, created_by)
       VALUES ($1, $2, $3, 'bench', 'bench', '[]', 'webhook', $4, now() + interval '1 day', 'active', $5, 'bench')`,
      [subscriptionId, topic, agencyId, `http://127.0.0.1:${port}/hooks`, subject],
    );
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const sealed = sealWebhookSecret(secretKey, subscriptionId, secret);
    await dataSource.query(
      `INSERT INTO webhook_secrets (id, subscription_id, ciphertext, iv, auth_tag, created_by)
       VALUES ($1, $2, $3, $4, $5, 'bench')`,
      [randomUUID(), subscriptionId, sealed.ciphertext, sealed.iv, sealed.authTag],
    );
    fixtures.push({ agencyId, subscriptionId, deliveryTopic: `penghubung.deliver.${agencyId}`, port });
  }
  return { publisher, topic, schemaId, fixtures };
}

function deliveryMessages(
  codec: AvroCodec,
  schemaId: number,
  publisher: string,
  topic: string,
  fixture: Fixture,
  from: number,
  count: number,
): OutgoingMessage[] {
  return Array.from({ length: count }, (_, offset) => {
    const seq = from + offset;
    return {
      key: `nik-${seq}`,
      value: encodeWireFormat(
        schemaId,
        codec.encode({
          registrationId: `REG-${seq}`,
          nik: `3171${String(seq).padStart(12, '0')}`,
          regencyCode: '3171',
          seq,
        }),
      ),
      headers: {
        ce_specversion: '1.0',
        ce_id: randomUUID(),
        ce_source: publisher,
        ce_type: topic,
        ce_time: new Date().toISOString(),
        'content-type': 'application/avro',
        penghubung_subscription: fixture.subscriptionId,
      },
    };
  });
}

/** The bare loop: the same bodies to the same receivers, CONCURRENCY keep-alive requests per receiver. */
async function bareLoop(bodies: { port: number; body: string; id: string }[][]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    bodies.map(async (list) => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (;;) {
            const item = list[next++];
            if (!item) return;
            await new Promise<void>((resolve, reject) => {
              const req = request(
                {
                  agent,
                  host: '127.0.0.1',
                  port: item.port,
                  path: '/hooks',
                  method: 'POST',
                  headers: {
                    'content-type': 'application/json',
                    'content-length': Buffer.byteLength(item.body),
                    'webhook-id': item.id,
                    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
                    'webhook-signature': 'v1,bare',
                  },
                },
                (res) => {
                  res.resume();
                  res.on('end', () => resolve());
                },
              );
              req.on('error', reject);
              req.end(item.body);
            });
          }
        }),
      );
      agent.destroy();
    }),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const perSubscription = Math.min(Math.max(Number(process.env.BENCH_RECORDS ?? 3_000), 100), 20_000);
  const latencyRunMs = Math.min(Math.max(Number(process.env.BENCH_LATENCY_MS ?? 10_000), 2_000), 60_000);
  const baseUrl = new URL(
    process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/penghubung',
  );
  const benchUrl = new URL(baseUrl.toString());
  benchUrl.pathname = `/${baseUrl.pathname.replace(/^\//, '') || 'penghubung'}_webhooks`;
  await recreateDatabase(benchUrl.toString());
  await migrate(benchUrl.toString());
  const dataSource = createDataSource(benchUrl.toString(), { poolSize: 4 });
  await dataSource.initialize();
  const brokers = process.env.BENCH_KAFKA_PORT
    ? [`127.0.0.1:${process.env.BENCH_KAFKA_PORT}`]
    : (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const tls = benchKafkaTls();
  const kafka = new KafkaClient({
    brokers,
    clientId: 'bench-webhook-fanout',
    connectTimeoutMs: 20_000,
    ...(tls ? { tls } : {}),
  });
  await kafka.connect();
  const receivers = await Receivers.start();
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const secretKey = randomBytes(32);
  const { publisher, topic, schemaId, fixtures } = await createFixtures(
    dataSource,
    receivers.ports,
    secretKey,
    run,
  );
  const codec = AvroCodec.fromSchema(SCHEMA);
  const total = perSubscription * fixtures.length;
  let app: INestApplication | undefined;

  try {
    // 1. Everything produced first (as a router backlog), then the dispatcher starts and works it off.
    await kafka.ensureTopics(fixtures.map((fixture) => ({ topic: fixture.deliveryTopic, partitions: 3 })));
    const producer = await kafka.createProducer();
    for (const fixture of fixtures) {
      for (let from = 0; from < perSubscription; from += 1_000) {
        const count = Math.min(1_000, perSubscription - from);
        await producer.send(
          fixture.deliveryTopic,
          deliveryMessages(codec, schemaId, publisher, topic, fixture, from, count),
        );
      }
    }
    const config = loadConfig(dispatcherApp.spec, {
      ...process.env,
      ...benchKafkaEnv,
      KAFKA_BROKERS: brokers.join(','),
      DATABASE_URL: benchUrl.toString(),
      LOG_LEVEL: 'error',
      DISPATCHER_GROUP_ID: `bench-${run}`,
      DISPATCHER_AGENCY_PATTERN: `bench-${run}-.*`,
      CATALOGUE_REFRESH_MS: '500',
      WEBHOOK_SECRET_KEY: secretKey.toString('base64'),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
      WEBHOOK_POLL_MS: '100',
    });
    app = await buildApp(dispatcherApp, config);
    await app.listen(0, '127.0.0.1');
    await waitFor(
      'the dispatcher to deliver the backlog',
      async () => (await receivers.stats()).unique >= total,
      600_000,
    );
    const dispatched = await receivers.stats();
    const dispatcherMs = dispatched.lastAt - dispatched.firstAt;
    const dispatcherRate = (dispatched.unique / dispatcherMs) * 1000;

    // 2. The bare loop: the bodies the dispatcher sent (rebuilt from the staged rows), same receivers.
    const rows = await dataSource.query<{ subscription_id: string; record_id: string; body: string }[]>(
      'SELECT subscription_id, record_id, body FROM deliveries ORDER BY id',
    );
    const portOf = new Map(fixtures.map((fixture) => [fixture.subscriptionId, fixture.port]));
    const bodies = fixtures.map((fixture) =>
      rows
        .filter((row) => row.subscription_id === fixture.subscriptionId)
        .map((row) => ({ port: portOf.get(row.subscription_id) ?? 0, body: row.body, id: row.record_id })),
    );
    await receivers.reset();
    const bareMs = await bareLoop(bodies);
    const bare = await receivers.stats();
    const bareRate = (bare.unique / bareMs) * 1000;

    // 3. Latency produce → webhook at half the dispatcher's capacity, in 100 ms ticks.
    await receivers.reset();
    const perSecond = Math.max(10, Math.floor(dispatcherRate / 2));
    const ticks = Math.floor(latencyRunMs / 100);
    const perTick = Math.max(1, Math.round(perSecond / 10));
    let sent = 0;
    const started = Date.now();
    for (let tick = 0; tick < ticks; tick++) {
      const batch = fixtures.map((fixture, index) => {
        const count = Math.floor(perTick / fixtures.length) + (index < perTick % fixtures.length ? 1 : 0);
        return {
          fixture,
          messages: deliveryMessages(codec, schemaId, publisher, topic, fixture, 1_000_000 + sent, count),
        };
      });
      await Promise.all(
        batch
          .filter((b) => b.messages.length > 0)
          .map((b) => producer.send(b.fixture.deliveryTopic, b.messages)),
      );
      sent += perTick;
      const wait = started + (tick + 1) * 100 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await waitFor('the half-capacity records', async () => (await receivers.stats()).unique >= sent, 120_000);
    const latencies = (await receivers.stats(true)).latenciesMs.sort((a, b) => a - b);
    await producer.disconnect();

    console.log(
      JSON.stringify(
        {
          benchmark: 'webhook fan-out: delivery topics → dispatcher → 10 local receivers',
          node: process.version,
          cpus: cpus().length,
          loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
          receivers: fixtures.length,
          concurrencyPerEndpoint: CONCURRENCY,
          deliveries: total,
          dispatcher: {
            delivered: dispatched.unique,
            requests: dispatched.requests,
            ms: dispatcherMs,
            perSecond: Math.round(dispatcherRate),
          },
          bareNodeLoop: { delivered: bare.unique, ms: Math.round(bareMs), perSecond: Math.round(bareRate) },
          ratio: Math.round((dispatcherRate / bareRate) * 100) / 100,
          goal: '>= 0.7',
          halfCapacity: {
            recordsPerSecond: perSecond,
            records: sent,
            latencyMs: {
              p50: percentile(latencies, 50),
              p90: percentile(latencies, 90),
              p99: percentile(latencies, 99),
              max: latencies[latencies.length - 1],
            },
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await app?.close();
    await receivers.close();
    await kafka.deleteTopics([...fixtures.map((fixture) => fixture.deliveryTopic)]).catch(() => undefined);
    await kafka.onApplicationShutdown();
    await dataSource.destroy();
    // The bench database goes with the run.
    const admin = createDataSource(baseUrl.toString(), { poolSize: 1 });
    await admin.initialize();
    await admin
      .query(`DROP DATABASE IF EXISTS "${benchUrl.pathname.slice(1)}" WITH (FORCE)`)
      .catch(() => undefined);
    await admin.destroy();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if ((workerData as { role?: string }).role === 'receivers') {
  runReceivers();
}
