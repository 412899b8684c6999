import { Logger } from '@nestjs/common';
import { type Consumer, type Kafka, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { toIncomingMessage } from './message-mapping';
import type { IncomingMessage, OutgoingMessage } from './kafka-message';

export interface InputBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
}

export interface BatchResult {
  /** Records to produce, all in the same transaction as the input offsets. */
  outputs: { topic: string; messages: OutgoingMessage[] }[];
}

export interface TransactionalProcessorOptions {
  groupId: string;
  /**
   * Stable per instance: a restarted instance with the same id fences its predecessor (whose open
   * transaction is aborted), which is what makes a crash leave no duplicates.
   */
  transactionalId: string;
  fromBeginning?: boolean;
}

export type BatchHandler = (batch: InputBatch) => Promise<BatchResult>;

/**
 * Outputs of one input batch can be several times its size (one copy per subscriber), and keyed copies of
 * one input partition tend to land in one output partition: sent at once they could exceed the broker's
 * message.max.bytes. They are sent in requests of at most this many bytes, all in the same transaction.
 */
const MAX_REQUEST_BYTES = 512 * 1024;

function messageSize(message: {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: unknown;
}): number {
  let size = 64 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries((message.headers ?? {}) as Record<string, string | Buffer>)) {
    size += name.length + value.length;
  }
  return size;
}

export function chunkBySize(topicMessages: TopicMessages[], maxBytes: number): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let currentBytes = 0;
  for (const { topic, messages } of topicMessages) {
    let slice: TopicMessages = { topic, messages: [] };
    for (const message of messages) {
      const size = messageSize(message);
      if (currentBytes + size > maxBytes && currentBytes > 0) {
        if (slice.messages.length > 0) current.push(slice);
        chunks.push(current);
        current = [];
        currentBytes = 0;
        slice = { topic, messages: [] };
      }
      slice.messages.push(message);
      currentBytes += size;
    }
    if (slice.messages.length > 0) current.push(slice);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Exactly-once consume → transform → produce within Kafka: for each fetched batch, the handler's outputs
 * and the consumer offsets are committed in one transaction. A failure aborts the transaction and the
 * consumer restarts from the last committed offset, so nothing is skipped and (for `read_committed`
 * readers) nothing is doubled. The handler must be deterministic and must not throw for bad records —
 * it dead-letters them as outputs; a throw means "transient, try the batch again".
 */
export class TransactionalProcessor {
  private readonly logger = new Logger(TransactionalProcessor.name);
  private consumer?: Consumer;
  private producer?: Producer;
  private topics: string[] = [];
  private handler?: BatchHandler;
  private changing: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: TransactionalProcessorOptions,
  ) {}

  /** Starts consuming `topics` with `handler`. */
  async start(topics: string[], handler: BatchHandler): Promise<void> {
    this.handler = handler;
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    await this.subscribe(topics);
  }

  /** Replaces the set of input topics (a consumer-group rebalance). No-op when unchanged. */
  setTopics(topics: string[]): Promise<void> {
    const next = [...new Set(topics)].sort();
    if (next.join('\n') === this.topics.join('\n')) return this.changing;
    this.changing = this.changing.then(() => this.subscribe(next));
    return this.changing;
  }

  get currentTopics(): readonly string[] {
    return this.topics;
  }

  private async subscribe(topics: string[]): Promise<void> {
    if (this.consumer) {
      await this.consumer.disconnect();
      this.consumer = undefined;
    }
    this.topics = [...new Set(topics)].sort();
    if (this.topics.length === 0) return;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 1024 * 1024,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
        const input: InputBatch = {
          topic: batch.topic,
          partition: batch.partition,
          messages: batch.messages.map((message) => toIncomingMessage(batch.topic, batch.partition, message)),
        };
        await this.processInTransaction(input);
        // Only now may the consumer move on: kafkajs fetches the next batch from the resolved offset.
        payload.resolveOffset(batch.lastOffset());
        await payload.heartbeat();
      },
    });
    this.consumer = consumer;
  }

  private async processInTransaction(input: InputBatch): Promise<void> {
    if (!this.producer || !this.handler) throw new Error('processor not started');
    const result = await this.handler(input);
    const last = input.messages[input.messages.length - 1];
    if (!last) return;
    const transaction = await this.producer.transaction();
    try {
      const topicMessages: TopicMessages[] = result.outputs
        .filter((output) => output.messages.length > 0)
        .map((output) => ({
          topic: output.topic,
          messages: output.messages.map((message) => ({
            key: message.key,
            value: message.value,
            ...(message.headers ? { headers: message.headers } : {}),
          })),
        }));
      for (const chunk of chunkBySize(topicMessages, MAX_REQUEST_BYTES)) {
        await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [
          {
            topic: input.topic,
            partitions: [{ partition: input.partition, offset: (BigInt(last.offset) + 1n).toString() }],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      this.logger.warn({
        msg: 'transaction aborted; the batch will be processed again',
        topic: input.topic,
        partition: input.partition,
        error: error instanceof Error ? error.message : String(error),
      });
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.changing.catch(() => undefined);
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }
}
