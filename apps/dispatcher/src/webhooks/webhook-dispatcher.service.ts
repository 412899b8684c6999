import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { CatalogueSnapshot, type CatalogueState, type SubscriptionView } from '@app/catalogue';
import { KafkaClient } from '@app/kafka';
import { DataSource } from '@app/persistence';
import { DispatcherMetrics } from '../dispatcher.metrics';
import { WebhookAddressGuard } from '@app/webhook-policy';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { DeliveryOutcomeWriter, type EndpointDisabled } from './delivery-outcome-writer';
import { DeliveryWakeup } from './delivery-wakeup';
import { RetryPolicy } from './retry-policy';
import { SubscriptionGoneHandler } from './subscription-gone.handler';
import { type AttemptResult, WebhookSender } from './webhook-sender';
import { WebhookSecretsStore } from './webhook-secrets.store';
import { webhookSignature } from './webhook-signature';
import {
  type ClaimedDelivery,
  type DeliveryOutcome,
  keepsKeyOrder,
  WEBHOOK_OPTIONS,
  type WebhookOptions,
} from './webhook-options';

interface ClaimRow {
  id: string;
  subscription_id: string;
  record_id: string;
  agency_id: string;
  topic: string;
  record_key: string | null;
  record_time: Date;
  schema_id: number;
  body: string;
  headers: Record<string, string>;
  attempts: number;
  replays: number;
}

const GAUGE_INTERVAL_MS = 5_000;
const SHUTDOWN_WAIT_MS = 5_000;
/** The longest wait between two rounds while claiming fails (the database is away). */
const CLAIM_RETRY_MAX_MS = 5_000;
/** While claiming keeps failing, one warning this often. */
const FAILURE_LOG_INTERVAL_MS = 30_000;

/**
 * The webhook workers: claim due deliveries (FOR UPDATE SKIP LOCKED, leased so that a crashed instance's
 * claims come back), at most WEBHOOK_ENDPOINT_CONCURRENCY in flight per subscription and, for subscriptions
 * with `orderedDelivery` (unless WEBHOOK_ORDER_PER_KEY turns ordering off for all), one in flight per record
 * key (the next of a key waits until the one before is delivered or dead). Each attempt is signed (Standard
 * Webhooks), sent, and its outcome written in batches. A slow or dead endpoint only holds its own
 * deliveries. While PostgreSQL is away the rounds back off, and outcomes that could not be written are
 * written before anything is claimed again.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly guard: WebhookAddressGuard;
  private readonly sender: WebhookSender;
  private readonly secrets: WebhookSecretsStore;
  private readonly retry: RetryPolicy;
  private readonly writer: DeliveryOutcomeWriter;
  private readonly deadLetters: DeadLetterPublisher;
  private readonly gone: SubscriptionGoneHandler;
  private readonly inFlight = new Map<string, number>();
  /** Claimed (leased) but not started yet: the next window of each subscription, started as slots free. */
  private readonly queued = new Map<string, ClaimedDelivery[]>();
  /** Subscriptions whose last claim found less than asked for: not asked again until there may be new work. */
  private readonly drained = new Set<string>();
  private drainedGeneration = 0;
  private readonly sends = new Set<Promise<void>>();
  private totalInFlight = 0;
  private webhookSubscriptions = new Map<string, SubscriptionView>();
  private disabled = new Set<string>();
  private running = false;
  private loop?: Promise<void>;
  private stopWaiting?: () => void;
  private gaugeTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueSnapshot,
    private readonly wakeup: DeliveryWakeup,
    private readonly metrics: DispatcherMetrics,
    audit: AuditLog,
    kafka: KafkaClient,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
  ) {
    this.guard = new WebhookAddressGuard(options.allowedHosts, options.allowHttp);
    this.sender = new WebhookSender(this.guard, options.timeoutMs);
    this.secrets = new WebhookSecretsStore(dataSource, options.secretKey, options.secretCacheMs);
    this.retry = new RetryPolicy({
      schedule: options.schedule,
      jitterPercent: options.jitterPercent,
      retryAfterMaxMs: options.retryAfterMaxMs,
    });
    this.writer = new DeliveryOutcomeWriter(dataSource, audit, options.disableAfterMs, (outcomes, disabled) =>
      this.afterWrite(outcomes, disabled),
    );
    this.deadLetters = new DeadLetterPublisher(
      kafka,
      dataSource,
      options.deliveryTopicPrefix,
      options.deliveryTopicPartitions,
    );
    this.gone = new SubscriptionGoneHandler(dataSource, audit);
    // Long enough for an attempt and the write of its outcome; a crashed instance's claims return after it.
    this.leaseMs = options.timeoutMs * 2 + 5_000;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.follow(this.catalogue.current());
    this.unsubscribe = this.catalogue.onChange((state) => this.follow(state));
    await this.refreshDisabled();
    this.running = true;
    this.loop = this.run();
    this.gaugeTimer = setInterval(() => void this.updateGauges(), GAUGE_INTERVAL_MS);
    this.gaugeTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    if (this.gaugeTimer) clearInterval(this.gaugeTimer);
    this.wakeup.notify();
    this.stopWaiting?.();
    await this.loop;
    // In-flight attempts finish (bounded); what does not is sent again after its lease, same webhook-id.
    await Promise.race([
      Promise.allSettled([...this.sends]),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref()),
    ]);
    await this.writer.drain();
    this.sender.close();
  }

  private follow(state: CatalogueState): void {
    const next = new Map<string, SubscriptionView>();
    for (const list of state.subscriptionsByTopic.values()) {
      for (const subscription of list) {
        if (
          subscription.deliveryMode === 'webhook' &&
          subscription.webhookUrl &&
          this.options.agencies.test(subscription.agencyId)
        ) {
          next.set(subscription.id, subscription);
        }
      }
    }
    this.webhookSubscriptions = next;
    void this.refreshDisabled();
    this.wakeup.notify();
  }

  private async refreshDisabled(): Promise<void> {
    try {
      const rows = await this.dataSource.query<{ subscription_id: string }[]>(
        'SELECT subscription_id FROM webhook_endpoints WHERE disabled_at IS NOT NULL',
      );
      this.disabled = new Set(rows.map((row) => row.subscription_id));
      this.metrics.endpointsDisabled.set(this.disabled.size);
    } catch (error) {
      this.logger.warn({ msg: 'could not read disabled endpoints', error: (error as Error).message });
    }
  }

  private async run(): Promise<void> {
    // Consecutive failed rounds (PostgreSQL away): they back off and are logged once, not once per poll.
    let failures = 0;
    let failingSince = 0;
    let loggedAt = 0;
    while (this.running) {
      if (this.wakeup.generation !== this.drainedGeneration) {
        this.drainedGeneration = this.wakeup.generation;
        this.drained.clear();
      }
      let claimed = 0;
      try {
        // Outcomes that could not be written go first: their rows still read pending, and claiming them
        // again (their lease may have run out meanwhile) would send them twice.
        if (this.writer.stalled) await this.writer.retryNow();
        claimed = await this.claimAndSend();
      } catch (error) {
        const now = Date.now();
        if (failures === 0) failingSince = now;
        failures++;
        const delay = Math.min(this.options.pollMs * 2 ** Math.min(failures - 1, 16), CLAIM_RETRY_MAX_MS);
        if (failures === 1 || now - loggedAt >= FAILURE_LOG_INTERVAL_MS) {
          loggedAt = now;
          this.logger.warn({
            msg: 'claiming webhook deliveries failed; retrying',
            failures,
            failingForMs: now - failingSince,
            retryInMs: delay,
            error: (error as Error).message,
          });
        }
        await this.pause(delay);
        continue;
      }
      if (failures > 0) {
        this.logger.log({
          msg: 'claiming webhook deliveries works again',
          failures,
          failedForMs: Date.now() - failingSince,
        });
        failures = 0;
      }
      if (!this.running) break;
      if (claimed === 0 && !(await this.wakeup.wait(this.options.pollMs))) this.drained.clear();
    }
  }

  /** Waits before the next round after a failure; shutdown ends the wait. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stopWaiting = undefined;
        resolve();
      }, ms);
      this.stopWaiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Deliveries of a subscription in flight or queued here. */
  private held(id: string): number {
    return (this.inFlight.get(id) ?? 0) + (this.queued.get(id)?.length ?? 0);
  }

  /**
   * Claims what may be sent soon within the limits — up to two windows of WEBHOOK_ENDPOINT_CONCURRENCY per
   * subscription, asked for once a window is free, so that one query serves many sends (at most twice
   * WEBHOOK_MAX_IN_FLIGHT held in all) — starts what fits and says how many it claimed.
   */
  private async claimAndSend(): Promise<number> {
    const window = this.options.endpointConcurrency;
    let held = this.totalInFlight;
    for (const list of this.queued.values()) held += list.length;
    let room = 2 * this.options.maxInFlight - held;
    if (room <= 0) return 0;
    const subscriptions: string[] = [];
    const capacities: number[] = [];
    const ordered: boolean[] = [];
    for (const [id, subscription] of this.webhookSubscriptions) {
      if (this.disabled.has(id) || this.drained.has(id)) continue;
      const mine = this.held(id);
      if (mine > window) continue;
      const free = Math.min(2 * window - mine, room);
      if (free <= 0) continue;
      subscriptions.push(id);
      capacities.push(free);
      ordered.push(keepsKeyOrder(this.options.orderPerKey, subscription));
      room -= free;
      if (room <= 0) break;
    }
    if (subscriptions.length === 0) return 0;
    const rows = await this.dataSource.query<ClaimRow[]>(
      `WITH picked AS (
         SELECT c.id FROM unnest($1::uuid[], $2::int[], $3::boolean[]) AS s(subscription_id, cap, ordered)
         CROSS JOIN LATERAL (
           SELECT d.id FROM deliveries d
            WHERE d.subscription_id = s.subscription_id AND d.status = 'pending' AND d.mode = 'webhook'
              AND d.next_attempt_at <= now()
              AND (NOT s.ordered OR d.record_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM deliveries e
                     WHERE e.subscription_id = d.subscription_id AND e.record_key = d.record_key
                       AND e.status = 'pending' AND e.id < d.id))
            ORDER BY d.next_attempt_at, d.id
            LIMIT s.cap
            FOR UPDATE SKIP LOCKED
         ) c
       ), claimed AS (
         UPDATE deliveries t SET next_attempt_at = now() + ($4::int * interval '1 millisecond')
           FROM picked WHERE t.id = picked.id
         RETURNING t.id::text AS id, t.subscription_id, t.record_id, t.agency_id, t.topic, t.record_key, t.record_time,
                   t.schema_id, t.body, t.headers, t.attempts, t.replays
       )
       SELECT * FROM claimed`,
      [subscriptions, capacities, ordered, this.leaseMs],
    );
    const claimedPer = new Map<string, number>();
    for (const row of rows) {
      const delivery = toClaimed(row);
      const list = this.queued.get(delivery.subscriptionId) ?? [];
      list.push(delivery);
      this.queued.set(delivery.subscriptionId, list);
      claimedPer.set(delivery.subscriptionId, (claimedPer.get(delivery.subscriptionId) ?? 0) + 1);
    }
    for (const [index, id] of subscriptions.entries()) {
      if ((claimedPer.get(id) ?? 0) < (capacities[index] ?? 0)) this.drained.add(id);
      this.pump(id);
    }
    return rows.length;
  }

  /** Starts queued deliveries of a subscription while it has free slots. */
  private pump(id: string): void {
    const list = this.queued.get(id);
    while (
      list &&
      list.length > 0 &&
      (this.inFlight.get(id) ?? 0) < this.options.endpointConcurrency &&
      this.totalInFlight < this.options.maxInFlight
    ) {
      const next = list.shift();
      if (next) this.start(next);
    }
    if (list?.length === 0) this.queued.delete(id);
  }

  private start(delivery: ClaimedDelivery): void {
    this.inFlight.set(delivery.subscriptionId, (this.inFlight.get(delivery.subscriptionId) ?? 0) + 1);
    this.totalInFlight++;
    this.metrics.inFlight.set(this.totalInFlight);
    const send: Promise<void> = this.attempt(delivery)
      .catch((error: unknown) =>
        // Unexpected (database or Kafka down while dead-lettering): the lease brings the delivery back.
        this.logger.warn({
          msg: 'webhook attempt could not complete; it will be retried after its lease',
          deliveryId: delivery.id,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        const left = (this.inFlight.get(delivery.subscriptionId) ?? 1) - 1;
        if (left <= 0) this.inFlight.delete(delivery.subscriptionId);
        else this.inFlight.set(delivery.subscriptionId, left);
        this.totalInFlight--;
        this.metrics.inFlight.set(this.totalInFlight);
        this.sends.delete(send);
        const id = delivery.subscriptionId;
        this.pump(id);
        // A slot under WEBHOOK_MAX_IN_FLIGHT may serve any subscription with deliveries queued.
        for (const other of this.queued.keys()) if (other !== id) this.pump(other);
        if (!this.drained.has(id) && this.held(id) <= this.options.endpointConcurrency) this.wakeup.nudge();
      });
    this.sends.add(send);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const subscription = this.webhookSubscriptions.get(delivery.subscriptionId);
    const attemptedAt = new Date();
    const base = { delivery, attemptedAt };
    if (!subscription?.webhookUrl) {
      // Ended or suspended since the claim: leave it pending; it is not claimed while the subscription is inactive.
      return;
    }
    if (delivery.attempts >= this.retry.maxAttempts) {
      // Every attempt was made before, but the dead letter was not written (Kafka was away): write it now.
      await this.deadLetter(delivery, {
        ...base,
        outcome: 'dead',
        status: 'dead',
        attempts: delivery.attempts,
        nextAttemptAt: null,
        statusCode: null,
        latencyMs: null,
        error: 'attempts exhausted',
      });
      return;
    }
    const keys = await this.secrets.keysFor(delivery.subscriptionId);
    if (keys.length === 0) {
      this.record({
        ...base,
        outcome: 'waiting',
        status: 'pending',
        attempts: delivery.attempts,
        nextAttemptAt: new Date(Date.now() + this.options.noSecretRetryMs),
        statusCode: null,
        latencyMs: null,
        error: this.options.secretKey
          ? 'no signing secret: create one with POST /v1/subscriptions/{id}/webhook-secret'
          : 'no signing secret: WEBHOOK_SECRET_KEY is not set on the dispatcher',
      });
      return;
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await this.sender.send({
      url: subscription.webhookUrl,
      endpoint: subscription.id,
      maxSockets: this.options.endpointConcurrency,
      body: delivery.body,
      headers: {
        'webhook-id': delivery.recordId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(delivery.recordId, timestamp, delivery.body, keys),
      },
    });
    await this.settle(delivery, attemptedAt, result);
  }

  private async settle(delivery: ClaimedDelivery, attemptedAt: Date, result: AttemptResult): Promise<void> {
    const attempts = delivery.attempts + 1;
    const latencyMs = result.kind === 'refused' ? null : result.latencyMs;
    const statusCode = result.kind === 'refused' ? null : result.statusCode;
    if (latencyMs !== null) this.metrics.attemptSeconds.observe({ outcome: result.kind }, latencyMs / 1000);
    const base = { delivery, attemptedAt, attempts, statusCode, latencyMs };
    switch (result.kind) {
      case 'delivered':
        this.record({ ...base, outcome: 'delivered', status: 'delivered', nextAttemptAt: null, error: null });
        return;
      case 'gone': {
        const outcome: DeliveryOutcome = {
          ...base,
          outcome: 'gone',
          status: 'cancelled',
          nextAttemptAt: null,
          error: 'HTTP 410 Gone',
        };
        this.metrics.deliveries.inc({ outcome: 'gone' });
        const ended = await this.gone.handle(outcome);
        if (ended) {
          this.logger.warn({
            msg: 'subscription ended: its webhook answered 410 Gone',
            subscriptionId: delivery.subscriptionId,
          });
          this.webhookSubscriptions.delete(delivery.subscriptionId);
          void this.catalogue.refresh().catch(() => undefined);
        }
        return;
      }
      case 'failed':
      case 'refused': {
        const delay = this.retry.nextDelayMs(
          attempts,
          result.kind === 'failed' ? result.retryAfterMs : undefined,
        );
        const failure = { ...base, error: result.error };
        if (delay === undefined) {
          await this.deadLetter(delivery, {
            ...failure,
            outcome: 'dead',
            status: 'dead',
            nextAttemptAt: null,
          });
          return;
        }
        this.record({
          ...failure,
          outcome: result.kind,
          status: 'pending',
          nextAttemptAt: new Date(Date.now() + delay),
        });
        return;
      }
    }
  }

  private async deadLetter(delivery: ClaimedDelivery, outcome: DeliveryOutcome): Promise<void> {
    try {
      await this.deadLetters.publish(delivery, {
        attempt: outcome.attempts,
        outcome: 'dead',
        statusCode: outcome.statusCode,
        latencyMs: outcome.latencyMs,
        error: outcome.error,
        at: outcome.attemptedAt,
      });
    } catch (error) {
      // Not dead-lettered yet: count the attempt, keep the row pending; the next claim writes the dead letter.
      this.logger.warn({
        msg: 'could not write a dead letter; trying again shortly',
        deliveryId: delivery.id,
        error: (error as Error).message,
      });
      this.record({
        ...outcome,
        outcome: 'failed',
        status: 'pending',
        nextAttemptAt: new Date(Date.now() + 5_000),
      });
      return;
    }
    this.record(outcome);
  }

  private record(outcome: DeliveryOutcome): void {
    this.metrics.deliveries.inc({ outcome: outcome.outcome });
    this.writer.add(outcome);
  }

  private afterWrite(_outcomes: DeliveryOutcome[], disabled: EndpointDisabled[]): void {
    for (const endpoint of disabled) {
      this.disabled.add(endpoint.subscriptionId);
      this.logger.warn({
        msg: 'webhook endpoint disabled',
        subscriptionId: endpoint.subscriptionId,
        reason: endpoint.reason,
      });
    }
    if (disabled.length > 0) this.metrics.endpointsDisabled.set(this.disabled.size);
    this.wakeup.notify();
  }

  private async updateGauges(): Promise<void> {
    try {
      const [row] = await this.dataSource.query<{ pending: string; retrying: string }[]>(
        `SELECT count(*) AS pending, count(*) FILTER (WHERE attempts > 0) AS retrying
           FROM deliveries WHERE status = 'pending' AND mode = 'webhook'`,
      );
      this.metrics.pending.set(Number(row?.pending ?? 0));
      this.metrics.retryQueueDepth.set(Number(row?.retrying ?? 0));
      await this.refreshDisabled();
    } catch {
      // The next round tries again; readiness reports the database.
    }
  }
}

function toClaimed(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    recordId: row.record_id,
    agencyId: row.agency_id,
    topic: row.topic,
    recordKey: row.record_key,
    recordTime: row.record_time,
    schemaId: row.schema_id,
    body: row.body,
    headers: row.headers,
    attempts: row.attempts,
    replays: row.replays,
  };
}
