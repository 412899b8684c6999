import { type DeliveredBatchDetails, type RoutedBatchDetails } from '@app/audit';
import { AvroCodec, decodeWireFormat, encodeWireFormat, parseAvroSchema } from '@app/avro';
import {
  type CatalogueState,
  type SchemaStore,
  type StoredSchema,
  type SubscriptionView,
} from '@app/catalogue';
import { deterministicUuid } from '@app/core';
import { type IncomingMessage } from '@app/kafka';
import { subscriptionSchema } from '@app/routing';
import { RecordRouter } from './record-router';

const TOPIC = 'kependudukan.kelahiran.v1';
const SUBJECT = `${TOPIC}-value`;

const v1 = {
  type: 'record',
  name: 'Kelahiran',
  namespace: 'id.go.dukcapil',
  fields: [
    { name: 'nik', type: 'string' },
    { name: 'regencyCode', type: 'string' },
    { name: 'weight', type: 'int' },
  ],
};
// v2 adds a field with a default: records written with v1 lack it.
const v2 = { ...v1, fields: [...v1.fields, { name: 'motherNik', type: 'string', default: '' }] };
const other = { type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] };

function stored(id: number, schema: object): StoredSchema {
  const text = JSON.stringify(schema);
  return { id, text, parsed: parseAvroSchema(text) };
}

const schemas = new Map<number, StoredSchema>([
  [1, stored(1, v1)],
  [2, stored(2, v2)],
  [3, stored(3, other)],
]);

function subscription(
  id: string,
  agencyId: string,
  fields: string[],
  filter: string | null = null,
): SubscriptionView {
  return {
    id,
    topic: TOPIC,
    agencyId,
    fields,
    filter,
    deliveryMode: 'kafka',
    webhookUrl: null,
    status: 'active',
    expiresAt: new Date(Date.now() + 86_400_000),
    projectedSubject: `penghubung.subscription.${id}-value`,
  };
}

function state(subscriptions: SubscriptionView[]): CatalogueState {
  return {
    topics: new Map([
      [TOPIC, { name: TOPIC, ownerAgencyId: 'dukcapil', subject: SUBJECT, classification: 'confidential' }],
    ]),
    subscriptionsByTopic: new Map([[TOPIC, subscriptions]]),
    schemaIdsBySubject: new Map([[SUBJECT, new Set([1, 2])]]),
    latestBySubject: new Map([[SUBJECT, { version: 2, schemaId: 2 }]]),
    versionsBySubject: new Map([
      [
        SUBJECT,
        new Map([
          [1, 1],
          [2, 2],
        ]),
      ],
    ]),
    loadedAt: new Date(),
  };
}

function message(
  offset: number,
  value: Buffer | null,
  headers: Record<string, string> = {},
  partition = 0,
): IncomingMessage {
  return {
    topic: TOPIC,
    partition,
    offset: String(offset),
    key: `k${offset}`,
    value,
    headers,
    rawKey: Buffer.from(`k${offset}`),
    rawHeaders: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    timestamp: String(Date.now()),
  };
}

function encode(schemaId: number, schema: object, value: object): Buffer {
  return encodeWireFormat(schemaId, AvroCodec.fromSchema(schema).encode(value));
}

function setup(subscriptions: SubscriptionView[]) {
  const registered: { subject: string; schema: string; id: number }[] = [];
  let nextId = 100;
  const catalogue = state(subscriptions);
  const router = new RecordRouter(
    { byId: (id: number) => Promise.resolve(schemas.get(id)) } as unknown as SchemaStore,
    {
      deliveryTopicPrefix: 'penghubung.deliver.',
      dlqTopic: 'penghubung.dlq',
      registerProjectedSchema: (subject, schema) => {
        const id = nextId++;
        registered.push({ subject, schema, id });
        schemas.set(id, stored(id, JSON.parse(schema) as object));
        return Promise.resolve(id);
      },
      refreshCatalogue: () => Promise.resolve(catalogue),
    },
  );
  return { router, catalogue, registered };
}

describe('RecordRouter', () => {
  it('projects each record per subscription, applies filters and names the projected schema in the wire format', async () => {
    const { router, catalogue, registered } = setup([
      subscription('s-bps', 'bps', ['regencyCode', 'weight']),
      subscription('s-kemenkes', 'kemenkes', ['nik', 'weight'], 'weight < 2500'),
    ]);
    const outcome = await router.route(
      {
        topic: TOPIC,
        partition: 0,
        messages: [
          message(0, encode(2, v2, { nik: '3174', regencyCode: '3171', weight: 2400, motherNik: 'm' }), {
            ce_id: '11111111-1111-4111-8111-111111111111',
          }),
          message(1, encode(2, v2, { nik: '3175', regencyCode: '3172', weight: 3300, motherNik: 'm' })),
        ],
      },
      catalogue,
    );
    expect(outcome.counts).toEqual({ records: 2, deliveries: 3, deadLettered: 0, filteredOut: 1 });
    const bps = outcome.outputs.find((output) => output.topic === 'penghubung.deliver.bps')?.messages ?? [];
    const kemenkes =
      outcome.outputs.find((output) => output.topic === 'penghubung.deliver.kemenkes')?.messages ?? [];
    expect(bps).toHaveLength(2);
    expect(kemenkes).toHaveLength(1);

    const decode = (value: Buffer | null) => {
      const wire = decodeWireFormat(value as Buffer);
      const schema = schemas.get(wire.schemaId);
      if (!schema) throw new Error(`unknown projected schema ${wire.schemaId}`);
      return AvroCodec.fromParsed(schema.parsed).decode(wire.payload);
    };
    expect(decode(bps[0]?.value ?? null)).toEqual({ regencyCode: '3171', weight: 2400 });
    expect(decode(kemenkes[0]?.value ?? null)).toEqual({ nik: '3174', weight: 2400 });
    const text = (headers: Record<string, string | Buffer> | undefined) =>
      Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, value.toString()]));
    expect(text(kemenkes[0]?.headers)).toMatchObject({
      ce_id: '11111111-1111-4111-8111-111111111111',
      ce_source: 'dukcapil',
      ce_type: TOPIC,
      ce_specversion: '1.0',
      'content-type': 'application/avro',
      penghubung_subscription: 's-kemenkes',
    });
    expect(kemenkes[0]?.key?.toString()).toBe('k0');
    expect(registered.map((entry) => entry.subject).sort()).toEqual([
      'penghubung.subscription.s-bps-value',
      'penghubung.subscription.s-kemenkes-value',
    ]);
    expect(JSON.parse(registered.find((entry) => entry.subject.includes('s-bps'))?.schema ?? '{}')).toEqual(
      subscriptionSchema(v2, ['regencyCode', 'weight']),
    );
  });

  it('delivers a record written with an older schema with the approved fields it has, never more', async () => {
    const { router, catalogue } = setup([subscription('s-old', 'bps', ['regencyCode', 'motherNik'])]);
    const outcome = await router.route(
      {
        topic: TOPIC,
        partition: 0,
        messages: [message(5, encode(1, v1, { nik: 'n', regencyCode: '3171', weight: 1 }))],
      },
      catalogue,
    );
    const delivered = outcome.outputs[0]?.messages[0]?.value as Buffer;
    const wire = decodeWireFormat(delivered);
    expect(
      AvroCodec.fromParsed((schemas.get(wire.schemaId) as StoredSchema).parsed).decode(wire.payload),
    ).toEqual({ regencyCode: '3171' });
  });

  it.each([
    ['garbage bytes', Buffer.from('not avro at all'), 'NOT_WIRE_FORMAT'],
    ['a wrong magic byte', Buffer.from([1, 0, 0, 0, 2, 0]), 'NOT_WIRE_FORMAT'],
    ['no value', null, 'NOT_WIRE_FORMAT'],
    ['an unknown schema id', encodeWireFormat(999, Buffer.from([2])), 'UNKNOWN_SCHEMA'],
    ['a schema of another subject', encode(3, other, { x: 1 }), 'SCHEMA_NOT_IN_SUBJECT'],
    ['a truncated payload', encodeWireFormat(2, Buffer.from([6, 0x33])), 'UNDECODABLE'],
  ])('dead-letters %s with the reason and moves on', async (_name, value, code) => {
    const { router, catalogue } = setup([subscription('s1', 'bps', ['regencyCode'])]);
    const good = encode(2, v2, { nik: 'n', regencyCode: 'r', weight: 1, motherNik: '' });
    const outcome = await router.route(
      { topic: TOPIC, partition: 3, messages: [message(7, value, {}, 3), message(8, good, {}, 3)] },
      catalogue,
    );
    expect(outcome.counts).toMatchObject({ records: 2, deliveries: 1, deadLettered: 1 });
    const dead = outcome.outputs.find((output) => output.topic === 'penghubung.dlq')?.messages[0];
    expect(dead?.value).toEqual(value);
    expect(dead?.headers).toMatchObject({
      penghubung_dlq_code: code,
      penghubung_dlq_topic: TOPIC,
      penghubung_dlq_partition: '3',
      penghubung_dlq_offset: '7',
    });
    expect(dead?.headers?.penghubung_dlq_reason).toEqual(expect.any(String));
    expect(outcome.audit.find((entry) => entry.action === 'record.dead_lettered')?.details).toMatchObject({
      code,
    });
  });

  it('gives the same audit entry ids when a batch is routed again (so a retried batch does not log twice)', async () => {
    const { router, catalogue } = setup([subscription('s1', 'bps', ['regencyCode'])]);
    const batch = {
      topic: TOPIC,
      partition: 0,
      messages: [message(1, encode(2, v2, { nik: 'n', regencyCode: 'r', weight: 1, motherNik: '' }))],
    };
    const first = await router.route(batch, catalogue);
    const second = await router.route(batch, catalogue);
    expect(first.audit.map((entry) => entry.id)).toEqual(second.audit.map((entry) => entry.id));
    expect(first.audit.map((entry) => entry.action)).toEqual(['records.routed', 'records.delivered']);
  });

  it('logs a batch as one routed entry per 500 records and one delivered entry per subscription, naming each record', async () => {
    const { router, catalogue } = setup([
      subscription('s-bps', 'bps', ['regencyCode']),
      subscription('s-kemenkes', 'kemenkes', ['nik'], 'weight < 2500'),
    ]);
    const messages = Array.from({ length: 1201 }, (_, index) =>
      message(
        index,
        encode(1, v1, { nik: `n${index}`, regencyCode: 'r', weight: index % 2 === 0 ? 2000 : 3000 }),
        { ce_id: deterministicUuid(`bench-${index}`) },
        4,
      ),
    );
    messages.splice(7, 0, message(2000, Buffer.from('garbage'), {}, 4));
    const outcome = await router.route({ topic: TOPIC, partition: 4, messages }, catalogue);
    const of = (action: string) => outcome.audit.filter((entry) => entry.action === action);
    const routed = of('records.routed');
    expect(routed.map((entry) => (entry.details as unknown as RoutedBatchDetails).recordIds.length)).toEqual([
      500, 500, 201,
    ]);
    const first = routed[0]?.details as unknown as RoutedBatchDetails;
    expect(routed[0]).toMatchObject({
      agencyId: 'dukcapil',
      topic: TOPIC,
      actor: { type: 'system', id: 'router' },
    });
    expect(first).toMatchObject({ partition: 4, subscriptions: 2 });
    expect(first.recordIds[0]).toBe(deterministicUuid('bench-0'));
    expect(first.offsets.slice(6, 9)).toEqual(['6', '7', '8']);
    expect(first.schemaIds.every((id) => id === 1)).toBe(true);
    expect(first.deliveries.slice(0, 2)).toEqual([2, 1]);

    const delivered = of('records.delivered');
    const bySubscription = (id: string) =>
      delivered
        .filter((entry) => entry.targetId === id)
        .flatMap((entry) => (entry.details as unknown as DeliveredBatchDetails).recordIds);
    expect(bySubscription('s-bps')).toHaveLength(1201);
    expect(bySubscription('s-kemenkes')).toHaveLength(601);
    expect(delivered.find((entry) => entry.targetId === 's-kemenkes')).toMatchObject({
      agencyId: 'kemenkes',
      details: { fields: ['nik'], deliveryTopic: 'penghubung.deliver.kemenkes' },
    });
    // The garbage record is in no batch entry, only in its own dead-letter entry.
    const garbageId = deterministicUuid(`${TOPIC}/4/2000`);
    const allRouted = routed.map((entry) => entry.details as unknown as RoutedBatchDetails);
    expect(allRouted.flatMap((details) => details.recordIds)).not.toContain(garbageId);
    expect(allRouted.flatMap((details) => details.offsets)).not.toContain('2000');
    expect(of('record.dead_lettered')).toEqual([expect.objectContaining({ recordId: garbageId })]);
  });

  it('does not deliver to a subscription whose filter names a field the writer schema lacks', async () => {
    const { router, catalogue } = setup([subscription('s1', 'bps', ['regencyCode'], "motherNik == 'x'")]);
    const outcome = await router.route(
      {
        topic: TOPIC,
        partition: 0,
        messages: [message(1, encode(1, v1, { nik: 'n', regencyCode: 'r', weight: 1 }))],
      },
      catalogue,
    );
    expect(outcome.counts).toMatchObject({ deliveries: 0, filteredOut: 1, deadLettered: 0 });
  });
});
