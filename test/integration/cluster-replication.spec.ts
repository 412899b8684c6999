import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel, type Producer } from 'kafkajs';
import { KafkaClient } from '@app/kafka';
import { testKafkajsConfig, testKafkaOptions } from '../support/env';
import { expectEventually } from '../support/expect-eventually';
import { KafkaBroker } from '../support/kafka-broker';
import { uniqueName } from '../support/unique';

/**
 * `KAFKA_NODES=3 scripts/kafka.sh start`: a three-node KRaft cluster on loopback, secured like the single
 * broker. Replication comes from the cluster's size (broker configuration, never from the apps): three
 * replicas, two in sync, for data and internal topics alike; losing one node loses no acknowledged write.
 */
describe('three-node cluster', () => {
  const cluster = new KafkaBroker(
    Number(process.env.TEST_KAFKA_CLUSTER_PORT ?? 19250),
    'kafka-test-cluster',
    3,
  );
  const brokers = cluster.brokers.split(',');
  const config = (clientId: string): KafkaConfig => ({
    ...testKafkajsConfig(clientId),
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const client = new KafkaClient({ ...testKafkaOptions('test-cluster'), brokers });
  const kafka = new Kafka(config('test-cluster-raw'));
  const admin = kafka.admin();
  const topic = uniqueName('it.cluster');

  async function replicasOf(name: string): Promise<{ replicas: number[]; isr: number[] }[]> {
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    return metadata.topics[0]?.partitions.map(({ replicas, isr }) => ({ replicas, isr })) ?? [];
  }

  async function transactionalSend(producer: Producer, from: number, count: number): Promise<void> {
    const transaction = await producer.transaction();
    await transaction.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, index) => ({
        key: `k${from + index}`,
        value: `${from + index}`,
      })),
    });
    await transaction.commit();
  }

  beforeAll(async () => {
    rmSync(cluster.dataDir, { recursive: true, force: true });
    await cluster.start();
    await client.connect();
    await admin.connect();
  }, 240_000);
  afterAll(async () => {
    await admin.disconnect().catch(() => undefined);
    await client.onApplicationShutdown();
    await cluster.stop();
  }, 120_000);

  it('gives new topics three replicas and min.insync.replicas=2 from the broker configuration', async () => {
    await client.ensureTopics([{ topic, partitions: 3 }]);
    const partitions = await replicasOf(topic);
    expect(partitions).toHaveLength(3);
    for (const partition of partitions) expect(partition.replicas).toHaveLength(3);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }],
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('2');
  });

  it('keeps acknowledged writes, transactions and read_committed reads going with one node down', async () => {
    const producer = kafka.producer({
      transactionalId: uniqueName('it.cluster-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    // Internal topics are created on first use, with every node up: three replicas each.
    await transactionalSend(producer, 0, 50);
    const group = uniqueName('it.cluster-group');
    const seen = new Set<string>();
    const consumer = kafka.consumer({ groupId: group, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.add(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    await expectEventually(() => expect(seen.size).toBe(50), { timeoutMs: 30_000 });
    for (const internal of ['__consumer_offsets', '__transaction_state'])
      for (const partition of await replicasOf(internal)) expect(partition.replicas).toHaveLength(3);

    await cluster.stopNode(2);
    try {
      await transactionalSend(producer, 50, 50);
      const plain = kafka.producer({ idempotent: true });
      await plain.connect();
      await plain.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 50 }, (_, index) => ({ key: `p${index}`, value: `${100 + index}` })),
      });
      await plain.disconnect();
      await expectEventually(() => expect(seen.size).toBe(150), { timeoutMs: 60_000 });
    } finally {
      await cluster.startNode(2);
    }
    await consumer.disconnect();
    await producer.disconnect();
    expect([...seen].map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 150 }, (_, index) => index),
    );
    // The node catches up and is back in sync for every partition.
    await expectEventually(
      async () => {
        for (const partition of await replicasOf(topic)) expect(partition.isr).toHaveLength(3);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }, 240_000);
});
