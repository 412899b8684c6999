import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type AuditInput, AuditLog } from '@app/audit';
import { type Principal } from '@app/auth';
import { AppError, deterministicUuid } from '@app/core';
import { DataSource } from '@app/persistence';
import { subscriberSubscription } from '../deliveries/subscriber-subscription';
import { decodePullCursor, encodePullCursor } from './pull-cursor';
import { PULL_MAX_WAIT_MS, PULL_OPTIONS, type PullOptions } from './pull-options';

export interface PulledRecords {
  /** Each in the webhook body's shape: id, topic, publisher, time, schemaId, schemaVersion, subscriptionId, key, data. */
  records: unknown[];
  /** Acknowledge these records with it; null when there were none. */
  cursor: string | null;
}

/**
 * The pull API over the dispatcher's staged deliveries: a long poll hands out the oldest visible records of a
 * pull subscription and hides them for the visibility timeout; an acknowledgement (by cursor) completes them;
 * unacknowledged ones become visible again. At-least-once: a record may come twice, with the same id.
 */
@Injectable()
export class PullService implements OnApplicationShutdown {
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(PULL_OPTIONS) private readonly options: PullOptions,
  ) {}

  onApplicationShutdown(): void {
    this.closing = true;
  }

  async pull(
    principal: Principal,
    subscriptionId: string,
    max: number,
    waitMs: number,
  ): Promise<PulledRecords> {
    const subscription = await subscriberSubscription(this.dataSource, principal, subscriptionId, false);
    if (subscription.deliveryMode !== 'pull') {
      throw AppError.conflict(
        `subscription ${subscriptionId} delivers by ${subscription.deliveryMode}, not pull`,
      );
    }
    if (subscription.status !== 'active' || subscription.expiresAt.getTime() <= Date.now()) {
      throw AppError.conflict(`subscription ${subscriptionId} is not active (${subscription.status})`);
    }
    const deadline = Date.now() + Math.min(waitMs, PULL_MAX_WAIT_MS);
    for (;;) {
      const token = randomUUID();
      const rows: { id: string; body: string }[] = await this.dataSource.query(
        `WITH picked AS (
           SELECT id FROM deliveries
            WHERE subscription_id = $1 AND mode = 'pull' AND status = 'pending'
              AND (invisible_until IS NULL OR invisible_until <= now())
            ORDER BY id LIMIT $2
            FOR UPDATE SKIP LOCKED
         ), leased AS (
         UPDATE deliveries d
            SET invisible_until = now() + ($3::int * interval '1 millisecond'), lease_token = $4,
                attempts = d.attempts + 1, last_attempt_at = now()
           FROM picked WHERE d.id = picked.id
         RETURNING d.id::text AS id, d.body
         )
         SELECT * FROM leased`,
        [subscriptionId, max, this.options.visibilityTimeoutMs, token],
      );
      if (rows.length > 0) {
        rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
        return {
          records: rows.map((row) => JSON.parse(row.body) as unknown),
          cursor: encodePullCursor(subscriptionId, token),
        };
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closing) return { records: [], cursor: null };
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.options.pollIntervalMs)));
    }
  }

  /** Completes the records of a cursor that are still unacknowledged; says how many. */
  async ack(principal: Principal, subscriptionId: string, cursor: string): Promise<{ acknowledged: number }> {
    const subscription = await subscriberSubscription(this.dataSource, principal, subscriptionId, false);
    const token = decodePullCursor(cursor, subscriptionId);
    return this.dataSource.transaction(async (tx) => {
      const rows: { record_id: string; topic: string; attempts: number; replays: number }[] = await tx.query(
        `WITH acked AS (
         UPDATE deliveries SET status = 'delivered', delivered_at = now(), invisible_until = NULL
          WHERE subscription_id = $1 AND lease_token = $2 AND status = 'pending' AND mode = 'pull'
         RETURNING record_id, topic, attempts, replays
         )
         SELECT * FROM acked`,
        [subscriptionId, token],
      );
      const entries: AuditInput[] = rows.map((row) => ({
        id: deterministicUuid(`record.pull_acknowledged:${row.record_id}:${subscriptionId}:${row.replays}`),
        actor: { type: 'agency', id: subscription.agencyId },
        action: 'record.pull_acknowledged',
        agencyId: subscription.agencyId,
        topic: row.topic,
        recordId: row.record_id,
        targetType: 'subscription',
        targetId: subscriptionId,
        details: { subscriptionId, attempts: row.attempts, status: 'delivered' },
      }));
      await this.audit.recordMany(entries, tx);
      return { acknowledged: rows.length };
    });
  }
}

/** `20s`, `500ms`, `20` (seconds) → milliseconds. */
export function parseWait(text: string | undefined): number {
  if (text === undefined) return 0;
  const match = /^(\d+)(ms|s)?$/.exec(text);
  if (!match) throw AppError.badRequest('wait must be a duration such as 20s or 500ms');
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : value * 1_000;
}
