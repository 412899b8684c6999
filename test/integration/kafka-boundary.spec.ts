import 'reflect-metadata';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { KafkaClient, type KafkaTls } from '@app/kafka';
import { TEST_KAFKA_BROKERS, testKafkaOptions, testKafkaTls } from '../support/env';
import { issueTestCertificate } from '../support/test-pki';
import { uniqueName } from '../support/unique';

/**
 * The broker is a boundary: nothing reaches it without a certificate of this installation's CA, and a
 * certificate alone grants nothing (every right is an ACL). Runs against the test broker as
 * scripts/kafka.sh starts it by default (KAFKA_SECURITY=mtls).
 */
describe('Kafka boundary: mTLS on every client connection, deny by default', () => {
  const operator = new KafkaClient(testKafkaOptions('test-boundary-operator'));
  const topic = uniqueName('it.boundary');

  function client(extra: Partial<KafkaConfig>): Kafka {
    return new Kafka({
      clientId: 'test-boundary',
      brokers: [TEST_KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      retry: { retries: 0 },
      ...extra,
    });
  }
  const ssl = (tls: KafkaTls, withIdentity = true): KafkaConfig['ssl'] => ({
    ca: [tls.ca],
    ...(withIdentity ? { cert: tls.cert, key: tls.key } : {}),
  });

  async function listTopicsAs(kafka: Kafka): Promise<string[]> {
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await admin.listTopics();
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  beforeAll(async () => {
    await operator.connect();
    await operator.ensureTopics([{ topic, partitions: 1 }]);
  });
  afterAll(async () => {
    await operator.deleteTopics([topic]).catch(() => undefined);
    await operator.onApplicationShutdown();
  });

  it('refuses a plaintext connection', async () => {
    await expect(listTopicsAs(client({}))).rejects.toThrow();
  });

  it('refuses TLS without a client certificate', async () => {
    const operatorTls = testKafkaTls();
    if (!operatorTls) throw new Error('this suite needs the mTLS test broker (TEST_KAFKA_SECURITY=mtls)');
    await expect(listTopicsAs(client({ ssl: ssl(operatorTls, false) }))).rejects.toThrow();
  });

  it('refuses a client certificate signed by another CA, even with a super user name', async () => {
    const forged = issueTestCertificate('penghubung-operator', { unit: 'service', foreignCa: true });
    await expect(listTopicsAs(client({ ssl: ssl(forged) }))).rejects.toThrow();
  });

  describe('a valid certificate with no ACLs', () => {
    const stranger = issueTestCertificate(`stranger.${Date.now().toString(36)}`);
    const kafka = client({ ssl: ssl(stranger) });

    it('sees no topics (metadata is filtered)', async () => {
      expect(await operator.listTopics()).toContain(topic);
      expect(await listTopicsAs(kafka)).toEqual([]);
    });

    it('cannot produce', async () => {
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      try {
        await expect(producer.send({ topic, messages: [{ value: 'x' }] })).rejects.toThrow(
          /Not authorized to access topics|TOPIC_AUTHORIZATION_FAILED|authorization/i,
        );
      } finally {
        await producer.disconnect();
      }
    });

    it('cannot create or delete topics', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await expect(
          admin.createTopics({ topics: [{ topic: uniqueName('it.boundary-new') }] }),
        ).rejects.toThrow();
        await expect(admin.deleteTopics({ topics: [topic], timeout: 3_000 })).rejects.toThrow();
      } finally {
        await admin.disconnect();
      }
      expect(await operator.listTopics()).toContain(topic);
    });

    it('cannot consume a topic', async () => {
      const consumer = kafka.consumer({ groupId: uniqueName('it.boundary-group') });
      await consumer.connect();
      try {
        await expect(consumer.subscribe({ topics: [topic], fromBeginning: true })).rejects.toThrow(
          /Not authorized to access topics/,
        );
      } finally {
        await consumer.disconnect();
      }
    });
  });
});
