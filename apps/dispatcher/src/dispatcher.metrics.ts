import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/observability';
import { type Counter, type Gauge, type Histogram } from 'prom-client';

/** The dispatcher's own metrics, next to the process and HTTP ones every app has. */
@Injectable()
export class DispatcherMetrics {
  /** Records staged for webhook or pull delivery (or skipped: kafka-mode subscriptions, unknown ones). */
  readonly staged: Counter<'mode'>;
  /** Webhook attempts by outcome: delivered, failed, refused, gone, waiting, dead. */
  readonly deliveries: Counter<'outcome'>;
  readonly attemptSeconds: Histogram<'outcome'>;
  /** Webhook deliveries waiting for a retry (at least one failed attempt). */
  readonly retryQueueDepth: Gauge;
  /** Webhook deliveries not delivered yet, retries included. */
  readonly pending: Gauge;
  readonly endpointsDisabled: Gauge;
  readonly inFlight: Gauge;
  /** Settled outbox rows deleted after DELIVERY_RETENTION_MS, by the status they had. */
  readonly purged: Counter<'status'>;

  constructor(metrics: MetricsService) {
    this.staged = metrics.counter(
      'penghubung_dispatcher_staged_total',
      'Records staged for delivery, by mode',
      ['mode'],
    );
    this.deliveries = metrics.counter(
      'penghubung_dispatcher_webhook_attempts_total',
      'Webhook attempts by outcome (delivered, failed, refused, gone, waiting, dead)',
      ['outcome'],
    );
    this.attemptSeconds = metrics.histogram(
      'penghubung_dispatcher_webhook_attempt_seconds',
      'Duration of webhook attempts, by outcome',
      ['outcome'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    );
    this.retryQueueDepth = metrics.gauge(
      'penghubung_dispatcher_webhook_retry_queue_depth',
      'Webhook deliveries waiting for a retry',
    );
    this.pending = metrics.gauge(
      'penghubung_dispatcher_webhook_pending',
      'Webhook deliveries not delivered yet',
    );
    this.endpointsDisabled = metrics.gauge(
      'penghubung_dispatcher_webhook_endpoints_disabled',
      'Webhook endpoints disabled after failing continuously',
    );
    this.inFlight = metrics.gauge('penghubung_dispatcher_webhook_in_flight', 'Webhook requests in flight');
    this.purged = metrics.counter(
      'penghubung_dispatcher_deliveries_purged_total',
      'Settled deliveries (delivered, dead, cancelled) deleted from the outbox after their retention',
      ['status'],
    );
  }
}
