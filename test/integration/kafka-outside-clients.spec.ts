import 'reflect-metadata';
import { KafkaClient } from '@app/kafka';
import { testKafkaOptions, testKafkaTls } from '../support/env';
import { consoleConsumer, kcat } from '../support/outside-clients';
import { issueTestCertificate } from '../support/test-pki';
import { uniqueName } from '../support/unique';

/**
 * Outside clients, configured exactly as the README tells a user: kcat (librdkafka) and Kafka's own
 * console consumer (the Java client, PEM key store) read with a certificate that has the right, and are
 * refused with one that has none or that this installation's CA did not sign.
 */
describe('Outside Kafka clients on the mTLS broker', () => {
  const operator = new KafkaClient(testKafkaOptions('test-outside-clients'));
  const topic = uniqueName('it.outside');
  const records = [0, 1, 2].map((index) => ({ key: `k-${index}`, value: Buffer.from(`v-${index}`) }));

  function operatorTls() {
    const tls = testKafkaTls();
    if (!tls) throw new Error('this suite needs the mTLS test broker (TEST_KAFKA_SECURITY=mtls)');
    return tls;
  }

  beforeAll(async () => {
    await operator.connect();
    await operator.ensureTopics([{ topic, partitions: 1 }]);
    const producer = await operator.createProducer();
    await producer.send(topic, records);
  });
  afterAll(async () => {
    await operator.deleteTopics([topic]).catch(() => undefined);
    await operator.onApplicationShutdown();
  });

  it('kcat reads with an authorised certificate', async () => {
    const result = await kcat(operatorTls(), [
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%k=%s\\n',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['k-0=v-0', 'k-1=v-1', 'k-2=v-2']);
  });

  it('kcat is refused with a certificate that has no ACL, and with one from another CA', async () => {
    const stranger = issueTestCertificate(`stranger.${Date.now().toString(36)}`);
    const denied = await kcat(stranger, ['-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(/Topic authorization failed/);

    const forged = issueTestCertificate('penghubung-operator', { unit: 'service', foreignCa: true });
    const refused = await kcat(forged, ['-L', '-m', '5']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toContain(topic);
  });

  it("Kafka's console consumer reads with an authorised certificate and is refused without a right", async () => {
    const read = await consoleConsumer(operatorTls(), {
      topic,
      group: uniqueName('it.outside-console'),
      maxMessages: records.length,
    });
    expect(read.stdout.trim().split('\n')).toEqual(['k-0\tv-0', 'k-1\tv-1', 'k-2\tv-2']);
    expect(read.stderr).toMatch(/Processed a total of 3 messages/);

    const stranger = issueTestCertificate(`stranger.${Date.now().toString(36)}`);
    const denied = await consoleConsumer(stranger, {
      topic,
      group: uniqueName('it.outside-console'),
      maxMessages: 1,
      timeoutMs: 5_000,
    });
    expect(denied.stdout.trim()).toBe('');
    expect(denied.stderr).toMatch(/Not authorized to access (topics|group)|AuthorizationException/);
  }, 120_000);
});
