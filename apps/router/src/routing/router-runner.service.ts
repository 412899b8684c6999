import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { CatalogueSnapshot, type CatalogueState, SchemaStore } from '@app/catalogue';
import { KafkaClient, type TransactionalProcessor, type InputBatch, type BatchResult } from '@app/kafka';
import { RecordRouter } from './record-router';
import { RegistryClient } from './registry.client';
import { RouterMetrics } from './router.metrics';

export const ROUTER_OPTIONS = Symbol('ROUTER_OPTIONS');

export interface RouterOptions {
  instanceId: string;
  groupId: string;
  deliveryTopicPrefix: string;
  deliveryTopicPartitions: number;
  concurrentPartitions: number;
  dlqTopic: string;
  registryUrl: string;
  registryApiKey: string | undefined;
}

const LAG_INTERVAL_MS = 10_000;

/**
 * Runs the exactly-once routing loop: follows the catalogue's topics (new topics are picked up without a
 * restart), makes sure delivery and dead-letter topics exist, and writes each batch's audit entries before
 * its transaction commits (entry ids are deterministic, so a batch retried whole does not log twice).
 */
@Injectable()
export class RouterRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RouterRunner.name);
  private processor?: TransactionalProcessor;
  private router: RecordRouter;
  private unsubscribe?: () => void;
  private readyTopics = new Set<string>();
  private running = false;
  private lagTimer?: NodeJS.Timeout;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly catalogue: CatalogueSnapshot,
    schemas: SchemaStore,
    private readonly audit: AuditLog,
    private readonly metrics: RouterMetrics,
    @Inject(ROUTER_OPTIONS) private readonly options: RouterOptions,
  ) {
    const registry = new RegistryClient(options.registryUrl, options.registryApiKey);
    this.router = new RecordRouter(schemas, {
      deliveryTopicPrefix: options.deliveryTopicPrefix,
      dlqTopic: options.dlqTopic,
      registerProjectedSchema: (subject, schema) => registry.register(subject, schema),
      refreshCatalogue: () => this.catalogue.fresh(),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics([{ topic: this.options.dlqTopic, partitions: 3 }]);
    this.readyTopics.add(this.options.dlqTopic);
    this.processor = this.kafka.createTransactionalProcessor({
      groupId: this.options.groupId,
      transactionalId: `penghubung-router-${this.options.instanceId}`,
      partitionsConcurrently: this.options.concurrentPartitions,
    });
    const state = this.catalogue.current();
    await this.prepareDeliveryTopics(state);
    await this.processor.start(await this.inputTopics(state), (batch) => this.handle(batch));
    this.running = true;
    this.unsubscribe = this.catalogue.onChange((next) => {
      void this.follow(next);
    });
    this.lagTimer = setInterval(() => void this.measureLag(), LAG_INTERVAL_MS);
    this.lagTimer.unref();
    this.logger.log(`routing ${this.processor.currentTopics.length} topics as ${this.options.instanceId}`);
  }

  private async measureLag(): Promise<void> {
    try {
      const lags = await this.kafka.consumerLag(this.options.groupId, [
        ...(this.processor?.currentTopics ?? []),
      ]);
      for (const { topic, partition, lag } of lags)
        this.metrics.lag.set({ topic, partition: String(partition) }, lag);
    } catch (error) {
      this.logger.debug?.({ msg: 'lag measurement failed', error: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.unsubscribe?.();
    this.running = false;
    await this.processor?.stop();
  }

  private async follow(state: CatalogueState): Promise<void> {
    try {
      await this.prepareDeliveryTopics(state);
      await this.processor?.setTopics(await this.inputTopics(state));
    } catch (error) {
      this.logger.warn({
        msg: 'could not follow catalogue change; will retry on the next refresh',
        error: String(error),
      });
    }
  }

  /** Catalogue topics that exist in Kafka (a catalogue row without its Kafka topic is drift, reported by the registry). */
  private async inputTopics(state: CatalogueState): Promise<string[]> {
    const wanted = [...state.topics.keys()];
    if (wanted.every((topic) => this.readyTopics.has(topic))) return wanted;
    const existing = new Set(await this.kafka.listTopics());
    return wanted.filter((topic) => existing.has(topic));
  }

  private async prepareDeliveryTopics(state: CatalogueState): Promise<void> {
    const topics = new Set<string>();
    for (const subscriptions of state.subscriptionsByTopic.values()) {
      for (const subscription of subscriptions)
        topics.add(`${this.options.deliveryTopicPrefix}${subscription.agencyId}`);
    }
    const missing = [...topics].filter((topic) => !this.readyTopics.has(topic));
    if (missing.length === 0) return;
    await this.kafka.ensureTopics(
      missing.map((topic) => ({ topic, partitions: this.options.deliveryTopicPartitions })),
    );
    for (const topic of missing) this.readyTopics.add(topic);
  }

  private async handle(batch: InputBatch): Promise<BatchResult> {
    const state = this.catalogue.current();
    try {
      const outcome = await this.router.route(batch, state);
      // A subscription approved since the last refresh may send to a delivery topic not created yet.
      const missing = outcome.outputs
        .map((output) => output.topic)
        .filter((topic) => !this.readyTopics.has(topic));
      if (missing.length > 0) {
        await this.kafka.ensureTopics(
          missing.map((topic) => ({ topic, partitions: this.options.deliveryTopicPartitions })),
        );
        for (const topic of missing) this.readyTopics.add(topic);
      }
      this.metrics.recordsIn.inc({ topic: batch.topic }, outcome.counts.records);
      this.metrics.deliveries.inc({ topic: batch.topic }, outcome.counts.deliveries);
      this.metrics.filteredOut.inc({ topic: batch.topic }, outcome.counts.filteredOut);
      for (const code of outcome.deadLetterCodes) this.metrics.deadLettered.inc({ topic: batch.topic, code });
      for (const latency of outcome.latenciesMs) this.metrics.routingLatency.observe(latency / 1000);
      // The entries are written while the copies travel to Kafka; the transaction commits after both.
      return { outputs: outcome.outputs, beforeCommit: () => this.audit.recordMany(outcome.audit) };
    } catch (error) {
      this.metrics.batchesAborted.inc();
      throw error;
    }
  }
}
