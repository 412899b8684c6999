import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { AvroCodec, encodeWireFormat } from '@app/avro';
import { generateApiKey } from '@app/auth';
import { type KafkaClient } from '@app/kafka';
import { ApiKeyEntity, type DataSource, type DeliveryMode } from '@app/persistence';
import { sealWebhookSecret } from '@app/webhook-policy';
import { uniqueName } from './unique';

/** A fresh WEBHOOK_SECRET_KEY for one test process. */
export function testWebhookSecretKey(): string {
  return randomBytes(32).toString('base64');
}

export interface DeliveryFixture {
  publisher: string;
  subscriber: string;
  /** The subscriber's API key. */
  subscriberKey: string;
  topic: string;
  subscriptionId: string;
  projectedSubject: string;
  schemaId: number;
  codec: AvroCodec;
  deliveryTopic: string;
}

export interface ProjectedRecord {
  registrationId: string;
  seq: number;
  note: string | null;
}

/** An agency (with a key) whose id starts with `prefix-`, straight into the tables. */
export async function insertAgency(
  dataSource: DataSource,
  prefix: string,
): Promise<{ id: string; key: string }> {
  const id = uniqueName(prefix);
  await dataSource.query('INSERT INTO agencies (id, name) VALUES ($1, $2)', [id, `Agency ${id}`]);
  const generated = await generateApiKey();
  await dataSource.getRepository(ApiKeyEntity).insert({
    id: randomUUID(),
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    role: 'agency',
    agencyId: id,
    label: 'delivery tests',
    createdBy: 'test',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
  });
  return { id, key: generated.key };
}

/**
 * What the router leaves behind for one subscription, written straight to the tables: a publisher and a
 * subscriber agency (ids starting with `prefix-`), a topic, the projected schema registered in the
 * subscription's subject, and an active subscription in the given mode.
 */
export async function createDeliveryFixture(
  dataSource: DataSource,
  options: {
    prefix: string;
    mode: DeliveryMode;
    webhookUrl?: string;
    subscriber?: { id: string; key: string };
    /** Webhooks: keep per-key order (the default, as for a subscription requested without it). */
    orderedDelivery?: boolean;
  },
): Promise<DeliveryFixture> {
  const publisher = await insertAgency(dataSource, options.prefix);
  const subscriber = options.subscriber ?? (await insertAgency(dataSource, options.prefix));
  const topic = `${uniqueName('dt')}.records.v1`;
  await dataSource.query(
    `INSERT INTO topics (name, owner_agency_id, subject, classification, partitions, retention_ms, created_by)
     VALUES ($1, $2, $3, 'internal', 3, -1, 'test')`,
    [topic, publisher.id, `${topic}-value`],
  );
  const subscriptionId = randomUUID();
  const projectedSubject = `${topic}-${subscriptionId}-value`;
  const schema = {
    type: 'record',
    name: `Projected${randomBytes(4).toString('hex')}`,
    namespace: 'id.go.test',
    fields: [
      { name: 'registrationId', type: 'string' },
      { name: 'seq', type: 'int' },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  };
  const text = JSON.stringify(schema);
  const [{ id: schemaId }] = await dataSource.query<[{ id: number }]>(
    `INSERT INTO schemas (schema_text, canonical, fingerprint) VALUES ($1, $1, $2) RETURNING id`,
    [text, createHash('sha256').update(text).digest('hex')],
  );
  await dataSource.query('INSERT INTO subjects (name, owner_agency_id, last_version) VALUES ($1, $2, 1)', [
    projectedSubject,
    publisher.id,
  ]);
  await dataSource.query(
    `INSERT INTO subject_versions (subject, version, schema_id, registered_by) VALUES ($1, 1, $2, 'test')`,
    [projectedSubject, schemaId],
  );
  await dataSource.query(
    `INSERT INTO subscriptions (id, topic, agency_id, purpose, legal_basis, fields, filter, delivery_mode, webhook_url,
                                ordered_delivery, expires_at, status, projected_subject, created_by, decided_by, decided_at)
     VALUES ($1, $2, $3, 'delivery test', 'test', $4, NULL, $5, $6, $8, now() + interval '30 days', 'active', $7, 'test',
             'test', now())`,
    [
      subscriptionId,
      topic,
      subscriber.id,
      JSON.stringify(['registrationId', 'seq', 'note']),
      options.mode,
      options.mode === 'webhook' ? (options.webhookUrl ?? null) : null,
      projectedSubject,
      options.orderedDelivery ?? true,
    ],
  );
  return {
    publisher: publisher.id,
    subscriber: subscriber.id,
    subscriberKey: subscriber.key,
    topic,
    subscriptionId,
    projectedSubject,
    schemaId,
    codec: AvroCodec.fromSchema(schema),
    deliveryTopic: `penghubung.deliver.${subscriber.id}`,
  };
}

/** Stores a signing secret the way the registry does (sealed with the key); answers the `whsec_` secret. */
export async function insertWebhookSecret(
  dataSource: DataSource,
  key: string,
  subscriptionId: string,
): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const sealed = sealWebhookSecret(Buffer.from(key, 'base64'), subscriptionId, secret);
  await dataSource.query(
    `INSERT INTO webhook_secrets (id, subscription_id, ciphertext, iv, auth_tag, created_by) VALUES ($1, $2, $3, $4, $5, 'test')`,
    [randomUUID(), subscriptionId, sealed.ciphertext, sealed.iv, sealed.authTag],
  );
  return secret;
}

export interface ProducedDelivery {
  id: string;
  key: string;
  value: ProjectedRecord;
}

/**
 * Produces records to the subscriber's delivery topic exactly as the router does: the projected record in
 * Confluent wire format, CloudEvents headers, the subscription and data topic.
 */
export async function produceDeliveries(
  kafka: KafkaClient,
  fixture: DeliveryFixture,
  count: number,
  options: { keys?: number; start?: number } = {},
): Promise<ProducedDelivery[]> {
  await kafka.ensureTopics([{ topic: fixture.deliveryTopic, partitions: 3 }]);
  const start = options.start ?? 0;
  const records: ProducedDelivery[] = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    key: `key-${(start + index) % (options.keys ?? count)}`,
    value: {
      registrationId: `REG-${start + index}`,
      seq: start + index,
      note: index % 2 === 0 ? null : 'odd',
    },
  }));
  const producer = await kafka.createProducer();
  try {
    await producer.send(
      fixture.deliveryTopic,
      records.map((record) => ({
        key: record.key,
        value: encodeWireFormat(fixture.schemaId, fixture.codec.encode(record.value)),
        headers: {
          ce_specversion: '1.0',
          ce_id: record.id,
          ce_source: fixture.publisher,
          ce_type: fixture.topic,
          ce_time: new Date().toISOString(),
          'content-type': 'application/avro',
          penghubung_subscription: fixture.subscriptionId,
        },
      })),
    );
  } finally {
    await producer.disconnect();
  }
  return records;
}

/**
 * Configuration of an in-process dispatcher for tests: only the agencies of `agencyPrefix`, its own
 * consumer group, fast polling and refreshes, a short timeout, the given retry schedule, and local
 * receivers allowed (loopback over plain HTTP).
 */
export function testDispatcherEnv(options: {
  group: string;
  agencyPrefix: string;
  secretKey: string;
  retrySchedule: string;
}): Record<string, string> {
  return {
    DISPATCHER_GROUP_ID: uniqueName(options.group),
    DISPATCHER_AGENCY_PATTERN: `${options.agencyPrefix}-.*`,
    CATALOGUE_REFRESH_MS: '200',
    WEBHOOK_SECRET_KEY: options.secretKey,
    // A case that creates its subscription's secret must see it within the case, not after a default wait.
    WEBHOOK_SECRET_CACHE_MS: '100',
    WEBHOOK_NO_SECRET_RETRY_MS: '200',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_SCHEDULE: options.retrySchedule,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_POLL_MS: '50',
  };
}
