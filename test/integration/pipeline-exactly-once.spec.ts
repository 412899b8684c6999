import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AvroCodec, decodeWireFormat, encodeWireFormat, parseAvroSchema } from '@app/avro';
import { generateApiKey } from '@app/auth';
import { type IncomingMessage, KafkaClient, toCloudEventHeaders } from '@app/kafka';
import {
  AgencyEntity,
  ApiKeyEntity,
  type DataSource,
  SubscriptionEntity,
  TopicEntity,
} from '@app/persistence';
import { expandProjection } from '@app/routing';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { registryApp } from '../../apps/registry/src/registry.app';
import { startTestApp, type RunningApp } from '../support/apps';
import { TEST_ADMIN_KEY, testKafkaOptions, testEnv } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { AppProcess } from '../support/processes';
import { createScratchDatabase } from '../support/scratch-database';
import { uniqueName } from '../support/unique';

/**
 * The whole data path on the real stack: two publishers (civil registry: births over HTTP and straight
 * into Kafka; tax directorate: status changes over HTTP), three subscribers with different projections and
 * filters (two of them on both topics), a router process that is SIGKILLed mid-stream and restarted, and
 * every delivery topic checked with a read_committed consumer: each expected record exactly once, with
 * exactly the approved fields. The test runs on a
 * database of its own so that its router sees only its own topics.
 */
describe('publish → route → deliver, exactly once through a router crash', () => {
  const RECORDS = 3_000;
  const run = uniqueName('e2e').replace(/[^a-z0-9]/g, '');
  const topicName = `kependudukan${run}.kelahiran.v1`;
  const publisher = `dukcapil-${run}`;
  const subscribers = { bps: `bps-${run}`, kemenkes: `kemenkes-${run}`, bpjs: `bpjs-${run}` };
  const schemaText = readFileSync(
    join(__dirname, '..', '..', 'schemas', 'kependudukan.kelahiran.v1.avsc'),
    'utf8',
  );
  const schemaJson = parseAvroSchema(schemaText).json;
  // A second publisher: the tax directorate, with its own topic and schema.
  const TAX_RECORDS = 300;
  const taxPublisher = `djp-${run}`;
  const taxTopic = `perpajakan${run}.status-wajib-pajak.v1`;
  const taxSchemaText = readFileSync(
    join(__dirname, '..', '..', 'schemas', 'perpajakan.status-wajib-pajak.v1.avsc'),
    'utf8',
  );
  const taxSchemaJson = parseAvroSchema(taxSchemaText).json;

  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let registry: RunningApp;
  let gateway: RunningApp;
  let router: AppProcess | undefined;
  let publisherKey: string;
  let taxPublisherKey: string;
  const kafka = new KafkaClient(testKafkaOptions('test-e2e'));
  const subscriptions: Record<
    keyof typeof subscribers,
    { id: string; fields: string[]; filter: string | null }
  > = {
    // Statistics: where and when, no identities.
    bps: {
      id: randomUUID(),
      fields: ['registrationId', 'child.sex', 'child.birthPlace.regencyCode', 'registeredAt'],
      filter: null,
    },
    // Health: low birth weight only, with the child's identity.
    kemenkes: {
      id: randomUUID(),
      fields: ['registrationId', 'child.nik', 'child.birthWeightGrams'],
      filter: 'child.birthWeightGrams < 2500',
    },
    // Insurance: only one province.
    bpjs: {
      id: randomUUID(),
      fields: ['registrationId', 'child.nik', 'familyCardNumber'],
      filter: "child.birthPlace.provinceCode == '31'",
    },
  };

  // Two of the subscribers also take the tax topic, with projections and a filter of its own.
  const taxSubscriptions: Partial<
    Record<keyof typeof subscribers, { id: string; fields: string[]; filter: string | null }>
  > = {
    bps: { id: randomUUID(), fields: ['eventId', 'taxpayerType', 'taxOfficeCode'], filter: null },
    bpjs: { id: randomUUID(), fields: ['eventId', 'npwp', 'newStatus'], filter: "taxOfficeCode == '001'" },
  };

  function routerProcess(): AppProcess {
    return new AppProcess(
      'dist/apps/router/src/main.js',
      testEnv({
        DATABASE_URL: db.url,
        ROUTER_PORT: '0',
        ROUTER_INSTANCE_ID: `router-${run}`,
        ROUTER_GROUP_ID: `router-${run}`,
        REGISTRY_URL: registry.url,
        REGISTRY_API_KEY: TEST_ADMIN_KEY,
        CATALOGUE_REFRESH_MS: '500',
        LOG_LEVEL: 'warn',
      }),
    );
  }

  async function seed(dataSource: DataSource): Promise<void> {
    const agencies = [publisher, taxPublisher, ...Object.values(subscribers)];
    await dataSource.getRepository(AgencyEntity).insert(agencies.map((id) => ({ id, name: id })));
    const keyOf = async (agencyId: string): Promise<string> => {
      const key = await generateApiKey();
      await dataSource.getRepository(ApiKeyEntity).insert({
        id: randomUUID(),
        prefix: key.prefix,
        secretHash: key.secretHash,
        role: 'agency',
        agencyId,
        createdBy: 'test',
      });
      return key.key;
    };
    publisherKey = await keyOf(publisher);
    taxPublisherKey = await keyOf(taxPublisher);
    const topics = [
      { name: topicName, owner: publisher, schema: schemaText, json: schemaJson, subs: subscriptions },
      {
        name: taxTopic,
        owner: taxPublisher,
        schema: taxSchemaText,
        json: taxSchemaJson,
        subs: taxSubscriptions,
      },
    ];
    for (const topic of topics) {
      await dataSource.getRepository(TopicEntity).insert({
        name: topic.name,
        ownerAgencyId: topic.owner,
        subject: `${topic.name}-value`,
        classification: 'confidential',
        partitions: 3,
        retentionMs: '-1',
        createdBy: 'test',
      });
      await kafka.ensureTopics([{ topic: topic.name, partitions: 3 }]);
      const registered = await fetch(`${registry.url}/subjects/${topic.name}-value/versions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_KEY}`,
          'content-type': 'application/vnd.schemaregistry.v1+json',
        },
        body: JSON.stringify({ schema: topic.schema }),
      });
      expect(registered.status).toBe(200);
      for (const [name, subscription] of Object.entries(topic.subs)) {
        await dataSource.getRepository(SubscriptionEntity).insert({
          id: subscription.id,
          topic: topic.name,
          agencyId: subscribers[name as keyof typeof subscribers],
          purpose: 'test',
          legalBasis: 'test',
          fields: expandProjection(topic.json, subscription.fields),
          filter: subscription.filter,
          deliveryMode: 'kafka',
          webhookUrl: null,
          expiresAt: new Date(Date.now() + 86_400_000),
          status: 'active',
          createdBy: 'test',
        });
      }
    }
  }

  beforeAll(async () => {
    db = await createScratchDatabase('e2e');
    await kafka.connect();
    registry = await startTestApp(registryApp, { DATABASE_URL: db.url });
    gateway = await startTestApp(gatewayApp, { DATABASE_URL: db.url, CATALOGUE_REFRESH_MS: '500' });
    await seed(db.dataSource);
  }, 120_000);

  afterAll(async () => {
    await router?.stop();
    await gateway?.close();
    await registry?.close();
    await kafka.onApplicationShutdown();
    await db?.drop();
  }, 60_000);

  function birth(index: number) {
    return {
      registrationId: randomUUID(),
      certificateNumber: `AL-${run}-${index}`,
      child: {
        nik: `3174${String(index).padStart(12, '0')}`,
        fullName: `Anak ${index}`,
        sex: index % 2 === 0 ? 'PEREMPUAN' : 'LAKI_LAKI',
        birthDate: '2026-11-01',
        birthPlace: {
          regencyCode: index % 3 === 0 ? '3201' : '3171',
          regencyName: 'X',
          provinceCode: index % 3 === 0 ? '32' : '31',
        },
        birthWeightGrams: 2000 + (index % 20) * 100,
      },
      motherNik: '3174014505900002',
      fatherNik: null,
      familyCardNumber: `KK-${index}`,
      registrationOffice: 'Disdukcapil',
      registeredAt: '2026-11-27T10:00:00.000Z',
    };
  }

  async function publishBatch(from: number, to: number, ids: Map<string, number>): Promise<void> {
    const records = [];
    for (let index = from; index < to; index++) {
      const id = randomUUID();
      ids.set(id, index);
      records.push({ id, key: `kk-${index % 50}`, value: birth(index) });
    }
    const response = await fetch(`${gateway.url}/v1/topics/${topicName}/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publisherKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    expect(response.status).toBe(202);
  }

  function taxEvent(index: number) {
    return {
      eventId: randomUUID(),
      npwp: String(3174000000000000 + index),
      taxpayerType: ['ORANG_PRIBADI', 'BADAN', 'INSTANSI_PEMERINTAH'][index % 3],
      taxpayerName: `Wajib Pajak ${index}`,
      previousStatus: index % 2 === 0 ? null : 'AKTIF',
      newStatus: index % 2 === 0 ? 'AKTIF' : 'NON_EFEKTIF',
      effectiveDate: '2026-11-01',
      reason: null,
      taxOfficeCode: index % 4 === 0 ? '002' : '001',
      changedAt: '2026-11-27T10:00:00.000Z',
    };
  }

  async function publishTaxBatch(from: number, to: number, ids: Map<string, number>): Promise<void> {
    const records = [];
    for (let index = from; index < to; index++) {
      const id = randomUUID();
      ids.set(id, index);
      records.push({ id, key: `npwp-${index % 30}`, value: taxEvent(index) });
    }
    const response = await fetch(`${gateway.url}/v1/topics/${taxTopic}/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${taxPublisherKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    expect(response.status).toBe(202);
  }

  async function readAll(topic: string, expected: number): Promise<IncomingMessage[]> {
    const received: IncomingMessage[] = [];
    const consumer = await kafka.createConsumer({ groupId: uniqueName('e2e-reader'), readCommitted: true });
    await consumer.subscribe([topic]);
    await consumer.run((message) => {
      received.push(message);
      return Promise.resolve();
    });
    try {
      await expectEventually(() => expect(received.length).toBeGreaterThanOrEqual(expected), {
        timeoutMs: 90_000,
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  it('delivers every expected record exactly once, with only the approved fields, and dead-letters garbage', async () => {
    const ids = new Map<string, number>();
    router = routerProcess();
    router.start();
    const taxIds = new Map<string, number>();
    for (let from = 0; from < RECORDS / 2; from += 100) await publishBatch(from, from + 100, ids);
    await publishTaxBatch(0, TAX_RECORDS / 2, taxIds);

    // Let the router get going, then kill it without warning in the middle of the stream.
    await expectEventually(
      async () => {
        const rows: { n: string }[] = await db.dataSource.query(
          "SELECT coalesce(sum(jsonb_array_length(details -> 'recordIds')), 0) AS n FROM audit_log WHERE action = 'records.routed'",
        );
        expect(Number(rows[0]?.n)).toBeGreaterThan(200);
      },
      { timeoutMs: 60_000 },
    );
    await router.kill();
    for (let from = RECORDS / 2; from < RECORDS; from += 100) await publishBatch(from, from + 100, ids);
    await publishTaxBatch(TAX_RECORDS / 2, TAX_RECORDS, taxIds);

    // A direct Kafka producer: one good record and three bad ones.
    const direct = await kafka.createProducer();
    const schemaId = Number(
      (
        (await (
          await fetch(`${registry.url}/subjects/${topicName}-value/versions/latest`, {
            headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
          })
        ).json()) as { id: number }
      ).id,
    );
    const directId = randomUUID();
    // Raw Avro values, as a Confluent serializer would write them: days since epoch, epoch millis.
    const directValue = birth(RECORDS);
    const encodedDirect = AvroCodec.fromSchema(schemaJson as object).encode({
      ...directValue,
      child: { ...directValue.child, birthDate: 20_000 },
      registeredAt: Date.parse(directValue.registeredAt),
    });
    await direct.send(topicName, [
      {
        key: 'direct',
        value: encodeWireFormat(schemaId, encodedDirect),
        headers: toCloudEventHeaders({
          id: directId,
          source: publisher,
          type: topicName,
          time: new Date().toISOString(),
        }),
      },
      { key: 'bad-1', value: Buffer.from('{"json": "not avro"}') },
      { key: 'bad-2', value: encodeWireFormat(987_654, Buffer.from([1, 2, 3])) },
      { key: 'bad-3', value: encodeWireFormat(schemaId, Buffer.from([0xff])) },
    ]);
    ids.set(directId, RECORDS);

    router = routerProcess();
    router.start();

    const expectedFor = (name: keyof typeof subscriptions): Set<string> => {
      const out = new Set<string>();
      for (const [id, index] of ids) {
        const value = birth(index);
        if (name === 'kemenkes' && !(value.child.birthWeightGrams < 2500)) continue;
        if (name === 'bpjs' && value.child.birthPlace.provinceCode !== '31') continue;
        out.add(id);
      }
      return out;
    };

    const expectedTaxFor = (name: keyof typeof subscriptions): Set<string> => {
      const out = new Set<string>();
      if (!taxSubscriptions[name]) return out;
      for (const [id, index] of taxIds) {
        if (name === 'bpjs' && taxEvent(index).taxOfficeCode !== '001') continue;
        out.add(id);
      }
      return out;
    };
    const exactlyOnce = (name: string, messages: IncomingMessage[], expected: Set<string>): void => {
      const seen = new Map<string, number>();
      for (const message of messages)
        seen.set(message.headers.ce_id ?? '', (seen.get(message.headers.ce_id ?? '') ?? 0) + 1);
      const duplicates = [...seen].filter(([, count]) => count > 1);
      expect({ name, duplicates }).toEqual({ name, duplicates: [] });
      expect(new Set(seen.keys())).toEqual(expected);
    };

    for (const name of Object.keys(subscriptions) as (keyof typeof subscriptions)[]) {
      const expected = expectedFor(name);
      const expectedTax = expectedTaxFor(name);
      const all = await readAll(`penghubung.deliver.${subscribers[name]}`, expected.size + expectedTax.size);
      const of = (subscription: { id: string } | undefined) =>
        all.filter((message) => message.headers.penghubung_subscription === subscription?.id);
      expect(of(subscriptions[name]).length + of(taxSubscriptions[name]).length).toBe(all.length);
      const messages = of(subscriptions[name]);
      exactlyOnce(name, messages, expected);
      exactlyOnce(`${name} (tax)`, of(taxSubscriptions[name]), expectedTax);
      const taxSample = of(taxSubscriptions[name])[0];
      if (taxSubscriptions[name]) {
        if (!taxSample?.value) throw new Error(`no tax delivery for ${name}`);
        expect(taxSample.headers).toMatchObject({ ce_source: taxPublisher, ce_type: taxTopic });
        const projected = (await (
          await fetch(`${registry.url}/schemas/ids/${decodeWireFormat(taxSample.value).schemaId}`, {
            headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
          })
        ).json()) as { schema: string };
        const value = AvroCodec.fromSchema(projected.schema).decode(
          decodeWireFormat(taxSample.value).payload,
        ) as Record<string, unknown>;
        expect(Object.keys(value).sort()).toEqual([...(taxSubscriptions[name]?.fields ?? [])].sort());
      }

      // Only the approved fields, decodable with the projected schema the registry holds.
      const sample = messages[0];
      if (!sample?.value) throw new Error(`no delivery for ${name}`);
      const wire = decodeWireFormat(sample.value);
      const projected = (await (
        await fetch(`${registry.url}/schemas/ids/${wire.schemaId}`, {
          headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
        })
      ).json()) as { schema: string };
      const value = AvroCodec.fromSchema(projected.schema).decode(wire.payload) as Record<string, unknown>;
      const leaves = expandProjection(schemaJson, subscriptions[name].fields);
      const topLevel = new Set(leaves.map((path) => path.split('.')[0]));
      expect(new Set(Object.keys(value))).toEqual(topLevel);
      expect(sample.headers).toMatchObject({
        ce_source: publisher,
        ce_type: topicName,
        penghubung_subscription: subscriptions[name].id,
      });
    }

    const dead = (await readAll('penghubung.dlq', 3)).filter(
      (message) => message.headers.penghubung_dlq_topic === topicName,
    );
    expect(dead.map((message) => [message.key, message.headers.penghubung_dlq_code]).sort()).toEqual([
      ['bad-1', 'NOT_WIRE_FORMAT'],
      ['bad-2', 'UNKNOWN_SCHEMA'],
      ['bad-3', 'UNDECODABLE'],
    ]);

    // The publisher sees where a record went.
    const [someId] = [...expectedFor('kemenkes')].filter((id) => expectedFor('bpjs').has(id));
    const status = await expectEventually(async () => {
      const response = await fetch(`${gateway.url}/v1/records/${someId}`, {
        headers: { authorization: `Bearer ${publisherKey}` },
      });
      const body = (await response.json()) as {
        status: string;
        summary: string;
        deliveries: { agency: string }[];
      };
      expect(body.status).toBe('routed');
      return body;
    });
    expect(status.summary).toBe('delivered to 3 of 3 subscriptions');
    expect(status.deliveries.map((delivery) => delivery.agency).sort()).toEqual(
      Object.values(subscribers).sort(),
    );
    // Its trail names each receiving agency once, with the fields it was approved for.
    const trail = (await (
      await fetch(`${registry.url}/v1/records/${someId}/trail`, {
        headers: { authorization: `Bearer ${publisherKey}` },
      })
    ).json()) as {
      published: { agencyId: string };
      deliveries: { subscriptionId: string; fields: string[] }[];
    };
    expect(trail.published.agencyId).toBe(publisher);
    expect(
      Object.fromEntries(trail.deliveries.map((delivery) => [delivery.subscriptionId, delivery.fields])),
    ).toEqual(
      Object.fromEntries(
        Object.values(subscriptions).map((subscription) => [
          subscription.id,
          expandProjection(schemaJson, subscription.fields),
        ]),
      ),
    );
  }, 300_000);
});
