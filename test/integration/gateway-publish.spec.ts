import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { AvroJsonMapper, decodeWireFormat, encodeWireFormat } from '@app/avro';
import { isUuid } from '@app/core';
import { partitionForKey, toCloudEventHeaders } from '@app/kafka';
import { TopicEntity } from '@app/persistence';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { registryApp } from '../../apps/registry/src/registry.app';
import { routerApp } from '../../apps/router/src/router.app';
import { type RunningApp, startTestApp } from '../support/apps';
import {
  CatalogueApi,
  type ErrorBody,
  kelahiranBirth as birth,
  kelahiranRequest,
  kelahiranSchema,
  type SubscriptionView,
  type TestAgency,
  uniqueTopicName,
} from '../support/catalogue-fixtures';
import { TEST_ADMIN_KEY, testKafkajsConfig, testEnv } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { AppProcess } from '../support/processes';
import { createScratchDatabase } from '../support/scratch-database';
import { uniqueName } from '../support/unique';

/**
 * The gateway's publish API on the real stack: the real gateway (in this process, and as an OS process for
 * the restart), the real registry for the catalogue and schemas, the real broker and PostgreSQL. Every
 * answer is checked against what Kafka holds afterwards: records read back with a read_committed consumer,
 * and the topics' end offsets for "nothing was produced". A database of its own, so that the router started
 * for the record status sees only these topics.
 */

interface Published {
  id: string;
  partition: number;
  offset: string;
  duplicate: boolean;
}

/** A record as read back from Kafka. */
interface KafkaRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

interface Answer<T = { records: Published[] }> {
  status: number;
  body: T & ErrorBody;
  headers: Headers;
}

interface PostOptions {
  /** An API key; null sends no Authorization header. Default: the publisher's key. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string | Buffer;
  /** Default application/json; null sends none. */
  contentType?: string | null;
  /** Default: the in-process gateway. */
  gatewayUrl?: string;
}

// Small limits for this gateway, so that "too large" is cheap to send.
const BODY_LIMIT = 64 * 1024;
const MAX_RECORDS = 20;

/** A small schema with the numbers whose JSON mapping has edges (int, long) and a recursive type. */
const ANGKA_SCHEMA = {
  type: 'record',
  name: 'Angka',
  namespace: 'id.go.test.gateway',
  fields: [
    { name: 'count', type: 'int' },
    { name: 'total', type: 'long' },
    { name: 'label', type: 'string' },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
    {
      name: 'tree',
      type: [
        'null',
        {
          type: 'record',
          name: 'Node',
          fields: [{ name: 'children', type: { type: 'array', items: 'Node' }, default: [] }],
        },
      ],
      default: null,
    },
  ],
};

/** Kelahiran v2: one optional field more (backward compatible). */
function kelahiranV2(): Record<string, unknown> {
  const schema = kelahiranSchema();
  return {
    ...schema,
    fields: [
      ...(schema.fields as unknown[]),
      { name: 'catatan', type: ['null', 'string'], default: null, classification: 'internal' },
    ],
  };
}

const UNKNOWN_KELAHIRAN_FIELD =
  'unknown field: record id.go.dukcapil.kependudukan.Kelahiran has registrationId, certificateNumber, child, ' +
  'motherNik, fatherNik, familyCardNumber, registrationOffice, registeredAt';
const INT_EXPECTED = 'expected an int (a JSON integer from -2147483648 to 2147483647)';
const LONG_EXPECTED = 'expected a long (a JSON integer within ±9007199254740991, or a decimal string)';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP/1.1 request written byte by byte: for header values fetch refuses to send. */
function rawRequest(url: string, head: string, body: Buffer): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.write(
      Buffer.concat([
        Buffer.from(`${head}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`, 'latin1'),
        body,
      ]),
    );
  });
}

describe('gateway publish API (POST /v1/topics/{topic}/records, GET /v1/records/{id})', () => {
  const kafka = new Kafka({ ...testKafkajsConfig('test-gateway-publish'), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const kelahiran = AvroJsonMapper.forSchema(kelahiranSchema());
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let registry: RunningApp;
  let gateway: RunningApp;
  let router: RunningApp | undefined;
  let catalogue: CatalogueApi;
  let publisher: TestAgency;
  let other: TestAgency;
  let subscriber: TestAgency;

  beforeAll(async () => {
    db = await createScratchDatabase('gwpub');
    await admin.connect();
    registry = await startTestApp(registryApp, { DATABASE_URL: db.url });
    gateway = await startTestApp(gatewayApp, {
      DATABASE_URL: db.url,
      // New topics and schemas then reach this gateway only through its re-read on a miss (fresh).
      CATALOGUE_REFRESH_MS: '60000',
      HTTP_BODY_LIMIT: String(BODY_LIMIT),
      PUBLISH_MAX_RECORDS: String(MAX_RECORDS),
    });
    catalogue = new CatalogueApi(registry.url);
    [publisher, other, subscriber] = await Promise.all([
      catalogue.createAgencyWithKey('gwp'),
      catalogue.createAgencyWithKey('gwo'),
      catalogue.createAgencyWithKey('gws'),
    ]);
  }, 60_000);

  afterAll(async () => {
    await router?.close();
    await gateway?.close();
    await registry?.close();
    await admin.disconnect();
    await db?.drop();
  }, 60_000);

  /**
   * A fresh topic of `owner` with its schema(s) registered; returns the schema ids in version order. Waits
   * until the gateway validates against the latest of them (a record `null` fails every record schema, so
   * the probe produces nothing).
   */
  async function topicWith(
    schemas: Record<string, unknown>[] = [kelahiranSchema()],
    owner: TestAgency = publisher,
    partitions = 3,
  ): Promise<{ name: string; schemaIds: number[] }> {
    const topic = await catalogue.createTopic(owner.id, {
      partitions,
      name: uniqueTopicName(schemas[0]?.name === 'Angka' ? 'angka' : 'kelahiran'),
    });
    const schemaIds: number[] = [];
    for (const schema of schemas) schemaIds.push(await catalogue.registerSchema(topic.name, schema));
    await expectEventually(async () => {
      const probe = await post(topic.name, { value: null }, { key: owner.key });
      const details = probe.body.error?.details as { schemaId?: number } | undefined;
      expect({ status: probe.status, schemaId: details?.schemaId }).toEqual({
        status: 422,
        schemaId: schemaIds[schemaIds.length - 1],
      });
    });
    return { name: topic.name, schemaIds };
  }

  async function post<T = { records: Published[] }>(
    topic: string,
    body: unknown,
    options: PostOptions = {},
  ): Promise<Answer<T>> {
    const key = options.key === undefined ? publisher.key : options.key;
    const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
    const headers: Record<string, string> = {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(contentType === null ? {} : { 'content-type': contentType }),
      ...options.headers,
    };
    // A Buffer, so that fetch adds no content type of its own.
    const payload = Buffer.from(options.raw ?? JSON.stringify(body));
    const response = await fetch(
      `${options.gatewayUrl ?? gateway.url}/v1/topics/${encodeURIComponent(topic)}/records`,
      { method: 'POST', headers, body: payload },
    );
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as T & ErrorBody,
      headers: response.headers,
    };
  }

  async function getRecord<T = Record<string, unknown>>(id: string, key: string | null): Promise<Answer<T>> {
    const response = await fetch(`${gateway.url}/v1/records/${id}`, {
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
    });
    return {
      status: response.status,
      body: (await response.json()) as T & ErrorBody,
      headers: response.headers,
    };
  }

  /** Partition → end offset (the offset the next record will get). */
  async function endOffsets(topic: string): Promise<Record<number, string>> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return Object.fromEntries(offsets.map((entry) => [entry.partition, entry.high]));
  }

  /** Records in the topic (the gateway's producer writes no transaction markers). */
  async function recordCount(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, entry) => sum + Number(entry.high) - Number(entry.low), 0);
  }

  /** Every record of the topic, read from the beginning with read_committed, in partition/offset order. */
  async function readAll(topic: string): Promise<KafkaRecord[]> {
    const expected = await recordCount(topic);
    const received: KafkaRecord[] = [];
    // A short fetch wait, so that disconnecting does not wait out an idle long poll.
    const consumer = kafka.consumer({
      groupId: uniqueName('gwp-reader'),
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          received.push({
            partition,
            offset: message.offset,
            key: message.key ? message.key.toString('utf8') : null,
            value: message.value,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            ),
          });
          return Promise.resolve();
        },
      });
      await expectEventually(() => expect(received.length).toBeGreaterThanOrEqual(expected), {
        timeoutMs: 30_000,
      });
    } finally {
      await consumer.disconnect();
    }
    return received.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  }

  function decoded(message: KafkaRecord, mapper = kelahiran): { schemaId: number; value: unknown } {
    if (!message.value) throw new Error(`record at ${message.partition}/${message.offset} has no value`);
    const wire = decodeWireFormat(message.value);
    return { schemaId: wire.schemaId, value: mapper.toJson(mapper.decode(wire.payload)) };
  }

  /** Asserts the status and the house error body: code and message, no errorId (that is a 500's). */
  function expectRefused(
    answer: Answer<unknown>,
    status: number,
    code: string,
    message: string | RegExp,
  ): void {
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
    if (typeof message === 'string') expect(answer.body.error.message).toBe(message);
    else expect(answer.body.error.message).toMatch(message);
    expect(answer.body.error.errorId).toBeUndefined();
  }

  describe('accepted records', () => {
    it('answers 202 for one record only once Kafka has it, in Confluent wire format with the CloudEvents headers', async () => {
      const topic = await topicWith();
      const value = birth(1);
      const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
      const before = Date.now();
      const answer = await post(
        topic.name,
        { key: 'kk-3174010101100003', value },
        { headers: { traceparent } },
      );
      const after = Date.now();

      expect(answer.status).toBe(202);
      const partition = partitionForKey('kk-3174010101100003', 3);
      expect(answer.body).toEqual({
        records: [{ id: expect.any(String) as unknown, partition, offset: '0', duplicate: false }],
      });
      const id = answer.body.records[0]?.id ?? '';
      expect(isUuid(id)).toBe(true);
      // Acknowledged means in Kafka: the end offset has moved by the time the answer arrives.
      expect(await endOffsets(topic.name)).toEqual({ 0: '0', 1: '0', 2: '0', [partition]: '1' });

      const [message, ...rest] = await readAll(topic.name);
      expect(rest).toEqual([]);
      if (!message) throw new Error('nothing in Kafka');
      expect({ partition: message.partition, offset: message.offset, key: message.key }).toEqual({
        partition,
        offset: '0',
        key: 'kk-3174010101100003',
      });
      expect(message.value?.readUInt8(0)).toBe(0);
      expect(decoded(message)).toEqual({ schemaId: topic.schemaIds[0], value });
      expect(message.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: id,
        ce_source: publisher.id,
        ce_type: topic.name,
        ce_time: expect.any(String) as unknown,
        'content-type': 'application/avro',
        traceparent,
      });
      const time = Date.parse(message.headers.ce_time ?? '');
      expect(new Date(time).toISOString()).toBe(message.headers.ce_time);
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
    });

    it('produces a batch in request order, keeps given ids (lowercased), spreads keys as Kafka’s partitioner does', async () => {
      const topic = await topicWith();
      const givenA = randomUUID();
      const givenB = randomUUID().toUpperCase();
      const records = [
        { id: givenA, key: 'kk-a', value: birth(10) },
        { key: 'kk-b', value: birth(11) },
        { id: givenB, key: null, value: birth(12) },
        { value: birth(13) },
        { key: 'kk-a', value: birth(14) },
      ];
      const answer = await post(topic.name, { records });

      expect(answer.status).toBe(202);
      const results = answer.body.records;
      expect(results).toHaveLength(5);
      expect(results[0]?.id).toBe(givenA);
      expect(results[2]?.id).toBe(givenB.toLowerCase());
      expect(results.every((result) => isUuid(result.id) && result.duplicate === false)).toBe(true);
      expect(new Set(results.map((result) => result.id)).size).toBe(5);
      expect(results[0]?.partition).toBe(partitionForKey('kk-a', 3));
      expect(results[1]?.partition).toBe(partitionForKey('kk-b', 3));
      expect(results[4]?.partition).toBe(partitionForKey('kk-a', 3));
      // A fresh topic: in each partition, the batch's records take offsets 0, 1, ... in request order.
      const offsetsByPartition = new Map<number, string[]>();
      for (const result of results) {
        offsetsByPartition.set(result.partition, [
          ...(offsetsByPartition.get(result.partition) ?? []),
          result.offset,
        ]);
      }
      for (const offsets of offsetsByPartition.values()) {
        expect(offsets).toEqual(offsets.map((_, index) => String(index)));
      }

      // Each answered position holds that record: id, key, value, no traceparent given → a fresh one.
      const messages = await readAll(topic.name);
      expect(messages).toHaveLength(5);
      const byId = new Map(messages.map((message) => [message.headers.ce_id, message]));
      records.forEach((record, index) => {
        const result = results[index];
        const message = byId.get(result?.id);
        expect({ partition: message?.partition, offset: message?.offset, key: message?.key }).toEqual({
          partition: result?.partition,
          offset: result?.offset,
          key: record.key ?? null,
        });
        if (!message) return;
        expect(decoded(message)).toEqual({ schemaId: topic.schemaIds[0], value: record.value });
        expect(message.headers.traceparent).toMatch(TRACEPARENT);
      });
      // One request, one trace.
      expect(new Set(messages.map((message) => message.headers.traceparent)).size).toBe(1);
    });

    it('encodes with the latest schema, or with the version given in schemaVersion', async () => {
      const topic = await topicWith([kelahiranSchema(), kelahiranV2()]);
      const [v1, v2] = topic.schemaIds;
      const withNote = { ...birth(20), catatan: 'lahir di rumah sakit' };
      const unpinned = await post(topic.name, { value: withNote });
      expect(unpinned.status).toBe(202);
      const latest = unpinned.body.records[0];
      const plain = birth(21);
      const pinned = await post(topic.name, { records: [{ value: plain }], schemaVersion: 1 });
      expect(pinned.status).toBe(202);

      const tooNew = await post(topic.name, { records: [{ value: withNote }], schemaVersion: 1 });
      expectRefused(
        tooNew,
        422,
        'SCHEMA_VIOLATION',
        `1 of 1 records do not match the schema of ${topic.name}; nothing was published`,
      );
      expect(tooNew.body.error.details).toEqual({
        schemaId: v1,
        invalid: [
          {
            index: 0,
            issues: [
              {
                path: 'catatan',
                message: expect.stringContaining('unknown field') as unknown,
              },
            ],
          },
        ],
      });

      const missing = await post(topic.name, { records: [{ value: plain }], schemaVersion: 3 });
      expectRefused(missing, 404, 'NOT_FOUND', `subject ${topic.name}-value has no live version 3`);
      for (const schemaVersion of ['1', 0, -1, 1.5, null]) {
        const bad = await post(topic.name, { records: [{ value: plain }], schemaVersion });
        expectRefused(bad, 400, 'BAD_REQUEST', 'request is invalid');
        expect(bad.body.error.details).toEqual({ problems: ['schemaVersion: must be a positive integer'] });
      }

      const messages = await readAll(topic.name);
      const byId = new Map(messages.map((message) => [message.headers.ce_id, message]));
      const v2Mapper = AvroJsonMapper.forSchema(kelahiranV2());
      const latestMessage = byId.get(latest?.id);
      const pinnedMessage = byId.get(pinned.body.records[0]?.id);
      if (!latestMessage || !pinnedMessage) throw new Error('records missing in Kafka');
      expect(decoded(latestMessage, v2Mapper)).toEqual({ schemaId: v2, value: withNote });
      expect(decoded(pinnedMessage)).toEqual({ schemaId: v1, value: plain });
      expect(messages).toHaveLength(2);
    });

    it('takes NUL and other control characters in string values as data, byte for byte', async () => {
      const topic = await topicWith();
      const value = birth(30);
      value.child.fullName = 'Siti\u0000Aminah\u0001\u001f\u007f\ttab\nline';
      value.registrationOffice = 'Disdukcapil \u2028 \uFFFF 😀';
      const answer = await post(topic.name, { value });
      expect(answer.status).toBe(202);
      const [message] = await readAll(topic.name);
      if (!message) throw new Error('nothing in Kafka');
      expect(decoded(message).value).toEqual(value);
    });

    it('takes a key of exactly 1024 characters (2048 bytes), a long beyond 2^53 as a decimal string, a recursive value', async () => {
      const topic = await topicWith([ANGKA_SCHEMA]);
      const key = 'ü'.repeat(1024);
      const value = {
        count: -2147483648,
        total: '9223372036854775807',
        label: 'max',
        tags: ['a'],
        tree: { children: [{ children: [] }, { children: [{ children: [] }] }] },
      };
      const answer = await post(topic.name, { key, value });
      expect(answer.status).toBe(202);
      const [message] = await readAll(topic.name);
      if (!message) throw new Error('nothing in Kafka');
      expect(message.key).toBe(key);
      expect(decoded(message, AvroJsonMapper.forSchema(ANGKA_SCHEMA)).value).toEqual(value);
    });
  });

  describe('all or nothing', () => {
    it('refuses a batch with several invalid records with 422 listing every one, and produces nothing', async () => {
      const topic = await topicWith();
      const before = await endOffsets(topic.name);
      const wrongType = birth(40);
      wrongType.child.birthWeightGrams = '2500';
      const missing = birth(41);
      delete missing.certificateNumber;
      const several = birth(42);
      several.child.sex = 'L';
      several.child.birthDate = '2026-02-30';
      several.extra = true;
      const givenId = randomUUID();
      const records = [
        { id: randomUUID(), value: birth(43) },
        { key: 'x', value: wrongType },
        { value: missing },
        { id: givenId, value: several },
        { value: birth(44) },
      ];
      const answer = await post(topic.name, { records });

      expectRefused(
        answer,
        422,
        'SCHEMA_VIOLATION',
        `3 of 5 records do not match the schema of ${topic.name}; nothing was published`,
      );
      expect(answer.body.error.details).toEqual({
        schemaId: topic.schemaIds[0],
        invalid: [
          {
            index: 1,
            issues: [
              {
                path: 'child.birthWeightGrams',
                message:
                  'expected an int (a JSON integer from -2147483648 to 2147483647) or null, got "2500"',
              },
            ],
          },
          { index: 2, issues: [{ path: 'certificateNumber', message: 'required field missing' }] },
          {
            index: 3,
            id: givenId,
            issues: [
              {
                path: 'child.sex',
                message:
                  '"L" is not a symbol of enum id.go.dukcapil.kependudukan.JenisKelamin; expected one of LAKI_LAKI, PEREMPUAN',
              },
              { path: 'child.birthDate', message: '"2026-02-30" has no valid day: 2026-02 has 28 days' },
              { path: 'extra', message: UNKNOWN_KELAHIRAN_FIELD },
            ],
          },
        ],
      });
      expect(await endOffsets(topic.name)).toEqual(before);
      // The valid records of the batch were not even reserved: their ids are unknown.
      const first = records[0]?.id ?? '';
      expect((await getRecord(first, publisher.key)).status).toBe(404);
    });

    it('refuses envelope problems with 400 listing every one, and produces nothing', async () => {
      const topic = await topicWith();
      const before = await endOffsets(topic.name);
      const twice = randomUUID();
      const answer = await post(topic.name, {
        records: [
          { value: birth(50), partition: 1 },
          { key: 5, value: birth(51) },
          { id: 'not-a-uuid', value: birth(52) },
          'a string',
          { key: 'no value' },
          { id: twice, value: birth(53) },
          { id: twice.toUpperCase(), value: birth(54) },
          { key: 'k'.repeat(1025), value: birth(55) },
          { key: { nested: 'object' }, value: birth(56) },
          { id: 12, value: birth(57) },
        ],
        extra: 1,
      });
      expectRefused(answer, 400, 'BAD_REQUEST', 'request is invalid');
      expect(answer.body.error.details).toEqual({
        problems: [
          'unknown property "extra" (allowed: records, schemaVersion)',
          'records[0]: unknown property "partition" (allowed: id, key, value)',
          'records[1].key: must be a string or null',
          'records[2].id: must be a UUID',
          'records[3]: must be an object with "value" and optional "key" and "id"',
          'records[4].value: required',
          'records[7].key: longer than 1024 characters',
          'records[8].key: must be a string or null',
          'records[9].id: must be a UUID',
          `records[6].id: ${twice} appears twice in the batch`,
        ],
      });
      expect(await endOffsets(topic.name)).toEqual(before);
    });
  });

  describe('idempotency', () => {
    it('acknowledges a repeated record id with the same position and duplicate: true, without a second copy', async () => {
      const topic = await topicWith();
      const id = randomUUID();
      const record = { id, key: 'kk-1', value: birth(60) };
      const first = await post(topic.name, record);
      expect(first.status).toBe(202);
      const again = await post(topic.name, { ...record, value: birth(61) });
      expect(again.status).toBe(202);
      expect(again.body.records).toEqual([{ ...first.body.records[0], duplicate: true }]);
      expect(await recordCount(topic.name)).toBe(1);

      // In a batch: the known id is acknowledged again, the new one produced.
      const fresh = randomUUID();
      const mixed = await post(topic.name, {
        records: [
          { id: fresh, key: 'kk-1', value: birth(62) },
          { id: id.toUpperCase(), value: birth(60) },
        ],
      });
      expect(mixed.status).toBe(202);
      expect(mixed.body.records).toEqual([
        { id: fresh, partition: partitionForKey('kk-1', 3), offset: '1', duplicate: false },
        { ...first.body.records[0], duplicate: true },
      ]);
      const messages = await readAll(topic.name);
      expect(messages.map((message) => message.headers.ce_id)).toEqual([id, fresh]);
      // The first copy is the one kept: the repeat's different value was not produced.
      expect(messages[0] && decoded(messages[0]).value).toEqual(record.value);
    });

    it('derives stable ids from an Idempotency-Key, per publisher and topic', async () => {
      const topic = await topicWith();
      const otherTopic = await topicWith();
      const idempotencyKey = `order-${randomUUID()}`;
      const body = { records: [{ key: 'a', value: birth(70) }, { value: birth(71) }] };
      const headers = { 'Idempotency-Key': idempotencyKey };
      const first = await post(topic.name, body, { headers });
      expect(first.status).toBe(202);
      const again = await post(topic.name, body, { headers });
      expect(again.status).toBe(202);
      expect(again.body.records).toEqual(
        first.body.records.map((record) => ({ ...record, duplicate: true })),
      );
      expect(await recordCount(topic.name)).toBe(2);

      // A given id wins over the derived one.
      const given = randomUUID();
      const withId = await post(topic.name, { id: given, value: birth(72) }, { headers });
      expect(withId.status).toBe(202);
      expect(withId.body.records[0]).toMatchObject({ id: given, duplicate: false });

      // The same key on another topic is another request.
      const elsewhere = await post(otherTopic.name, body, { headers });
      expect(elsewhere.status).toBe(202);
      expect(elsewhere.body.records.map((record) => record.duplicate)).toEqual([false, false]);
      const ids = new Set([...first.body.records, ...elsewhere.body.records].map((record) => record.id));
      expect(ids.size).toBe(4);
      const messages = await readAll(topic.name);
      expect(messages.map((message) => message.headers.ce_id).sort()).toEqual(
        [...first.body.records.map((record) => record.id), given].sort(),
      );
    });

    it('refuses with 409 an id used on another topic or by another publisher, and releases the rest of the batch', async () => {
      const topic = await topicWith();
      const sibling = await topicWith();
      const foreign = await topicWith([kelahiranSchema()], other);
      const id = randomUUID();
      expect((await post(topic.name, { id, value: birth(80) })).status).toBe(202);

      const siblingBefore = await endOffsets(sibling.name);
      const fresh = randomUUID();
      const onSibling = await post(sibling.name, {
        records: [
          { id: fresh, value: birth(81) },
          { id, value: birth(82) },
        ],
      });
      expectRefused(onSibling, 409, 'CONFLICT', `record id ${id} is already used by another record`);
      const onForeign = await post(foreign.name, { id, value: birth(83) }, { key: other.key });
      expectRefused(onForeign, 409, 'CONFLICT', `record id ${id} is already used by another record`);
      expect(await endOffsets(sibling.name)).toEqual(siblingBefore);
      expect(await recordCount(foreign.name)).toBe(0);

      // The fresh id of the refused batch was not left reserved.
      const retry = await post(sibling.name, { id: fresh, value: birth(81) });
      expect(retry.status).toBe(202);
      expect(retry.body.records[0]).toMatchObject({ id: fresh, duplicate: false });
      expect(await recordCount(sibling.name)).toBe(1);
    });

    it('produces one copy when the same record is sent many times at once', async () => {
      const topic = await topicWith();
      const id = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => post(topic.name, { id, key: 'same', value: birth(90) })),
      );
      const accepted = answers.filter((answer) => answer.status === 202);
      const busy = answers.filter((answer) => answer.status !== 202);
      for (const answer of busy) {
        expectRefused(
          answer,
          409,
          'CONFLICT',
          `records ${id} are being published by another request; retry shortly`,
        );
      }
      const positions = accepted.map((answer) => answer.body.records[0]);
      expect(positions.filter((position) => position?.duplicate === false)).toHaveLength(1);
      expect(new Set(positions.map((position) => `${position?.partition}/${position?.offset}`)).size).toBe(1);
      expect(await recordCount(topic.name)).toBe(1);
    });

    it('remembers accepted ids across a gateway restart (SIGKILL)', async () => {
      const topic = await topicWith();
      const port = await freePort();
      const start = async (): Promise<AppProcess> => {
        const app = new AppProcess(
          'dist/apps/gateway/src/main.js',
          testEnv({ DATABASE_URL: db.url, GATEWAY_PORT: String(port), CATALOGUE_REFRESH_MS: '200' }),
        );
        app.start();
        await expectEventually(
          async () => {
            if (!app.running) throw new Error(`gateway exited:\n${app.log}`);
            expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
          },
          { timeoutMs: 30_000 },
        );
        return app;
      };
      const gatewayUrl = `http://127.0.0.1:${port}`;
      const id = randomUUID();
      const headers = { 'Idempotency-Key': `restart-${randomUUID()}` };
      let running = await start();
      try {
        const first = await post(topic.name, { id, value: birth(100) }, { gatewayUrl });
        const keyed = await post(topic.name, { value: birth(101) }, { gatewayUrl, headers });
        expect([first.status, keyed.status]).toEqual([202, 202]);
        await running.kill();

        running = await start();
        const again = await post(topic.name, { id, value: birth(100) }, { gatewayUrl });
        const keyedAgain = await post(topic.name, { value: birth(101) }, { gatewayUrl, headers });
        expect(again.body.records).toEqual([{ ...first.body.records[0], duplicate: true }]);
        expect(keyedAgain.body.records).toEqual([{ ...keyed.body.records[0], duplicate: true }]);
        expect(await recordCount(topic.name)).toBe(2);
      } finally {
        await running.stop();
      }
    }, 60_000);
  });

  describe('bad input: a precise 4xx, never a 500, nothing produced', () => {
    let topic: { name: string; schemaIds: number[] };
    let numbers: { name: string; schemaIds: number[] };
    let before: Record<number, string>;
    let numbersBefore: Record<number, string>;

    beforeAll(async () => {
      topic = await topicWith();
      numbers = await topicWith([ANGKA_SCHEMA]);
      before = await endOffsets(topic.name);
      numbersBefore = await endOffsets(numbers.name);
    });

    it('malformed JSON', async () => {
      for (const raw of ['{"value": ', '{value: 1}', "{'value': 1}", '{"value": 1,}', 'NaN']) {
        expectRefused(
          await post(topic.name, undefined, { raw }),
          400,
          'BAD_REQUEST',
          'request body is not valid JSON',
        );
      }
    });

    it('a body that is JSON but not an object', async () => {
      for (const raw of ['[]', 'null', '"text"', '42', 'true']) {
        expectRefused(
          await post(topic.name, undefined, { raw }),
          400,
          'BAD_REQUEST',
          'body must be a JSON object: one record {"value": ...} or a batch {"records": [...]}',
        );
      }
      const notArray = await post(topic.name, { records: { value: birth(1) } });
      expectRefused(notArray, 400, 'BAD_REQUEST', '"records" must be an array');
      const empty = await post(topic.name, { records: [] });
      expectRefused(empty, 400, 'BAD_REQUEST', '"records" is empty: send at least one record');
    });

    it('a content type other than JSON', async () => {
      const body = JSON.stringify({ value: birth(1) });
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        expectRefused(
          await post(topic.name, undefined, { raw: body, contentType }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type must be application/json; got ${contentType}`,
        );
      }
      expectRefused(
        await post(topic.name, undefined, { raw: body, contentType: null }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json; got none',
      );
      expectRefused(
        await post(topic.name, undefined, { raw: body, contentType: 'application/json; charset=latin1' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'unsupported content encoding or charset',
      );
    });

    it('bytes that are not UTF-8', async () => {
      const value = JSON.stringify({ value: { ...birth(1), certificateNumber: 'X' } });
      const [head, tail] = value.split('"X"');
      for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
        const raw = Buffer.concat([Buffer.from(`${head}"`), Buffer.from(bad), Buffer.from(`"${tail}`)]);
        expectRefused(
          await post(topic.name, undefined, { raw }),
          400,
          'BAD_REQUEST',
          'request body is not valid UTF-8',
        );
      }
    });

    it('wrong types, missing and unknown fields: 422 with field paths', async () => {
      const value = birth(1);
      const answer = await post(topic.name, {
        value: {
          ...value,
          registrationId: 'not-a-uuid',
          certificateNumber: 12,
          child: { ...value.child, birthWeightGrams: 2500.5, birthPlace: 'Jakarta' },
          registeredAt: 'yesterday',
          motherNik: undefined,
          unknownField: 'x',
        },
      });
      expectRefused(
        answer,
        422,
        'SCHEMA_VIOLATION',
        `1 of 1 records do not match the schema of ${topic.name}; nothing was published`,
      );
      expect(answer.body.error.details).toEqual({
        schemaId: topic.schemaIds[0],
        invalid: [
          {
            index: 0,
            issues: [
              {
                path: 'registrationId',
                message:
                  'expected a UUID string like "123e4567-e89b-12d3-a456-426614174000", got "not-a-uuid"',
              },
              { path: 'certificateNumber', message: 'expected a string, got 12' },
              {
                path: 'child.birthPlace',
                message: 'expected an object (record id.go.dukcapil.kependudukan.Wilayah), got "Jakarta"',
              },
              { path: 'child.birthWeightGrams', message: `${INT_EXPECTED}, got 2500.5` },
              { path: 'motherNik', message: 'required field missing' },
              {
                path: 'registeredAt',
                message:
                  'expected a timestamp as "YYYY-MM-DDTHH:MM:SS.sssZ" or with an offset like "+07:00" ' +
                  '(or a long count of millis since 1970-01-01T00:00:00Z), got "yesterday"',
              },
              { path: 'unknownField', message: UNKNOWN_KELAHIRAN_FIELD },
            ],
          },
        ],
      });
      const lone = await post(topic.name, { value: { ...value, motherNik: 'a\ud800b' } });
      expectRefused(lone, 422, 'SCHEMA_VIOLATION', /^1 of 1 records do not match/);
      expect(lone.body.error.details).toMatchObject({
        invalid: [{ index: 0, issues: [{ path: 'motherNik' }] }],
      });
      const noValue = await post(topic.name, {});
      expectRefused(noValue, 400, 'BAD_REQUEST', 'request is invalid');
      expect(noValue.body.error.details).toEqual({ problems: ['records[0].value: required'] });
    });

    it('ints and longs out of range or not integers: 422 naming the field', async () => {
      // Written as JSON text: JavaScript literals would round the big ones before they were sent.
      const beyondSafe = (shown: string): string =>
        `${shown} is beyond ±9007199254740991, so as a JSON number it may already have lost precision: ` +
        'send this long as a decimal string';
      const longRange = '(-9223372036854775808 to 9223372036854775807)';
      const cases: [count: string, total: string, path: string, message: string][] = [
        ['1.5', '1', 'count', `${INT_EXPECTED}, got 1.5`],
        ['2147483648', '1', 'count', '2147483648 is out of range for an int (-2147483648 to 2147483647)'],
        ['-2147483649', '1', 'count', '-2147483649 is out of range for an int (-2147483648 to 2147483647)'],
        ['"1"', '1', 'count', `${INT_EXPECTED}, got "1"`],
        // JSON.parse has already rounded these: the message shows what the gateway received.
        ['1', '9007199254740993', 'total', beyondSafe('9007199254740992')],
        ['1', '9223372036854775808', 'total', beyondSafe('9223372036854776000')],
        [
          '1',
          '"9223372036854775808"',
          'total',
          `"9223372036854775808" is out of range for a long ${longRange}`,
        ],
        [
          '1',
          '"-9223372036854775809"',
          'total',
          `"-9223372036854775809" is out of range for a long ${longRange}`,
        ],
        ['1', '0.5', 'total', `${LONG_EXPECTED}, got 0.5`],
        ['1', '"1e3"', 'total', `${LONG_EXPECTED}, got "1e3"`],
        ['1', '"+1"', 'total', `${LONG_EXPECTED}, got "+1"`],
        ['1', '1e400', 'total', 'Infinity is not a finite number (a JSON number beyond ±1.8e308 overflows)'],
      ];
      for (const [count, total, path, message] of cases) {
        const raw = `{"value": {"count": ${count}, "total": ${total}, "label": "x"}}`;
        const answer = await post(numbers.name, undefined, { raw });
        expectRefused(
          answer,
          422,
          'SCHEMA_VIOLATION',
          `1 of 1 records do not match the schema of ${numbers.name}; nothing was published`,
        );
        expect({ raw, details: answer.body.error.details }).toEqual({
          raw,
          details: { schemaId: numbers.schemaIds[0], invalid: [{ index: 0, issues: [{ path, message }] }] },
        });
      }
    });

    it('huge and deeply nested JSON: answered at the first level that is wrong, or at the depth limit', async () => {
      const deep = '['.repeat(20_000) + ']'.repeat(20_000);
      const tree = (levels: number): string => '{"children": ['.repeat(levels) + ']}'.repeat(levels);
      const issue = (path: string, message: string) => ({
        code: 'SCHEMA_VIOLATION',
        details: { schemaId: numbers.schemaIds[0], invalid: [{ index: 0, issues: [{ path, message }] }] },
      });
      const problem = (text: string) => ({ code: 'BAD_REQUEST', details: { problems: [text] } });
      const cases: [string, unknown][] = [
        [
          `{"value": ${deep}}`,
          issue('', 'expected an object (record id.go.test.gateway.Angka), got an array'),
        ],
        [
          `{"value": {"tags": ${deep}, "count": 1, "total": 1, "label": "x"}}`,
          issue('tags[0]', 'expected a string, got an array'),
        ],
        [`{"key": ${deep}, "value": {}}`, problem('records[0].key: must be a string or null')],
        [
          `{"records": [${deep}]}`,
          problem('records[0]: must be an object with "value" and optional "key" and "id"'),
        ],
        // A recursive schema does descend: it stops at 64 levels of objects and arrays.
        [
          `{"value": {"count": 1, "total": 1, "label": "x", "tree": ${tree(3_000)}}}`,
          issue(
            `tree${'.children[0]'.repeat(31)}.children`,
            'nested too deeply: at most 64 levels of objects and arrays',
          ),
        ],
      ];
      for (const [raw, expected] of cases) {
        const answer = await post(numbers.name, undefined, { raw });
        expect({ raw: raw.slice(0, 60), error: answer.body.error }).toEqual({
          raw: raw.slice(0, 60),
          error: { ...(expected as object), message: expect.any(String) as unknown },
        });
      }
    });

    it('too many records, an oversized record, an oversized batch: 413', async () => {
      const small = { value: birth(1) };
      const tooMany = await post(topic.name, {
        records: Array.from({ length: MAX_RECORDS + 1 }, () => small),
      });
      expectRefused(
        tooMany,
        413,
        'PAYLOAD_TOO_LARGE',
        `batch has ${MAX_RECORDS + 1} records; the limit is ${MAX_RECORDS}`,
      );
      const bigValue = birth(2);
      bigValue.registrationOffice = 'x'.repeat(BODY_LIMIT);
      expectRefused(
        await post(topic.name, { value: bigValue }),
        413,
        'PAYLOAD_TOO_LARGE',
        'request body is larger than the limit',
      );
      const chunky = birth(3);
      chunky.registrationOffice = 'x'.repeat(Math.ceil(BODY_LIMIT / MAX_RECORDS));
      expectRefused(
        await post(topic.name, { records: Array.from({ length: MAX_RECORDS }, () => ({ value: chunky })) }),
        413,
        'PAYLOAD_TOO_LARGE',
        'request body is larger than the limit',
      );
    });

    it('hostile keys', async () => {
      const value = birth(1);
      const cases: [unknown, string][] = [
        ['k'.repeat(1025), 'records[0].key: longer than 1024 characters'],
        [12, 'records[0].key: must be a string or null'],
        [['a'], 'records[0].key: must be a string or null'],
        [{ toString: 'x' }, 'records[0].key: must be a string or null'],
        [true, 'records[0].key: must be a string or null'],
        ['a\ud800', 'records[0].key: not valid Unicode (lone surrogate)'],
        ['\udc00b', 'records[0].key: not valid Unicode (lone surrogate)'],
        ['kk\u0000-1', 'records[0].key: must not contain NUL (U+0000)'],
      ];
      for (const [key, problem] of cases) {
        const answer = await post(topic.name, { key, value });
        expectRefused(answer, 400, 'BAD_REQUEST', 'request is invalid');
        expect({ key, details: answer.body.error.details }).toEqual({
          key,
          details: { problems: [problem] },
        });
      }
    });

    it('hostile Idempotency-Key headers', async () => {
      const message = 'Idempotency-Key must be 1 to 255 visible ASCII characters';
      for (const idempotencyKey of ['k'.repeat(256), 'two words', '']) {
        expectRefused(
          await post(topic.name, { value: birth(1) }, { headers: { 'Idempotency-Key': idempotencyKey } }),
          400,
          'BAD_REQUEST',
          message,
        );
      }
      // Bytes fetch will not send: Latin-1 and UTF-8 beyond ASCII, and a header given twice.
      const body = Buffer.from(JSON.stringify({ value: birth(1) }));
      const head = (extra: string): string =>
        `POST /v1/topics/${topic.name}/records HTTP/1.1\r\nhost: gateway\r\nauthorization: Bearer ${publisher.key}\r\ncontent-type: application/json\r\n${extra}`;
      for (const extra of [
        'idempotency-key: caf\xe9',
        `idempotency-key: ${Buffer.from('kunci-ü', 'utf8').toString('latin1')}`,
        'idempotency-key: a\r\nidempotency-key: b',
      ]) {
        const answer = await rawRequest(gateway.url, head(extra), body);
        expect({ extra, status: answer.status }).toEqual({ extra, status: 400 });
        expect(answer.text).toContain(message);
      }
      // Control characters never reach the app: Node's parser refuses the request itself.
      const control = await rawRequest(gateway.url, head('idempotency-key: a\x01b'), body);
      expect(control.status).toBe(400);
    });

    it('produced nothing for any of the refused requests above', async () => {
      expect(await endOffsets(topic.name)).toEqual(before);
      expect(await endOffsets(numbers.name)).toEqual(numbersBefore);
    });

    it('a traceparent that is not W3C is replaced, not passed on', async () => {
      const own = await topicWith();
      for (const traceparent of ['garbage', `00-${'x'.repeat(32)}-${'0'.repeat(16)}-01`, 'a'.repeat(4000)]) {
        const answer = await post(own.name, { value: birth(1) }, { headers: { traceparent } });
        expect(answer.status).toBe(202);
      }
      const messages = await readAll(own.name);
      expect(messages).toHaveLength(3);
      for (const message of messages) expect(message.headers.traceparent).toMatch(TRACEPARENT);
    });
  });

  describe('who may publish', () => {
    it('answers 401 without or with invalid credentials, 403 to another agency and to admins, 404 for unknown topics', async () => {
      const topic = await topicWith();
      const before = await endOffsets(topic.name);
      const record = { value: birth(1) };

      const anonymous = await post(topic.name, record, { key: null });
      expectRefused(
        anonymous,
        401,
        'UNAUTHENTICATED',
        'authentication required: send "Authorization: Bearer <api key>"',
      );
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      expectRefused(
        await post(topic.name, record, { key: 'phk_not_a_real_key' }),
        401,
        'UNAUTHENTICATED',
        'invalid API key',
      );
      const basic = (user: string): string =>
        `Basic ${Buffer.from(`${user}:${publisher.key}`).toString('base64')}`;
      expectRefused(
        await post(topic.name, record, { key: null, headers: { authorization: basic(other.id) } }),
        401,
        'UNAUTHENTICATED',
        'the user name of HTTP Basic must be the agency id of the key (or "admin")',
      );
      expectRefused(
        await post(topic.name, record, { key: null, headers: { authorization: 'Token abc' } }),
        401,
        'UNAUTHENTICATED',
        'Authorization header must be "Bearer <api key>" or HTTP Basic',
      );
      const forbidden = `only the owner of ${topic.name} (${publisher.id}) may publish to it`;
      expectRefused(await post(topic.name, record, { key: other.key }), 403, 'FORBIDDEN', forbidden);
      expectRefused(await post(topic.name, record, { key: TEST_ADMIN_KEY }), 403, 'FORBIDDEN', forbidden);
      // The owner is named only to those who authenticated; a 403 comes before the body is read.
      expectRefused(
        await post(topic.name, { records: 'nonsense' }, { key: other.key }),
        403,
        'FORBIDDEN',
        forbidden,
      );

      const unknown = `${uniqueName('nothing')}.here.v1`;
      expectRefused(await post(unknown, record), 404, 'NOT_FOUND', `topic ${unknown} does not exist`);
      expectRefused(await post('../../etc', record), 404, 'NOT_FOUND', 'topic ../../etc does not exist');
      const undecodable = await fetch(`${gateway.url}/v1/topics/%E0%A4/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${publisher.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(record),
      });
      expect(undecodable.status).toBe(400);
      expect(((await undecodable.json()) as ErrorBody).error).toEqual({
        code: 'BAD_REQUEST',
        message: "Failed to decode param '%E0%A4'",
      });
      expect(await endOffsets(topic.name)).toEqual(before);

      // HTTP Basic with the agency id, as schema-registry clients send it, publishes too.
      const viaBasic = await post(topic.name, record, {
        key: null,
        headers: { authorization: basic(publisher.id) },
      });
      expect(viaBasic.status).toBe(202);
      expect(await recordCount(topic.name)).toBe(1);

      const noSchema = await catalogue.createTopic(publisher.id, { partitions: 1 });
      const answer = await expectEventually(async () => {
        const attempt = await post(noSchema.name, record);
        expect(attempt.status).not.toBe(404);
        return attempt;
      });
      expectRefused(
        answer,
        409,
        'CONFLICT',
        `topic ${noSchema.name} has no registered schema yet (subject ${noSchema.name}-value)`,
      );
      expect(await recordCount(noSchema.name)).toBe(0);
    });

    /**
     * On a miss the gateway re-reads the catalogue with `CatalogueSnapshot.fresh`: a read that began after
     * the request, never one already running or just finished (both may predate the topic). Two topics
     * created and published to back to back: the second lands within the rate limit of the first's read.
     */
    it('knows a topic created just before the request (no 404 until the next periodic refresh)', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        const name = `${uniqueName('fresh')}.kelahiran.v1`;
        await db.dataSource.getRepository(TopicEntity).insert({
          name,
          ownerAgencyId: publisher.id,
          subject: `${name}-value`,
          classification: 'confidential',
          partitions: 1,
          retentionMs: '-1',
          createdBy: 'test',
        });
        // The topic is committed; it has no schema yet, which is what the answer should say.
        statuses.push((await post(name, { value: birth(1) })).status);
      }
      expect(statuses).toEqual([409, 409]);
    });
  });

  describe('GET /v1/records/{id}', () => {
    it('shows the publisher its record accepted, then routed (or dead-lettered); 404 to anyone else', async () => {
      const topic = await topicWith();
      const requested = await catalogue.requestSubscription(
        subscriber.as,
        kelahiranRequest(topic.name, { deliveryMode: 'kafka' }),
      );
      expect(requested.status).toBe(201);
      const subscription = await catalogue.expectStatus<SubscriptionView>(
        200,
        'POST',
        `/v1/subscriptions/${requested.body.id}/approve`,
        { body: { reason: 'test' } },
      );
      const inJakarta = birth(110);
      const elsewhere = birth(111);
      elsewhere.child.birthPlace = { regencyCode: '3273', regencyName: 'Kota Bandung', provinceCode: '32' };
      const published = await post(topic.name, {
        records: [
          { key: 'kk-110', value: inJakarta },
          { key: 'kk-111', value: elsewhere },
        ],
      });
      expect(published.status).toBe(202);
      const [jakarta, bandung] = published.body.records;
      if (!jakarta || !bandung) throw new Error('no records');

      // No router runs yet: accepted by Kafka, nothing more.
      const accepted = await getRecord(jakarta.id, publisher.key);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        id: jakarta.id,
        topic: topic.name,
        publisher: publisher.id,
        status: 'accepted',
        acceptedAt: expect.any(String) as unknown,
        partition: jakarta.partition,
        offset: jakarta.offset,
        schemaId: topic.schemaIds[0],
        routing: null,
        deliveries: [],
        deadLetter: null,
        summary: 'accepted by Kafka, not routed yet',
      });
      expect((await getRecord(jakarta.id.toUpperCase(), publisher.key)).body).toEqual(accepted.body);
      expect((await getRecord(jakarta.id, TEST_ADMIN_KEY)).body).toEqual(accepted.body);
      const hidden = `record ${jakarta.id} not found`;
      expectRefused(await getRecord(jakarta.id, other.key), 404, 'NOT_FOUND', hidden);
      expectRefused(await getRecord(jakarta.id, subscriber.key), 404, 'NOT_FOUND', hidden);
      const nobody = randomUUID();
      expectRefused(await getRecord(nobody, publisher.key), 404, 'NOT_FOUND', `record ${nobody} not found`);
      for (const bad of ['not-a-uuid', '1234', `${jakarta.id}x`, '%00', 'x'.repeat(2000)]) {
        expectRefused(await getRecord(bad, publisher.key), 400, 'BAD_REQUEST', 'record id must be a UUID');
      }
      expectRefused(
        await getRecord('%E0%A4', publisher.key),
        400,
        'BAD_REQUEST',
        "Failed to decode param '%E0%A4'",
      );
      expectRefused(
        await getRecord(jakarta.id, null),
        401,
        'UNAUTHENTICATED',
        'authentication required: send "Authorization: Bearer <api key>"',
      );

      // A direct producer's record the router cannot decode, under a record id of its own.
      const garbageId = randomUUID();
      const direct = kafka.producer();
      await direct.connect();
      await direct.send({
        topic: topic.name,
        messages: [
          {
            key: 'direct',
            value: encodeWireFormat(987_654, Buffer.from([2, 4, 6])),
            headers: toCloudEventHeaders({
              id: garbageId,
              source: publisher.id,
              type: topic.name,
              time: new Date().toISOString(),
            }),
          },
        ],
      });
      await direct.disconnect();

      router = await startTestApp(routerApp, {
        DATABASE_URL: db.url,
        ROUTER_INSTANCE_ID: uniqueName('gwp-router'),
        ROUTER_GROUP_ID: uniqueName('gwp-router'),
        DLQ_TOPIC: uniqueName('gwp-dlq'),
        REGISTRY_URL: registry.url,
        REGISTRY_API_KEY: TEST_ADMIN_KEY,
        CATALOGUE_REFRESH_MS: '200',
      });
      const routed = await expectEventually(
        async () => {
          const answer = await getRecord<{ status: string }>(jakarta.id, publisher.key);
          expect(answer.body.status).toBe('routed');
          return answer.body;
        },
        { timeoutMs: 30_000 },
      );
      expect(routed).toEqual({
        ...accepted.body,
        status: 'routed',
        routing: { routedAt: expect.any(String) as unknown, subscriptions: 1, deliveries: 1 },
        deliveries: [
          {
            agency: subscriber.id,
            subscriptionId: subscription.id,
            fields: subscription.fields,
            deliveryTopic: `penghubung.deliver.${subscriber.id}`,
            at: expect.any(String) as unknown,
          },
        ],
        summary: 'delivered to 1 of 1 subscriptions',
      });
      const filtered = await expectEventually(async () => {
        const answer = await getRecord<{ status: string; summary: string }>(bandung.id, publisher.key);
        expect(answer.body.status).toBe('routed');
        return answer.body;
      });
      expect(filtered.summary).toBe('delivered to 0 of 1 subscriptions');
      const dead = await expectEventually(async () => {
        const answer = await getRecord<{ status: string }>(garbageId, publisher.key);
        expect(answer.body.status).toBe('dead_lettered');
        return answer.body;
      });
      expect(dead).toMatchObject({
        id: garbageId,
        topic: topic.name,
        publisher: publisher.id,
        deadLetter: { code: 'UNKNOWN_SCHEMA', reason: expect.stringContaining('987654') as unknown },
      });
      expectRefused(await getRecord(garbageId, other.key), 404, 'NOT_FOUND', `record ${garbageId} not found`);
    }, 60_000);
  });
});
