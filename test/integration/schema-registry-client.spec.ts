import 'reflect-metadata';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AvroCodec, decodeWireFormat } from '@app/avro';
import { type IncomingMessage, KafkaClient } from '@app/kafka';
import { TEST_ADMIN_KEY, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { assignOwner, createAgency, type RegistryUnderTest, startRegistry } from '../support/registry-client';
import { uniqueName } from '../support/unique';

const birth = {
  type: 'record',
  name: 'Kelahiran',
  namespace: 'id.go.dukcapil',
  fields: [
    { name: 'nik', type: 'string', classification: 'sensitive' },
    { name: 'fullName', type: 'string', classification: 'personal' },
    { name: 'sex', type: { type: 'enum', name: 'JenisKelamin', symbols: ['LAKI_LAKI', 'PEREMPUAN'] } },
    { name: 'birthDate', type: { type: 'int', logicalType: 'date' } },
    { name: 'weightGrams', type: ['null', 'int'], default: null },
  ],
};
const sample = {
  nik: '3174010101240001',
  fullName: 'Siti Aminah',
  sex: 'PEREMPUAN',
  birthDate: 19_700,
  weightGrams: 3_200,
};

/** A real Confluent client (`@kafkajs/confluent-schema-registry` 3.9.0) against the running registry. */
describe('schema registry: @kafkajs/confluent-schema-registry as the client', () => {
  let registry: RegistryUnderTest;
  const admin = () =>
    new SchemaRegistry({ host: registry.running.url, auth: { username: 'admin', password: TEST_ADMIN_KEY } });

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.running.close());

  it('registers, encodes, decodes, finds ids by subject and fetches schemas by id, with Basic auth', async () => {
    const subject = uniqueName('client.kelahiran-value');
    const client = admin();
    const { id } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(birth) },
      { subject },
    );
    expect(id).toBeGreaterThan(0);
    // The client set the subject's level after its first registration, as it does against Confluent.
    expect((await registry.client.get(`/config/${encodeURIComponent(subject)}`)).body).toEqual({
      compatibilityLevel: COMPATIBILITY.BACKWARD,
    });
    // Registering again: the client checks the level, the registry answers the same id.
    expect(
      (await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(birth) }, { subject })).id,
    ).toBe(id);

    const encoded = await client.encode(id, sample);
    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await client.decode(encoded)).toEqual(sample);

    expect(await client.getLatestSchemaId(subject)).toBe(id);
    expect(await client.getRegistryId(subject, 1)).toBe(id);
    expect(await client.getRegistryId(subject, 'latest')).toBe(id);
    expect(
      await client.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(birth) }),
    ).toBe(id);

    // A fresh client has no cache: it fetches the schema by id to decode.
    const fresh = admin();
    expect(await fresh.decode(encoded)).toEqual(sample);
    const schema = (await fresh.getSchema(id)) as unknown as { name?: string };
    expect(schema.name).toBe('id.go.dukcapil.Kelahiran');
  });

  it('follows references between subjects, as registered by the client', async () => {
    const client = admin();
    const addressSubject = uniqueName('client.alamat-value');
    const address = {
      type: 'record',
      name: 'Alamat',
      namespace: 'id.go.shared',
      fields: [
        { name: 'regencyCode', type: 'string' },
        { name: 'street', type: 'string', classification: 'personal' },
      ],
    };
    await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(address) },
      { subject: addressSubject },
    );
    const subject = uniqueName('client.penduduk-value');
    const person = {
      type: 'record',
      name: 'Penduduk',
      namespace: 'id.go.dukcapil',
      fields: [
        { name: 'nik', type: 'string' },
        { name: 'address', type: 'id.go.shared.Alamat' },
      ],
    };
    const { id } = await client.register(
      {
        type: SchemaType.AVRO,
        schema: JSON.stringify(person),
        references: [{ name: 'id.go.shared.Alamat', subject: addressSubject, version: 1 }],
      },
      { subject },
    );
    const value = { nik: '3174', address: { regencyCode: '3174', street: 'Jl. Merdeka 1' } };
    const encoded = await client.encode(id, value);
    expect(await admin().decode(encoded)).toEqual(value);
  });

  it('works for an agency with its own key, and fails with status 401 for a wrong one', async () => {
    const agency = await createAgency(registry.dataSource, 'client');
    const subject = uniqueName('client.agency-value');
    await assignOwner(registry.dataSource, subject, agency.agencyId);
    const client = new SchemaRegistry({
      host: registry.running.url,
      auth: { username: agency.agencyId, password: agency.key },
    });
    const { id } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(birth) },
      { subject },
    );
    expect(await client.getLatestSchemaId(subject)).toBe(id);

    const wrong = new SchemaRegistry({
      host: registry.running.url,
      auth: { username: agency.agencyId, password: 'not-the-key' },
      retry: { retries: 0 },
    });
    await expect(wrong.getLatestSchemaId(subject)).rejects.toMatchObject({ status: 401 });
    await expect(wrong.getLatestSchemaId(subject)).rejects.toThrow('invalid API key');
  });

  it('decodes with our decodeWireFormat and AvroCodec what the client encoded and Kafka carried', async () => {
    const subject = uniqueName('client.kafka-value');
    const client = admin();
    const { id } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(birth) },
      { subject },
    );
    const kafka = new KafkaClient(testKafkaOptions('test-registry-client'));
    await kafka.connect();
    try {
      const topic = uniqueName('it.registry-client');
      await kafka.ensureTopics([{ topic, partitions: 1 }]);
      const producer = await kafka.createProducer();
      const values = [sample, { ...sample, nik: '3174010101240002', weightGrams: null }];
      for (const [index, value] of values.entries()) {
        await producer.send(topic, [
          { key: `nik-${index}`, value: await client.encode(id, value), headers: {} },
        ]);
      }
      const received: IncomingMessage[] = [];
      const consumer = await kafka.createConsumer({ groupId: uniqueName('it.registry-client-group') });
      await consumer.subscribe([topic]);
      await consumer.run((message) => {
        received.push(message);
        return Promise.resolve();
      });
      await expectEventually(() => expect(received).toHaveLength(values.length), { timeoutMs: 30_000 });
      await consumer.disconnect();

      const lookup = await registry.client.get<{ schema: string }>(`/schemas/ids/${id}`);
      const codec = AvroCodec.fromSchema(lookup.body.schema);
      const decoded = received.map((message) => {
        const { schemaId, payload } = decodeWireFormat(message.value as Buffer);
        expect(schemaId).toBe(id);
        return codec.decode(payload);
      });
      expect(decoded).toEqual(values);
    } finally {
      await kafka.onApplicationShutdown();
    }
  });
});
