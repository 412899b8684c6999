import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CatalogueSnapshot, type CatalogueState } from '@app/catalogue';
import { KafkaClient, type KafkaConsumer } from '@app/kafka';
import { WEBHOOK_OPTIONS, type WebhookOptions } from '../webhooks/webhook-options';
import { DeliveryStagingService } from './delivery-staging.service';

export const DISPATCHER_GROUP_ID = Symbol('DISPATCHER_GROUP_ID');
const STAGING_PARTITIONS_CONCURRENTLY = 8;

/**
 * Consumes the delivery topics of every agency with a webhook or pull subscription (one consumer group for
 * all dispatcher instances) and hands each batch to staging; the offsets move only after the rows are
 * committed, so a crash loses nothing. The topic set follows the catalogue: a new subscription's topic is
 * consumed from its beginning (for this group) within a catalogue refresh.
 */
@Injectable()
export class DeliveryTopicsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryTopicsConsumer.name);
  private consumer?: KafkaConsumer;
  private topics: string[] = [];
  private changing: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly catalogue: CatalogueSnapshot,
    private readonly staging: DeliveryStagingService,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    @Inject(DISPATCHER_GROUP_ID) private readonly groupId: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.catalogue.onChange((state) => void this.follow(state));
    await this.follow(this.catalogue.current());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.changing.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  get currentTopics(): readonly string[] {
    return this.topics;
  }

  private follow(state: CatalogueState): Promise<void> {
    const agencies = new Set<string>();
    for (const list of state.subscriptionsByTopic.values()) {
      for (const subscription of list) {
        if (subscription.deliveryMode !== 'kafka' && this.options.agencies.test(subscription.agencyId)) {
          agencies.add(subscription.agencyId);
        }
      }
    }
    const next = [...agencies].map((agency) => `${this.options.deliveryTopicPrefix}${agency}`).sort();
    if (next.join('\n') === this.topics.join('\n')) return this.changing;
    this.topics = next;
    this.changing = this.changing
      .then(() => this.resubscribe(next))
      .catch((error: unknown) => {
        this.logger.error({
          msg: 'could not follow the delivery topics; retrying at the next refresh',
          error: String(error),
        });
        this.topics = [];
      });
    return this.changing;
  }

  private async resubscribe(topics: string[]): Promise<void> {
    if (this.stopped) return;
    if (this.consumer) {
      await this.consumer.disconnect();
      this.consumer = undefined;
    }
    if (topics.length === 0) return;
    // The router creates delivery topics when it first routes to them; creating them here as well lets the
    // consumer start before that.
    await this.kafka.ensureTopics(
      topics.map((topic) => ({ topic, partitions: this.options.deliveryTopicPartitions })),
    );
    const consumer = await this.kafka.createConsumer({ groupId: this.groupId });
    await consumer.subscribe(topics, true);
    await consumer.runBatches(
      async (messages) => {
        await this.staging.stage(messages);
      },
      // Staging is a database round trip per batch: several partitions at once keep the latency down.
      { partitionsConcurrently: STAGING_PARTITIONS_CONCURRENTLY },
    );
    this.consumer = consumer;
    this.logger.log({ msg: 'consuming delivery topics', topics });
  }
}
