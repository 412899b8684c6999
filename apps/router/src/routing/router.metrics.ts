import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/observability';
import { type Counter, type Gauge, type Histogram } from 'prom-client';

@Injectable()
export class RouterMetrics {
  readonly recordsIn: Counter<'topic'>;
  readonly deliveries: Counter<'topic'>;
  readonly deadLettered: Counter<'topic' | 'code'>;
  readonly filteredOut: Counter<'topic'>;
  readonly batchesAborted: Counter;
  readonly routingLatency: Histogram;
  readonly lag: Gauge<'topic' | 'partition'>;

  constructor(metrics: MetricsService) {
    this.recordsIn = metrics.counter(
      'penghubung_router_records_in_total',
      'Records consumed from data topics',
      ['topic'],
    );
    this.deliveries = metrics.counter(
      'penghubung_router_deliveries_total',
      'Projected records produced to delivery topics',
      ['topic'],
    );
    this.deadLettered = metrics.counter(
      'penghubung_router_dead_lettered_total',
      'Records sent to the dead-letter topic',
      ['topic', 'code'],
    );
    this.filteredOut = metrics.counter(
      'penghubung_router_filtered_out_total',
      'Record/subscription pairs a filter rejected',
      ['topic'],
    );
    this.batchesAborted = metrics.counter(
      'penghubung_router_batches_aborted_total',
      'Batches whose transaction was aborted and retried',
    );
    this.routingLatency = metrics.histogram(
      'penghubung_router_routing_latency_seconds',
      'From acceptance by the gateway (ce_time) to routing',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.lag = metrics.gauge(
      'penghubung_router_consumer_lag',
      'Records not yet routed, per data topic partition',
      ['topic', 'partition'],
    );
  }
}
