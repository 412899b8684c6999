import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { GroupCommit, retryWithBackoff, StartupError } from '@app/core';
import {
  type Admin,
  type Consumer,
  Kafka,
  logLevel,
  type LogEntry,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { IncomingMessage, OutgoingMessage, TopicSpec } from './kafka-message';
import { ClientQuotas } from './client-quotas';
import type { KafkaTls } from './kafka-tls';
import { toIncomingMessage } from './message-mapping';
import {
  messageSize,
  TransactionalProcessor,
  type TransactionalProcessorOptions,
} from './transactional-processor';

/** How long a created topic may take to have a leader for every partition. */
const TOPIC_READY_TIMEOUT_MS = 30_000;

/** Produce requests are kept under this size (the broker's message.max.bytes is 1 MiB by default). */
const MAX_PRODUCE_REQUEST_BYTES = 512 * 1024;

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** How long start-up keeps trying to reach the cluster before giving up. */
  connectTimeoutMs: number;
  /** TLS with a client certificate (the principal is the certificate's); absent: plaintext. */
  tls?: KafkaTls;
}

/** kafkajs's TLS settings for a client identity. */
function sslOf(tls: KafkaTls | undefined): { ssl?: { ca: string[]; cert: string; key: string } } {
  return tls ? { ssl: { ca: [tls.ca], cert: tls.cert, key: tls.key } } : {};
}

function logCreator(level: logLevel) {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level: entryLevel, log }: LogEntry): void => {
      if (entryLevel > level) return;
      const { message, ...extra } = log;
      const line = { msg: message, ...extra };
      if (entryLevel <= logLevel.ERROR) logger.error(line);
      else if (entryLevel === logLevel.WARN) logger.warn(line);
      else logger.log(line);
    };
}

/**
 * The only door to kafkajs. Apps ask it for producers, consumers and topic administration; it tracks what
 * it created and disconnects all of it on shutdown.
 */
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaClient.name);
  private readonly kafka: Kafka;
  private readonly closeables = new Set<{ disconnect(): Promise<void> }>();
  private adminClient?: Admin;
  private readonly partitionCounts = new Map<string, { count: number; expiresAt: number }>();

  constructor(readonly options: KafkaOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...sslOf(options.tls),
      logLevel: logLevel.WARN,
      logCreator: logCreator(logLevel.WARN),
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
    });
  }

  /** Waits (bounded) until the cluster answers; throws a StartupError naming the brokers otherwise. */
  async connect(): Promise<void> {
    try {
      await retryWithBackoff(() => this.ping(5_000), {
        timeoutMs: this.options.connectTimeoutMs,
        onRetry: (error, attempt, delay) =>
          this.logger.warn(
            `Kafka at ${this.options.brokers.join(',')} not reachable (attempt ${attempt}: ${String(
              error instanceof Error ? error.message : error,
            )}); retrying in ${delay} ms`,
          ),
      });
    } catch (error) {
      throw new StartupError(
        `Kafka at ${this.options.brokers.join(',')} is unreachable after ${this.options.connectTimeoutMs} ms ` +
          `(start it with 'npm run kafka:start' or set KAFKA_BROKERS): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** One round trip to the cluster on a fresh connection with no retries: what readiness needs. */
  async ping(timeoutMs = 2_000): Promise<void> {
    const probe = new Kafka({
      clientId: `${this.options.clientId}-health`,
      brokers: this.options.brokers,
      ...sslOf(this.options.tls),
      logLevel: logLevel.NOTHING,
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
    }).admin();
    try {
      await probe.connect();
      await probe.describeCluster();
    } finally {
      await probe.disconnect().catch(() => undefined);
    }
  }

  private async admin(): Promise<Admin> {
    if (!this.adminClient) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.adminClient = admin;
      this.closeables.add(admin);
    }
    return this.adminClient;
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      // kafkajs's own wait gives up on "This server does not host this topic-partition", which a busy
      // KRaft broker answers for a while after the creation: the wait below retries it.
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions ?? 1,
        replicationFactor: -1,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    await this.waitForLeaders(
      admin,
      missing.map((spec) => spec.topic),
    );
  }

  /** Until every partition of the topics has a leader (bounded by the request timeout). */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
      try {
        const { topics: described } = await admin.fetchTopicMetadata({ topics });
        const ready = described.every(
          (topic) =>
            topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
        );
        if (ready) return;
        if (Date.now() >= deadline) throw new Error(`topics ${topics.join(', ')} have no leader yet`);
      } catch (error) {
        const type = (error as { type?: string }).type;
        const passing = type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
        if (!passing || Date.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Partition count of a topic as the cluster has it (cached for a minute); undefined when it does not exist. */
  async partitionCount(topic: string): Promise<number | undefined> {
    const cached = this.partitionCounts.get(topic);
    if (cached && cached.expiresAt > Date.now()) return cached.count;
    const admin = await this.admin();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch((error: unknown) => {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
      throw error;
    });
    const count = metadata?.topics[0]?.partitions.length;
    if (count) this.partitionCounts.set(topic, { count, expiresAt: Date.now() + 60_000 });
    return count;
  }

  async listTopics(): Promise<string[]> {
    return (await this.admin()).listTopics();
  }

  /** Records not yet consumed by a group, per partition (end offset minus committed offset). */
  async consumerLag(
    groupId: string,
    topics: string[],
  ): Promise<{ topic: string; partition: number; lag: number }[]> {
    if (topics.length === 0) return [];
    const admin = await this.admin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    const lags: { topic: string; partition: number; lag: number }[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const done = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
        const start = BigInt(end.low);
        const consumed = BigInt(done) < 0n ? start : BigInt(done);
        lags.push({ topic, partition: end.partition, lag: Number(BigInt(end.high) - consumed) });
      }
    }
    return lags;
  }

  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length > 0) await (await this.admin()).deleteTopics({ topics });
  }

  /** A connected idempotent producer (acks=all on every send). */
  async createProducer(options: { transactionalId?: string } = {}): Promise<KafkaProducer> {
    const producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: options.transactionalId ? 1 : 5,
      ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
    });
    await producer.connect();
    this.closeables.add(producer);
    return new KafkaProducer(producer, () => this.closeables.delete(producer));
  }

  /** A connected consumer; `readCommitted` hides records of aborted or open transactions. */
  async createConsumer(options: { groupId: string; readCommitted?: boolean }): Promise<KafkaConsumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: !(options.readCommitted ?? true),
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    this.closeables.add(consumer);
    return new KafkaConsumer(consumer, () => this.closeables.delete(consumer));
  }

  /** Per-principal client quotas (the registry's; kafkajs has no API for them). */
  clientQuotas(): ClientQuotas {
    return new ClientQuotas({
      brokers: this.options.brokers,
      clientId: `${this.options.clientId}-quotas`,
      ...(this.options.tls ? { tls: this.options.tls } : {}),
    });
  }

  /** An exactly-once consume → produce loop (see TransactionalProcessor); started by the caller. */
  createTransactionalProcessor(options: TransactionalProcessorOptions): TransactionalProcessor {
    const processor = new TransactionalProcessor(this.kafka, options);
    this.closeables.add({ disconnect: () => processor.stop() });
    return processor;
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.closeables];
    this.closeables.clear();
    this.adminClient = undefined;
    await Promise.allSettled(all.map((client) => client.disconnect()));
  }
}

export class KafkaProducer {
  constructor(
    private readonly producer: Producer,
    private readonly onClose: () => void,
  ) {}

  /** Resolves once every replica has the records (acks=all); returns their partitions and base offsets. */
  async send(
    topic: string,
    messages: OutgoingMessage[],
  ): Promise<{ partition: number; baseOffset: string }[]> {
    const metadata = await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((message) => ({
        key: message.key,
        value: message.value,
        ...(message.headers ? { headers: message.headers } : {}),
        ...(message.partition === undefined ? {} : { partition: message.partition }),
      })),
    });
    return metadata.map((entry) => ({ partition: entry.partition, baseOffset: entry.baseOffset ?? '-1' }));
  }

  /**
   * Sends records to the partitions they name and returns each record's partition and offset, in input
   * order. Concurrent calls are sent together, in one produce request per group (as a linger would), which
   * is what lets many small publishes share the broker's round trip; a failed request fails every call of
   * its group (none is sent again piecemeal: some of its records may already be written).
   */
  sendLocated(
    topic: string,
    messages: (OutgoingMessage & { partition: number })[],
  ): Promise<{ partition: number; offset: string }[]> {
    return this.located.submit(messages.map((message) => ({ topic, message })));
  }

  private readonly located = new GroupCommit<
    { topic: string; message: OutgoingMessage & { partition: number } },
    { partition: number; offset: string }
  >((items) => this.sendGroup(items), { retryAlone: false });

  private async sendGroup(
    items: { topic: string; message: OutgoingMessage & { partition: number } }[],
  ): Promise<{ partition: number; offset: string }[]> {
    const located: { partition: number; offset: string }[] = [];
    let start = 0;
    while (start < items.length) {
      // As many items as fit in one request (at least one).
      let end = start;
      let bytes = 0;
      while (end < items.length) {
        const size = messageSize(items[end]?.message ?? { value: null });
        if (end > start && bytes + size > MAX_PRODUCE_REQUEST_BYTES) break;
        bytes += size;
        end += 1;
      }
      located.push(...(await this.sendRequest(items.slice(start, end))));
      start = end;
    }
    return located;
  }

  /** One produce request; within a partition records keep their order: the n-th is at base offset + n. */
  private async sendRequest(
    items: { topic: string; message: OutgoingMessage & { partition: number } }[],
  ): Promise<{ partition: number; offset: string }[]> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items) {
      const list = byTopic.get(topic) ?? [];
      list.push({
        key: message.key,
        value: message.value,
        partition: message.partition,
        ...(message.headers ? { headers: message.headers } : {}),
      });
      byTopic.set(topic, list);
    }
    const metadata = await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    const base = new Map(
      metadata.map((entry) => [`${entry.topicName}/${entry.partition}`, BigInt(entry.baseOffset ?? '-1')]),
    );
    const seen = new Map<string, bigint>();
    return items.map(({ topic, message }) => {
      const at = `${topic}/${message.partition}`;
      const index = seen.get(at) ?? 0n;
      seen.set(at, index + 1n);
      const first = base.get(at);
      if (first === undefined || first < 0n)
        throw new Error(`no acknowledgement for partition ${message.partition} of ${topic}`);
      return { partition: message.partition, offset: (first + index).toString() };
    });
  }

  async disconnect(): Promise<void> {
    this.onClose();
    await this.producer.disconnect();
  }
}

export class KafkaConsumer {
  constructor(
    private readonly consumer: Consumer,
    private readonly onClose: () => void,
  ) {}

  async subscribe(topics: (string | RegExp)[], fromBeginning = true): Promise<void> {
    await this.consumer.subscribe({ topics, fromBeginning });
  }

  /** Handles messages one by one; the offset is committed after the handler resolves. */
  async run(handler: (message: IncomingMessage) => Promise<void>): Promise<void> {
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) =>
        handler(toIncomingMessage(topic, partition, message)),
    });
  }

  /**
   * Handles each fetched batch (records of one partition, in order) at once; the batch's offsets are
   * committed only after the handler resolves. A throw leaves them uncommitted: the batch comes again.
   * Batches of different partitions may be handled at the same time (`partitionsConcurrently`); those of
   * one partition never are.
   */
  async runBatches(
    handler: (messages: IncomingMessage[]) => Promise<void>,
    options: { partitionsConcurrently?: number } = {},
  ): Promise<void> {
    await this.consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const last = batch.messages[batch.messages.length - 1];
        if (!last || !payload.isRunning() || payload.isStale()) return;
        await handler(
          batch.messages.map((message) => toIncomingMessage(batch.topic, batch.partition, message)),
        );
        payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary();
        await payload.heartbeat();
      },
    });
  }

  async disconnect(): Promise<void> {
    this.onClose();
    await this.consumer.disconnect();
  }
}
