import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AvroCodec, decodeWireFormat, encodeWireFormat, loadSchemaDirectory } from '@app/avro';
import { fromCloudEventHeaders, type IncomingMessage, KafkaClient, toCloudEventHeaders } from '@app/kafka';
import { expectEventually } from '../support/expect-eventually';
import { testKafkaOptions } from '../support/env';
import { uniqueName } from '../support/unique';

describe('Avro records in Confluent wire format through the real broker', () => {
  const kafka = new KafkaClient(testKafkaOptions('test-roundtrip'));
  const schemas = loadSchemaDirectory(join(__dirname, '..', '..', 'schemas'));

  beforeAll(() => kafka.connect());
  afterAll(() => kafka.onApplicationShutdown());

  it('produces records with CloudEvents headers and consumes them back decoded, in key order', async () => {
    const birth = schemas.find((schema) => schema.topic === 'kependudukan.kelahiran.v1');
    if (!birth) throw new Error('schemas/kependudukan.kelahiran.v1.avsc is missing');
    const topic = uniqueName('it.kelahiran');
    await kafka.ensureTopics([{ topic, partitions: 3 }]);
    const schemaId = 41;

    const sample = birth.codec.decode(birth.codec.encode(sampleBirth(0)));
    const records = Array.from({ length: 30 }, (_, index) => ({
      id: randomUUID(),
      key: `nik-${index % 5}`,
      value: { ...(sample as Record<string, unknown>), certificateNumber: `AL-${index}` },
    }));
    const producer = await kafka.createProducer();
    const time = new Date().toISOString();
    for (const record of records) {
      await producer.send(topic, [
        {
          key: record.key,
          value: encodeWireFormat(schemaId, birth.codec.encode(record.value)),
          headers: toCloudEventHeaders({ id: record.id, source: 'dukcapil', type: topic, time }),
        },
      ]);
    }

    const received: IncomingMessage[] = [];
    const consumer = await kafka.createConsumer({ groupId: uniqueName('it.group') });
    await consumer.subscribe([topic]);
    await consumer.run((message) => {
      received.push(message);
      return Promise.resolve();
    });
    await expectEventually(() => expect(received).toHaveLength(records.length), { timeoutMs: 30_000 });
    await consumer.disconnect();

    for (const record of records) {
      const message = received.find((candidate) => candidate.headers.ce_id === record.id);
      if (!message?.value) throw new Error(`record ${record.id} was not received`);
      const { schemaId: readId, payload } = decodeWireFormat(message.value);
      expect(readId).toBe(schemaId);
      expect(birth.codec.decode(payload)).toEqual(record.value);
      expect(message.key).toBe(record.key);
      expect(fromCloudEventHeaders(message.headers)).toEqual({
        id: record.id,
        source: 'dukcapil',
        type: topic,
        time,
      });
      expect(message.headers.ce_specversion).toBe('1.0');
    }
    // Ordering is per key: within a key, certificate numbers arrive in the order they were produced.
    for (const key of new Set(records.map((record) => record.key))) {
      const sent = records
        .filter((record) => record.key === key)
        .map((record) => record.value.certificateNumber);
      const got = received
        .filter((message) => message.key === key)
        .map(
          (message) =>
            (
              birth.codec.decode(decodeWireFormat(message.value as Buffer).payload) as {
                certificateNumber: string;
              }
            ).certificateNumber,
        );
      expect(got).toEqual(sent);
    }
  });

  it('encodes and decodes every demo schema with its own sample', () => {
    expect(schemas.map((schema) => schema.topic).sort()).toEqual([
      'kependudukan.kelahiran.v1',
      'perizinan.izin-usaha.v1',
      'perpajakan.status-wajib-pajak.v1',
    ]);
    for (const schema of schemas) {
      const value = schema.codec.type.random();
      expect(schema.codec.validate(value)).toEqual([]);
      const wire = encodeWireFormat(7, schema.codec.encode(value));
      expect(schema.codec.decode(decodeWireFormat(wire).payload)).toEqual(value);
    }
  });

  it('rejects a value that does not match the schema with the field path', () => {
    const codec = AvroCodec.fromSchema(schemas[0]?.text ?? '{}');
    const issues = codec.validate({ ...sampleBirth(1), child: { ...sampleBirth(1).child, sex: 'X' } });
    expect(issues.map((issue) => issue.path)).toContain('child.sex');
  });
});

function sampleBirth(index: number) {
  return {
    registrationId: randomUUID(),
    certificateNumber: `AL-${index}`,
    child: {
      nik: '3174010101240001',
      fullName: 'Siti Aminah',
      sex: 'PEREMPUAN',
      birthDate: 19_700,
      birthPlace: { regencyCode: '3174', regencyName: 'Kota Jakarta Selatan', provinceCode: '31' },
      birthWeightGrams: 3200,
    },
    motherNik: '3174014505900002',
    fatherNik: null,
    familyCardNumber: '3174010101100003',
    registrationOffice: 'Disdukcapil Kota Jakarta Selatan',
    registeredAt: 1_700_000_000_000,
  };
}
