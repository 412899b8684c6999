import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from '@app/persistence';
import { DispatcherMetrics } from '../dispatcher.metrics';

export const DELIVERY_PURGE_OPTIONS = Symbol('DELIVERY_PURGE_OPTIONS');

export interface DeliveryPurgeOptions {
  /** Settled rows (delivered, dead, cancelled) older than this are deleted. */
  retentionMs: number;
  /** How often to look; 0 turns purging off for this instance. */
  intervalMs: number;
  /** Rows deleted per statement: each batch is its own short transaction. */
  batchSize: number;
}

export interface PurgeResult {
  /** Rows deleted, by the status they had. */
  deleted: Record<string, number>;
  /** Statements run (the last one found fewer than a batch). */
  batches: number;
}

/**
 * Deletes outbox rows that settled (delivered, dead-lettered or cancelled) more than DELIVERY_RETENTION_MS
 * ago, with their attempts, in batches of DELIVERY_PURGE_BATCH: one short statement per batch, rows taken
 * with SKIP LOCKED, so a purge never holds many locks or waits for the workers, and several instances may
 * purge at once. Pending rows are never touched, however old. What a purged row said stays in the audit
 * log (`records.webhook_delivered` per batch, `record.webhook_dead_lettered`, `record.pull_acknowledged`).
 */
@Injectable()
export class DeliveryPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryPurgeService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<PurgeResult>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: DispatcherMetrics,
    @Inject(DELIVERY_PURGE_OPTIONS) private readonly options: DeliveryPurgeOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalMs === 0) return;
    this.timer = setInterval(() => void this.purgeInBackground(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes every row settled before `now - retention`, batch by batch. */
  async purge(now: Date = new Date()): Promise<PurgeResult> {
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    const result: PurgeResult = { deleted: {}, batches: 0 };
    for (;;) {
      const rows = await this.dataSource.query<{ status: string; count: string }[]>(
        `WITH doomed AS (
           SELECT id FROM deliveries
            WHERE status <> 'pending' AND settled_at < $1
            ORDER BY settled_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
         ), deleted AS (
           DELETE FROM deliveries d USING doomed WHERE d.id = doomed.id RETURNING d.status
         )
         SELECT status, count(*) AS count FROM deleted GROUP BY status`,
        [cutoff, this.options.batchSize],
      );
      result.batches++;
      let inBatch = 0;
      for (const row of rows) {
        const count = Number(row.count);
        inBatch += count;
        result.deleted[row.status] = (result.deleted[row.status] ?? 0) + count;
        this.metrics.purged.inc({ status: row.status }, count);
      }
      if (inBatch < this.options.batchSize || this.stopped) return result;
    }
  }

  private purgeInBackground(): void {
    if (this.running) return;
    this.running = this.purge();
    this.running
      .then((result) => {
        const total = Object.values(result.deleted).reduce((sum, count) => sum + count, 0);
        if (total > 0) {
          this.logger.log({
            msg: 'purged settled deliveries',
            deleted: result.deleted,
            batches: result.batches,
          });
        }
      })
      .catch((error: unknown) =>
        // PostgreSQL away: the next round tries again; nothing is lost by purging later.
        this.logger.warn({
          msg: 'purging settled deliveries failed; trying again at the next round',
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
