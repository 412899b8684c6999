import { Logger } from '@nestjs/common';
import { GroupCommit } from '@app/core';
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
  /**
   * Work that must be durable before the transaction commits (the router's audit entries): started when the
   * outputs start to be sent, and awaited before the commit; a failure aborts the transaction.
   */
  beforeCommit?: () => Promise<unknown>;
}

export interface TransactionalProcessorOptions {
  groupId: string;
  /**
   * Stable per instance: a restarted instance with the same id fences its predecessor (whose open
   * transaction is aborted), which is what makes a crash leave no duplicates.
   */
  transactionalId: string;
  fromBeginning?: boolean;
  /**
   * Input partitions whose batches are taken at once (default 6). Batches that arrive together are routed
   * one by one but committed in one transaction, so a transaction's round trips are paid once per round of
   * fetches rather than once per partition.
   */
  partitionsConcurrently?: number;
}

export type BatchHandler = (batch: InputBatch) => Promise<BatchResult>;

/**
 * Outputs of one input batch can be several times its size (one copy per subscriber), and keyed copies of
 * one input partition tend to land in one output partition: sent at once they could exceed the broker's
 * message.max.bytes. They are sent in requests of at most this many bytes, all in the same transaction.
 */
const MAX_REQUEST_BYTES = 512 * 1024;

/** Roughly the bytes a message takes in a produce request. */
export function messageSize(message: {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: unknown;
}): number {
  let size = 64 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
  const headers = (message.headers ?? {}) as Record<string, string | Buffer>;
  for (const name in headers) size += name.length + (headers[name]?.length ?? 0);
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
  // Batches that arrive while a transaction runs share the next one. A failed transaction fails all its
  // batches: the consumer re-reads every one of them from the committed offsets.
  private readonly transactions = new GroupCommit<InputBatch>(
    async (inputs) => {
      await this.processInTransaction(inputs);
      return inputs.map(() => undefined);
    },
    { retryAlone: false },
  );

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
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 6,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
        const input: InputBatch = {
          topic: batch.topic,
          partition: batch.partition,
          messages: batch.messages.map((message) => toIncomingMessage(batch.topic, batch.partition, message)),
        };
        await this.enqueue(input);
        // Only now may the consumer move on: kafkajs fetches the next batch from the resolved offset.
        payload.resolveOffset(batch.lastOffset());
        await payload.heartbeat();
      },
    });
    this.consumer = consumer;
  }

  /** Resolves when the batch's outputs and offsets are committed (with those of batches queued alongside). */
  private async enqueue(input: InputBatch): Promise<void> {
    await this.transactions.submit([input]);
  }

  private async processInTransaction(inputs: InputBatch[]): Promise<void> {
    const producer = this.producer;
    const handler = this.handler;
    if (!producer || !handler) throw new Error('processor not started');
    const results: BatchResult[] = [];
    for (const input of inputs) results.push(await handler(input));
    const byTopic = new Map<string, TopicMessages['messages']>();
    for (const output of results.flatMap((result) => result.outputs)) {
      // OutgoingMessage is a kafkajs message already: handed over as is (no copy per message).
      const list = byTopic.get(output.topic) ?? [];
      for (const message of output.messages) list.push(message);
      byTopic.set(output.topic, list);
    }
    const offsets = new Map<string, { partition: number; offset: string }[]>();
    for (const input of inputs) {
      const last = input.messages[input.messages.length - 1];
      if (!last) continue;
      const partitions = offsets.get(input.topic) ?? [];
      partitions.push({ partition: input.partition, offset: (BigInt(last.offset) + 1n).toString() });
      offsets.set(input.topic, partitions);
    }
    if (offsets.size === 0) return;
    const transaction = await producer.transaction();
    // Started now, awaited before the commit: the side work runs while the outputs travel to the broker.
    const sideWork = Promise.all(
      results.flatMap((result) => (result.beforeCommit ? [result.beforeCommit()] : [])),
    );
    sideWork.catch(() => undefined);
    try {
      const topicMessages = [...byTopic]
        .filter(([, messages]) => messages.length > 0)
        .map(([topic, messages]) => ({ topic, messages }));
      for (const chunk of chunkBySize(topicMessages, MAX_REQUEST_BYTES)) {
        await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
      }
      await sideWork;
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await transaction.commit();
    } catch (error) {
      await sideWork.catch(() => undefined);
      this.logger.warn({
        msg: 'transaction aborted; its batches will be processed again',
        batches: inputs.map((input) => `${input.topic}/${input.partition}`),
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
