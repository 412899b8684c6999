import 'reflect-metadata';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { ClientQuotaError, ClientQuotas, KafkaClient, type KafkaTls } from '@app/kafka';
import { TEST_KAFKA_BROKERS, testKafkajsConfig, testKafkaOptions } from '../support/env';
import { issueTestCertificate } from '../support/test-pki';
import { uniqueName } from '../support/unique';

/** Per-principal client quotas through the hand-written AlterClientQuotas / DescribeClientQuotas. */
describe('Kafka client quotas', () => {
  const operator = new KafkaClient(testKafkaOptions('test-quotas'));
  const quotas = operator.clientQuotas();
  const admin = new Kafka({ ...testKafkajsConfig('test-quotas-acl'), logLevel: logLevel.NOTHING }).admin();

  beforeAll(async () => {
    await operator.connect();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await operator.onApplicationShutdown();
  });

  it('sets, describes and removes a principal quota', async () => {
    const principal = uniqueName('quota.describe').replace(/-/g, '');
    await quotas.alter([{ principal, quota: { producerByteRate: 4096, consumerByteRate: 8192 } }]);
    expect((await quotas.describe()).find((entry) => entry.principal === principal)?.quota).toEqual({
      producerByteRate: 4096,
      consumerByteRate: 8192,
    });

    await quotas.alter([{ principal, quota: { producerByteRate: undefined } }]);
    expect((await quotas.describe()).find((entry) => entry.principal === principal)?.quota).toEqual({
      consumerByteRate: 8192,
    });

    await quotas.alter([{ principal, quota: { consumerByteRate: undefined } }]);
    expect((await quotas.describe()).some((entry) => entry.principal === principal)).toBe(false);
  });

  it('refuses a principal that is not a super user, with the broker reason', async () => {
    const stranger = issueTestCertificate(`stranger.${Date.now().toString(36)}`);
    const asStranger = new ClientQuotas({
      brokers: [TEST_KAFKA_BROKERS],
      clientId: 'test-quotas',
      tls: stranger,
    });
    const refusal = asStranger.alter([{ principal: 'anyone.x', quota: { producerByteRate: 1 } }]);
    await expect(refusal).rejects.toBeInstanceOf(ClientQuotaError);
    await expect(refusal).rejects.toMatchObject({ errorCode: 31 }); // CLUSTER_AUTHORIZATION_FAILED
  });

  it('throttles a greedy producer to its byte rate while another principal keeps sending', async () => {
    const topic = uniqueName('it.quota');
    await operator.ensureTopics([{ topic, partitions: 1 }]);
    const run = Date.now().toString(36);
    const greedyName = `greedy.${run}`;
    const politeName = `polite.${run}`;
    const rate = 4096;
    await quotas.alter([{ principal: greedyName, quota: { producerByteRate: rate } }]);
    await admin.createAcls({
      acl: [greedyName, politeName].flatMap((name) =>
        [AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE].map((operation) => ({
          resourceType: AclResourceTypes.TOPIC,
          resourceName: topic,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${name}`,
          host: '*',
          operation,
          permissionType: AclPermissionTypes.ALLOW,
        })),
      ),
    });
    try {
      const value = Buffer.alloc(4096, 7);
      const sender = (tls: KafkaTls) => {
        const kafka = new Kafka({
          clientId: 'test-quota-sender',
          brokers: [TEST_KAFKA_BROKERS],
          ssl: { ca: [tls.ca], cert: tls.cert, key: tls.key },
          logLevel: logLevel.NOTHING,
        });
        return kafka.producer({ allowAutoTopicCreation: false });
      };
      const greedy = sender(issueTestCertificate(greedyName));
      const polite = sender(issueTestCertificate(politeName));
      await Promise.all([greedy.connect(), polite.connect()]);

      // The measurement window is the test's own: the greedy principal sends as fast as it is allowed for
      // `windowMs`; the polite one sends a fixed amount meanwhile.
      const windowMs = 5_000;
      const started = Date.now();
      let greedyBytes = 0;
      const greedyLoop = (async () => {
        while (Date.now() - started < windowMs) {
          await greedy.send({ topic, messages: [{ value }] });
          greedyBytes += value.length;
        }
      })();
      let politeBytes = 0;
      for (let index = 0; index < 128; index += 1) {
        await polite.send({ topic, messages: [{ value }] });
        politeBytes += value.length;
      }
      await greedyLoop;
      const elapsedSeconds = (Date.now() - started) / 1000;
      await Promise.all([greedy.disconnect(), polite.disconnect()]);

      // Kafka averages the rate over its quota window (11 one-second samples by default), so a client may
      // burst up to about that many seconds' worth before it is held back; beyond it, nothing.
      const allowed = rate * (elapsedSeconds + 11) + value.length;
      expect(greedyBytes).toBeLessThanOrEqual(allowed);
      expect(politeBytes).toBe(128 * 4096);
      expect(politeBytes).toBeGreaterThan(allowed);
    } finally {
      await quotas.alter([{ principal: greedyName, quota: { producerByteRate: undefined } }]);
      await operator.deleteTopics([topic]).catch(() => undefined);
    }
  }, 60_000);
});
