/**
 * Benchmark of the data path (issue 5), one run, one broker, one database, same data for every side:
 *   A. Avro mapping: JSON → validate → encode, and decode, per record, against JSON.stringify / JSON.parse
 *   B. router throughput against a bare kafkajs consume → produce passthrough writing the same copies
 *   C. gateway publish requests/s (batches of 1 and 100) against a bare Node http server that does the same
 *   D. publish → delivery-topic latency at half the router's capacity
 * Every record is counted at the sink; a run whose counts do not balance is refused (exit 1).
 * Run with `npm run bench` (bench/run.sh starts a broker on BENCH_KAFKA_PORT and uses BENCH_DATABASE_URL).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { AvroJsonMapper, encodeWireFormat, parseAvroSchema } from '@app/avro';
import { generateApiKey } from '@app/auth';
import { buildApp, loadConfig } from '@app/core';
import { chunkBySize, toCloudEventHeaders } from '@app/kafka';
import {
  AgencyEntity,
  ApiKeyEntity,
  createDataSource,
  migrate,
  recreateDatabase,
  SubscriptionEntity,
  TopicEntity,
} from '@app/persistence';
import { expandProjection } from '@app/routing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { registryApp } from '../apps/registry/src/registry.app';
import { benchKafkaEnv, benchKafkajsSsl } from './bench-kafka';

const ROOT = join(__dirname, '..', '..');
const BROKERS = `127.0.0.1:${process.env.BENCH_KAFKA_PORT ?? '29092'}`;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/penghubung_bench';
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const PARTITIONS = 6;
/** Sections to run, for working on one of them: codec, router (with latency), gateway. Default: all. */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'codec,router,gateway').split(','));
const ADMIN_KEY = `bench-admin-${randomBytes(24).toString('base64url')}`;
const SCHEMA_FILE = join(ROOT, 'schemas', 'kependudukan.kelahiran.v1.avsc');

const kafka = new Kafka({
  brokers: [BROKERS],
  clientId: 'bench',
  ...benchKafkajsSsl(),
  logLevel: process.env.BENCH_KAFKA_LOG === 'warn' ? logLevel.WARN : logLevel.NOTHING,
});
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
/** Each section's figures as soon as they exist, so that a later failure does not lose them. */
const report = (section: string, figures: unknown): void => log(`${section}: ${JSON.stringify(figures)}`);

function birth(index: number) {
  return {
    registrationId: randomUUID(),
    certificateNumber: `3174-LU-${String(27112026 + index).padStart(10, '0')}`,
    child: {
      nik: `3174${String(index).padStart(12, '0')}`,
      fullName: `Siti Nurhaliza Putri Ramadhani ${index}`,
      sex: index % 2 === 0 ? 'PEREMPUAN' : 'LAKI_LAKI',
      birthDate: '2026-11-01',
      birthPlace: {
        regencyCode: index % 3 === 0 ? '3201' : '3171',
        regencyName: index % 3 === 0 ? 'Kabupaten Bogor' : 'Kota Jakarta Selatan',
        provinceCode: index % 3 === 0 ? '32' : '31',
      },
      birthWeightGrams: 2000 + (index % 20) * 100,
    },
    motherNik: '3174014505900002',
    fatherNik: index % 4 === 0 ? null : '3174010101850003',
    familyCardNumber: `3174${String(index).padStart(12, '7')}`,
    registrationOffice: 'Dinas Kependudukan dan Pencatatan Sipil Kota Administrasi Jakarta Selatan',
    registeredAt: '2026-11-27T10:00:00.000Z',
  };
}

// Three subscribers with different projections; one filter (low birth weight: 5 of 20 weights).
const SUBSCRIPTIONS = [
  {
    agency: 'bench-bps',
    fields: ['registrationId', 'child.sex', 'child.birthPlace.regencyCode', 'registeredAt'],
    filter: null,
  },
  {
    agency: 'bench-kemenkes',
    fields: ['registrationId', 'child.nik', 'child.birthWeightGrams'],
    filter: 'child.birthWeightGrams < 2500',
  },
  {
    agency: 'bench-bpjs',
    fields: ['registrationId', 'child.nik', 'familyCardNumber', 'motherNik'],
    filter: null,
  },
];
const expectedCopies = (records: number): number => {
  let lowWeight = 0;
  for (let index = 0; index < records; index++) if (2000 + (index % 20) * 100 < 2500) lowWeight++;
  return records * 2 + lowWeight;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Counts records on topics with a read_committed consumer until `expected` arrive (or the time is up). */
async function countAtSink(topics: string[], expected: number, timeoutMs = 300_000): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-count-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let count = 0;
  // Counted by offset: a consumer re-reading a batch after a rebalance does not count it twice, while a
  // duplicate written by a producer (another offset) is counted.
  const highest = new Map<string, bigint>();
  await consumer.run({
    eachBatch: ({ batch }) => {
      const partition = `${batch.topic}/${batch.partition}`;
      const seen = highest.get(partition) ?? -1n;
      for (const message of batch.messages) if (BigInt(message.offset) > seen) count++;
      if (batch.messages.length > 0) highest.set(partition, BigInt(batch.lastOffset()));
      return Promise.resolve();
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (count < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  // A little longer, so that a surplus (duplicates) would be seen too.
  const settle = Date.now() + 2_000;
  while (Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 200));
  await consumer.disconnect();
  return count;
}

async function groupLag(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    let lag = 0;
    for (const end of ends) {
      const done =
        committed?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
      lag += Number(BigInt(end.high) - (BigInt(done) < 0n ? BigInt(end.low) : BigInt(done)));
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

async function preload(
  producer: Producer,
  topic: string,
  schemaId: number,
  mapper: AvroJsonMapper,
  records: number,
): Promise<void> {
  const time = new Date().toISOString();
  for (let start = 0; start < records; start += 2_000) {
    const messages = [];
    for (let index = start; index < Math.min(records, start + 2_000); index++) {
      const mapped = mapper.fromJson(birth(index));
      if ('issues' in mapped) throw new Error(JSON.stringify(mapped.issues));
      messages.push({
        key: `kk-${index % 1000}`,
        value: encodeWireFormat(schemaId, mapper.encode(mapped.value)),
        headers: {
          ...toCloudEventHeaders({ id: randomUUID(), source: 'bench-dukcapil', type: topic, time }),
          // Tells the passthrough which records the router's filtered subscription takes, without decoding.
          ...(2000 + (index % 20) * 100 < 2500 ? { bench_low: '1' } : {}),
        },
      });
    }
    await producer.send({ topic, acks: -1, messages });
  }
}

function codecBench(mapper: AvroJsonMapper) {
  const values = Array.from({ length: 20_000 }, (_, index) => birth(index));
  const time = (fn: () => void): number => {
    fn();
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / values.length;
  };
  let bytes = 0;
  const encoded: Buffer[] = [];
  const avroEncodeNs = time(() => {
    encoded.length = 0;
    for (const value of values) {
      const mapped = mapper.fromJson(value);
      if ('issues' in mapped) throw new Error('invalid');
      encoded.push(mapper.encode(mapped.value));
    }
  });
  bytes = encoded.reduce((sum, buffer) => sum + buffer.length, 0) / encoded.length;
  const avroDecodeNs = time(() => {
    for (const buffer of encoded) mapper.decode(buffer);
  });
  const texts: string[] = [];
  const jsonStringifyNs = time(() => {
    texts.length = 0;
    for (const value of values) texts.push(JSON.stringify(value));
  });
  const jsonParseNs = time(() => {
    for (const text of texts) JSON.parse(text);
  });
  return {
    records: values.length,
    avroBytesPerRecord: Math.round(bytes),
    jsonBytesPerRecord: Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length),
    avroValidateEncodeNsPerRecord: Math.round(avroEncodeNs),
    jsonStringifyNsPerRecord: Math.round(jsonStringifyNs),
    avroDecodeNsPerRecord: Math.round(avroDecodeNs),
    jsonParseNsPerRecord: Math.round(jsonParseNs),
  };
}

async function passthrough(
  topic: string,
): Promise<{ seconds: number; secondsWithJoin: number; cpuMicrosPerRecord: number; produced: number }> {
  const sink = `bench.passthrough.${randomBytes(3).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: sink, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: `bench-pass-${randomUUID()}`,
    maxBytesPerPartition: 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  const done = new Map<number, bigint>();
  const joining = Date.now();
  let finished = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      // At-least-once: a rebalance before the first offset commit hands a partition's batches out again.
      // Like the router's transactions, the passthrough writes each input record once: seen offsets are skipped.
      const seen = done.get(batch.partition) ?? -1n;
      const fresh = batch.messages.filter((message) => BigInt(message.offset) > seen);
      if (fresh.length === 0) return;
      const messages = fresh.map((message) => ({
        key: message.key,
        value: message.value,
        headers: message.headers,
      }));
      // The same number of copies as the router writes: two for every record, a third for a quarter of them.
      const copies = [
        ...messages,
        ...messages,
        ...messages.filter((message) => message.headers?.bench_low !== undefined),
      ];
      // Same request size limit as the router (512 KiB): keyed copies of one partition land in one partition.
      for (const chunk of chunkBySize([{ topic: sink, messages: copies }], 512 * 1024)) {
        await producer.sendBatch({ acks: -1, topicMessages: chunk });
      }
      done.set(batch.partition, BigInt(batch.lastOffset()));
      consumed += fresh.length;
      if (consumed >= RECORDS && !finished) finished = Date.now();
    },
  });
  // run() resolves once the consumer has joined its group: from here on it is consuming, as the router is
  // once it logs "routing … topics".
  const cpu = process.cpuUsage();
  const started = Date.now();
  while (!finished && Date.now() - started < 600_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (finished - started) / 1000;
  const secondsWithJoin = (finished - joining) / 1000;
  const cpuMicrosPerRecord = (cpuSeconds(cpu) * 1e6) / RECORDS;
  await consumer.disconnect();
  await producer.disconnect();
  const produced = await countAtSink([sink], expectedCopies(RECORDS));
  return { seconds, secondsWithJoin, cpuMicrosPerRecord, produced };
}

/** The router as in production: its own process (its CPU read from /proc), the benchmark only watches. */
function startRouter(registryUrl: string, group: string): Promise<Spawned> {
  return spawnServer(
    'dist/apps/router/src/main.js',
    {
      KAFKA_BROKERS: BROKERS,
      ...benchKafkaEnv,
      DATABASE_URL,
      // info: the line "router listening on http://127.0.0.1:<port>" says it is up.
      LOG_LEVEL: 'info',
      ROUTER_PORT: '0',
      ROUTER_GROUP_ID: group,
      ROUTER_INSTANCE_ID: group,
      REGISTRY_URL: registryUrl,
      REGISTRY_API_KEY: ADMIN_KEY,
      CATALOGUE_REFRESH_MS: '1000',
    },
    // Logged once its consumer has joined the group (kafkajs's run() resolves after the join).
    /routing \d+ topics as/,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Spawned {
  child: ChildProcess;
  port: number;
  /** When the process first printed `marker`, and the CPU it had used by then (0 until then). */
  marked: { at: number; cpuSeconds: number };
}

function spawnServer(main: string, env: Record<string, string>, marker?: RegExp): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, main)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const marked = { at: 0, cpuSeconds: 0 };
    let output = '';
    let listening = false;
    const onData = (chunk: Buffer): void => {
      if (marker && marked.at === 0 && marker.test(chunk.toString())) {
        marked.at = Date.now();
        marked.cpuSeconds = processCpuSeconds(child.pid ?? 0);
      }
      if (listening) return;
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output) ?? /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match?.[1]) {
        listening = true;
        resolve({ child, port: Number(match[1]), marked });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${main} exited with ${code}: ${output}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name; clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Closed-loop HTTP load: `concurrency` clients each sending the next request when the last answered. */
async function load(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: (n: number) => string,
  concurrency: number,
  seconds: number,
  serverPid: number,
) {
  const cpuBefore = processCpuSeconds(serverPid);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = Date.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  let sequence = 0;
  const statuses = new Map<number, number>();
  const client = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const payload = body(sequence++);
      const status = await new Promise<number>((resolve) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              ...headers,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(payload);
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 202) ok++;
      else failed++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  agent.destroy();
  return {
    requestsPerSecond: Math.round(ok / ((Date.now() - started) / 1000)),
    serverCpuMicrosPerRequest: Math.round(
      ((processCpuSeconds(serverPid) - cpuBefore) * 1e6) / Math.max(1, ok),
    ),
    ok,
    failed,
    statuses: Object.fromEntries(statuses),
  };
}

async function main(): Promise<void> {
  await recreateDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const dataSource = createDataSource(DATABASE_URL, { poolSize: 2 });
  await dataSource.initialize();
  const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
  const schemaJson = parseAvroSchema(schemaText).json;
  const mapper = AvroJsonMapper.forSchema(schemaJson);
  const results: Record<string, unknown> = {
    records: RECORDS,
    recordsFile: 'schemas/kependudukan.kelahiran.v1.avsc',
    partitions: PARTITIONS,
  };

  if (SECTIONS.has('codec')) {
    log('A. Avro mapping');
    results.codec = codecBench(mapper);
    report('codec', results.codec);
  }

  log('seeding the catalogue and the registry');
  const registry = await buildApp(
    registryApp,
    loadConfig(registryApp.spec, {
      KAFKA_BROKERS: BROKERS,
      ...benchKafkaEnv,
      DATABASE_URL,
      LOG_LEVEL: 'error',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  );
  await registry.listen(0, '127.0.0.1');
  const registryUrl = `http://127.0.0.1:${(registry.getHttpServer() as { address(): { port: number } }).address().port}`;
  const topic = 'benchmark.kelahiran.v1';
  const publisher = 'bench-dukcapil';
  await dataSource
    .getRepository(AgencyEntity)
    .insert([publisher, ...SUBSCRIPTIONS.map((s) => s.agency)].map((id) => ({ id, name: id })));
  const key = await generateApiKey();
  await dataSource.getRepository(ApiKeyEntity).insert({
    id: randomUUID(),
    prefix: key.prefix,
    secretHash: key.secretHash,
    role: 'agency',
    agencyId: publisher,
    createdBy: 'bench',
  });
  await dataSource.getRepository(TopicEntity).insert({
    name: topic,
    ownerAgencyId: publisher,
    subject: `${topic}-value`,
    classification: 'confidential',
    partitions: PARTITIONS,
    retentionMs: '-1',
    createdBy: 'bench',
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic, numPartitions: PARTITIONS },
      { topic: 'benchmark.latency.v1', numPartitions: PARTITIONS },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const registered = (await (
    await fetch(`${registryUrl}/subjects/${topic}-value/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        'content-type': 'application/vnd.schemaregistry.v1+json',
      },
      body: JSON.stringify({ schema: schemaText }),
    })
  ).json()) as { id: number };
  const schemaId = registered.id;
  for (const subscription of SUBSCRIPTIONS) {
    await dataSource.getRepository(SubscriptionEntity).insert({
      id: randomUUID(),
      topic,
      agencyId: subscription.agency,
      purpose: 'bench',
      legalBasis: 'bench',
      fields: expandProjection(schemaJson, subscription.fields),
      filter: subscription.filter,
      deliveryMode: 'kafka',
      webhookUrl: null,
      expiresAt: new Date(Date.now() + 86_400_000),
      status: 'active',
      createdBy: 'bench',
    });
  }

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  if (SECTIONS.has('router')) {
    log(`preloading ${RECORDS} records`);
    await preload(producer, topic, schemaId, mapper, RECORDS);

    log('B1. bare kafkajs passthrough');
    const bare = await passthrough(topic);
    const bareExpected = expectedCopies(RECORDS);
    if (bare.produced !== bareExpected)
      throw new Error(
        `passthrough counts do not balance: ${bare.produced} at the sink, ${bareExpected} expected`,
      );

    log('B2. router');
    const routerStarted = Date.now();
    const router = await startRouter(registryUrl, 'bench-router');
    while ((await groupLag('bench-router', topic)) > 0 && Date.now() - routerStarted < 900_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const routerDone = Date.now();
    const routerCpuTotal = processCpuSeconds(router.child.pid ?? 0);
    if (router.marked.at === 0) throw new Error('the router never logged that it joined its group');
    // Steady state, like the passthrough: from the consumer group join to the last record.
    const routerSeconds = (routerDone - router.marked.at) / 1000;
    const routerCpuMicros = ((routerCpuTotal - router.marked.cpuSeconds) * 1e6) / RECORDS;
    const delivered = await countAtSink(
      SUBSCRIPTIONS.map((s) => `penghubung.deliver.${s.agency}`),
      bareExpected,
    );
    if (delivered !== bareExpected)
      throw new Error(`router counts do not balance: ${delivered} delivered, ${bareExpected} expected`);
    const routerRate = RECORDS / routerSeconds;
    const bareRate = RECORDS / bare.seconds;
    results.router = {
      passthroughRecordsPerSecond: Math.round(bareRate),
      routerRecordsPerSecond: Math.round(routerRate),
      ratio: Number((routerRate / bareRate).toFixed(3)),
      passthroughCpuMicrosPerRecord: Number(bare.cpuMicrosPerRecord.toFixed(1)),
      routerCpuMicrosPerRecord: Number(routerCpuMicros.toFixed(1)),
      withStartup: {
        passthroughRecordsPerSecond: Math.round(RECORDS / bare.secondsWithJoin),
        routerRecordsPerSecond: Math.round(RECORDS / ((routerDone - routerStarted) / 1000)),
        routerCpuMicrosPerRecord: Number(((routerCpuTotal * 1e6) / RECORDS).toFixed(1)),
      },
      copiesWritten: delivered,
      note:
        'both timed from their consumer-group join to the last record (withStartup: passthrough from before ' +
        'its join, router from its process start); the router runs as its own process, CPU from /proc',
    };
    report('router', results.router);

    log('D. latency at half the router capacity');
    const rate = Math.max(50, Math.round(routerRate / 2));
    const latencies: number[] = [];
    const consumer = kafka.consumer({ groupId: `bench-latency-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: ['penghubung.deliver.bench-bps'], fromBeginning: false });
    await consumer.run({
      eachBatch: ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          if (message.headers?.bench_sent)
            latencies.push(now - Number(message.headers.bench_sent.toString()));
        }
        return Promise.resolve();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const paced = Math.round(rate * LATENCY_SECONDS);
    const tick = 20;
    const perTick = Math.max(1, Math.round((rate * tick) / 1000));
    let sent = 0;
    const latencyStart = Date.now();
    while (sent < paced) {
      const messages = [];
      for (let i = 0; i < perTick && sent < paced; i++, sent++) {
        const mapped = mapper.fromJson(birth(sent));
        if ('issues' in mapped) throw new Error('invalid');
        const now = Date.now();
        messages.push({
          key: `kk-${sent % 1000}`,
          value: encodeWireFormat(schemaId, mapper.encode(mapped.value)),
          headers: {
            ...toCloudEventHeaders({
              id: randomUUID(),
              source: publisher,
              type: topic,
              time: new Date(now).toISOString(),
            }),
            bench_sent: String(now),
          },
        });
      }
      await producer.send({ topic, acks: -1, messages });
      const due = latencyStart + (sent / rate) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const latencyDeadline = Date.now() + 60_000;
    while (latencies.length < paced && Date.now() < latencyDeadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await consumer.disconnect();
    if (latencies.length !== paced)
      throw new Error(`latency counts do not balance: ${latencies.length} received, ${paced} sent`);
    latencies.sort((a, b) => a - b);
    results.latency = {
      recordsPerSecond: rate,
      records: paced,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1],
    };
    report('latency', results.latency);
    await stop(router.child);
  }

  if (SECTIONS.has('gateway')) {
    log('C. gateway publish against a bare http server');
    const gateway = await spawnServer('dist/apps/gateway/src/main.js', {
      KAFKA_BROKERS: BROKERS,
      ...benchKafkaEnv,
      DATABASE_URL,
      // info: the line "gateway listening on http://127.0.0.1:<port>" tells the benchmark where it is.
      LOG_LEVEL: 'info',
      GATEWAY_PORT: '0',
      ADMIN_API_KEY: ADMIN_KEY,
      HTTP_BODY_LIMIT: '2mb',
    });
    const bareServer = await spawnServer('dist/bench/bare-publish-server.js', {
      BENCH_KAFKA_BROKERS: BROKERS,
      ...benchKafkaEnv,
      BENCH_TOPIC: topic,
      BENCH_SCHEMA_FILE: SCHEMA_FILE,
      BENCH_SCHEMA_ID: String(schemaId),
      BENCH_SOURCE: publisher,
      BENCH_PORT: '0',
    });
    const batchBody = (size: number) => (n: number) =>
      JSON.stringify({
        records: Array.from({ length: size }, (_, i) => ({
          key: `kk-${(n * size + i) % 1000}`,
          value: birth(n * size + i),
        })),
      });
    const http: Record<string, unknown> = {};
    for (const size of [1, 100]) {
      const concurrency = size === 1 ? 32 : 8;
      const viaGateway = await load(
        gateway.port,
        `/v1/topics/${topic}/records`,
        { authorization: `Bearer ${key.key}` },
        batchBody(size),
        concurrency,
        HTTP_SECONDS,
        gateway.child.pid ?? 0,
      );
      const viaBare = await load(
        bareServer.port,
        '/',
        {},
        batchBody(size),
        concurrency,
        HTTP_SECONDS,
        bareServer.child.pid ?? 0,
      );
      http[`batch${size}`] = {
        concurrency,
        gatewayRequestsPerSecond: viaGateway.requestsPerSecond,
        bareRequestsPerSecond: viaBare.requestsPerSecond,
        ratio: Number((viaGateway.requestsPerSecond / viaBare.requestsPerSecond).toFixed(3)),
        gatewayRecordsPerSecond: viaGateway.requestsPerSecond * size,
        gatewayCpuMicrosPerRequest: viaGateway.serverCpuMicrosPerRequest,
        bareCpuMicrosPerRequest: viaBare.serverCpuMicrosPerRequest,
        gatewayStatuses: viaGateway.statuses,
        bareStatuses: viaBare.statuses,
      };
      if (viaGateway.failed > 0 || viaBare.failed > 0)
        throw new Error(`HTTP failures: ${JSON.stringify(http)}`);
    }
    results.gateway = http;
    report('gateway', results.gateway);
    await stop(gateway.child);
    await stop(bareServer.child);
  }

  await producer.disconnect();
  await registry.close();
  await dataSource.destroy();
  const output = `${JSON.stringify(results, null, 2)}\n`;
  // The router runs in this process and logs to stdout: the results go to their own file as well.
  if (process.env.BENCH_OUTPUT) writeFileSync(process.env.BENCH_OUTPUT, output);
  process.stdout.write(output);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] refused: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
